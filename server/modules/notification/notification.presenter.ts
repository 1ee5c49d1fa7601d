import type { Selectable } from 'kysely';
import type { NotificationBreachTable, NotificationReviewTable } from '../../db/schema.ts';
import type { ClockFacts } from './notification.repository.ts';
import { BREACH_DUTIES, CHANGE_KINDS, DISPOSAL_KINDS, nameOf, NOTIFICATION_KINDS, SPELL_KINDS, londonInstant } from './notification.schemas.ts';
import type { ClockResult, Duty, IsoDate } from './notification.types.ts';

/** "10 January 2026": calendar dates are UK dates already, so they are printed as they are. */
export function dayText(iso: IsoDate | string | Date | null | undefined): string {
  if (!iso) return '';
  const s = typeof iso === 'string' ? iso.slice(0, 10) : iso.toISOString().slice(0, 10);
  return new Date(`${s}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "14:30 on 3 May 2026", UK time. */
export function instantText(at: Date | string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return `${d.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })} on ${d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })}`;
}

const daysBetween = (from: IsoDate, to: IsoDate) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Within this many days of its last day, an open duty is "due soon". */
export const DUE_SOON_DAYS = 7;

export function dutyTag(duty: Pick<Duty, 'status' | 'dueBy'>, asOf: IsoDate): { text: string; classes: string } {
  switch (duty.status) {
    case 'overdue':
      return { text: 'Overdue', classes: 'govuk-tag--red' };
    case 'late':
      return { text: 'Late', classes: 'govuk-tag--orange' };
    case 'met':
      return { text: 'Met', classes: 'govuk-tag--green' };
    default:
      return daysBetween(asOf, duty.dueBy) <= DUE_SOON_DAYS ? { text: 'Due soon', classes: 'govuk-tag--yellow' } : { text: 'Due', classes: 'govuk-tag--blue' };
  }
}

export function dutyName(duty: Pick<Duty, 'duty' | 'changeKind'>): string {
  if (duty.duty === 'initial') return 'Initial notification';
  if (duty.duty === 'periodic') return 'Periodic notification';
  return `Notification of a change: ${nameOf(CHANGE_KINDS, duty.changeKind).toLowerCase() || 'change'}`;
}

/**
 * The 24-hour recording target for a breach, counted from the start of the day it was proven
 * (UK time): the date is all that is known of when it was proven.
 */
export function breachTiming(provenOn: IsoDate, recordedAt: Date | string): { withinTarget: boolean; text: string } {
  const hours = (new Date(recordedAt).getTime() - londonInstant(provenOn.slice(0, 10), '00:00').getTime()) / 3_600_000;
  if (hours <= 24) return { withinTarget: true, text: 'Recorded within 24 hours' };
  return { withinTarget: false, text: `Recorded after ${Math.floor(hours)} hours` };
}

export function reviewStage(r: Pick<Selectable<NotificationReviewTable>, 'acknowledged_on' | 'outcome' | 'appeal_lodged_on' | 'appeal_outcome'>): string {
  if (r.appeal_outcome) return r.appeal_outcome === 'allowed' ? 'Appeal allowed: notification ended' : 'Appeal dismissed';
  if (r.appeal_lodged_on) return 'Appeal lodged';
  if (r.outcome) return r.outcome === 'discharged' ? 'Discharged: notification ended' : 'Refused';
  if (r.acknowledged_on) return 'Acknowledged, waiting for a decision';
  return 'Received, not yet acknowledged';
}

const BLOCKED: Record<string, string> = {
  'not-indefinite': 'Review applies only to indefinite notification.',
  'not-yet': 'The person cannot apply yet.',
  shpo: 'A sexual harm prevention order is in force: no application can be made while it lasts.',
};

/** Everything the clock page shows, worked out here so the template only lays it out. */
export function clockPage(asOf: IsoDate, clock: ClockResult, facts: ClockFacts, breaches: Selectable<NotificationBreachTable>[], names: Map<string, string>) {
  const governing = clock.period ? facts.disposals.find((d) => d.id === clock.period!.governingDisposalId) : undefined;
  const initial = clock.duties.find((d) => d.duty === 'initial');
  const events = (type: string) => facts.events.filter((e) => e.type === type);
  return {
    asOf: dayText(asOf),
    subject: clock.subject,
    period: clock.period
      ? {
          text:
            clock.period.kind === 'indefinite'
              ? `Indefinite${clock.period.dischargedOn ? `, discharged on review on ${dayText(clock.period.dischargedOn)}` : ''}`
              : `${clock.period.months % 12 === 0 ? `${clock.period.months / 12} years` : `${clock.period.months} months`}, ending on ${dayText(clock.period.endsOn)}`,
          indefinite: clock.period.kind === 'indefinite',
          ended: clock.ended,
        }
      : null,
    governing: governing ? `${nameOf(DISPOSAL_KINDS, governing.kind)}, ${dayText(governing.relevant_date)}` : '',
    initial: initial ? { dueBy: dayText(initial.dueBy), metOn: dayText(initial.metOn), tag: dutyTag(initial, asOf) } : null,
    nextPeriodicBy: dayText(clock.nextPeriodicBy),
    overdue: clock.overdue.map((d) => ({ name: dutyName(d), dueBy: dayText(d.dueBy), section: d.section })),
    duties: clock.duties.map((d) => ({ name: dutyName(d), section: d.section, triggeredOn: dayText(d.triggeredOn), dueBy: dayText(d.dueBy), metOn: dayText(d.metOn), tag: dutyTag(d, asOf) })),
    travel: clock.travel.map((t) => {
      const e = facts.events.find((x) => x.id === t.eventId);
      return { notifiedAt: instantText(e?.notified_at), departure: instantText(e?.departure_at), requiredBy: instantText(t.requiredBy), knownEarlier: e?.details_known_earlier ? 'Yes' : 'No', compliant: t.compliant };
    }),
    review: clock.period?.kind === 'indefinite' ? { eligibleFrom: dayText(clock.review.eligibleFrom), blocked: clock.review.blockedBy ? BLOCKED[clock.review.blockedBy] : '', canApply: clock.review.blockedBy === null || clock.review.blockedBy === 'not-yet' } : null,
    disposals: facts.disposals.map((d) => ({
      id: d.id,
      kind: nameOf(DISPOSAL_KINDS, d.kind),
      relevantDate: dayText(d.relevant_date),
      length: d.sentence_months !== null ? `${d.sentence_months} months` : d.discharge_months !== null ? `${d.discharge_months} months` : '',
      court: d.court,
      governing: d.id === governing?.id,
    })),
    notifications: events('notification').map((e) => ({ id: e.id, kind: nameOf(NOTIFICATION_KINDS, e.kind), date: dayText(e.on_date), place: e.place, takenBy: e.taken_by, recordedBy: names.get(e.recorded_by ?? '') ?? '' })),
    changes: events('change').map((e) => ({ id: e.id, kind: nameOf(CHANGE_KINDS, e.kind), date: dayText(e.on_date) })),
    spells: [...events('spell'), ...events('no-fixed-address')].map((e) => ({
      id: e.id,
      kind: e.type === 'no-fixed-address' ? 'No fixed address' : nameOf(SPELL_KINDS, e.kind),
      from: dayText(e.from_date),
      to: e.to_date ? dayText(e.to_date) : 'Not ended',
      open: !e.to_date,
    })),
    orders: events('shpo').map((e) => ({ id: e.id, from: dayText(e.from_date), to: e.to_date ? dayText(e.to_date) : 'No end date', open: !e.to_date })),
    breaches: breaches.map((b) => ({ duty: nameOf(BREACH_DUTIES, b.duty), provenOn: dayText(b.proven_on), recordedAt: instantText(b.recorded_at), recordedBy: names.get(b.recorded_by ?? '') ?? '', ...breachTiming(b.proven_on, b.recorded_at) })),
    reviews: facts.reviews.map((r) => ({ id: r.id, appliedOn: dayText(r.applied_on), stage: reviewStage(r), nextEligibleOn: dayText(r.next_eligible_on) })),
  };
}
