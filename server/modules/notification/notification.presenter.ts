import type { Selectable } from 'kysely';
import type { NotificationBreachTable, NotificationReviewTable } from '../../db/schema.ts';
import type { ClockFacts } from './notification.repository.ts';
import { BREACH_DUTIES, CHANGE_KINDS, DISPOSAL_KINDS, nameOf, NOTIFICATION_KINDS, SPELL_KINDS, londonInstant, TERM_RUNS, TRAVEL_DESTINATIONS } from './notification.schemas.ts';
import type { ClockResult, ClockWarning, Duty, IsoDate, WarningCode } from './notification.types.ts';

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
  if (duty.duty === 'travel') return 'Notification of foreign travel (none given)';
  if (duty.changeKind === 'non-occurrence') return 'Notification that a change notified in advance did not happen';
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

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A custodial term as the court gave it: "18 months", "28 weeks", "90 days". */
export function termLengthText(t: { sentence_months: number | null; sentence_days?: number | null; sentence_unit?: string | null }): string {
  if (t.sentence_months !== null) return plural(t.sentence_months, 'month');
  if (t.sentence_days == null) return '';
  return t.sentence_unit === 'weeks' ? plural(t.sentence_days / 7, 'week') : plural(t.sentence_days, 'day');
}

/** One term named for a choice or a heading: "Imprisonment of 18 months, relevant date 10 January 2025". */
export function termText(t: { relevant_date: string; sentenced_on?: string | null; sentence_months: number | null; sentence_days?: number | null; sentence_unit?: string | null }): string {
  const length = termLengthText(t);
  return `Imprisonment${length ? ` of ${length}` : ' (term not recorded)'}, relevant date ${dayText(t.relevant_date)}${t.sentenced_on ? `, sentenced on ${dayText(t.sentenced_on)}` : ''}`;
}

/** What each warning asks the officer to do, in plain words: the section is shown beside it. */
export const WARNING_TEXT: Record<WarningCode, string> = {
  'term-missing': 'The length of a custodial term is not recorded, so the period is shown as indefinite. Record the term.',
  'discharge-period-missing': 'The period of a conditional discharge is not recorded, so it is read as 3 years, the longest a court can order. Record the period.',
  'terms-unanswered':
    'Terms of imprisonment imposed on the same day have no answer on how they run, so they are added together as if consecutive and the period may be longer than the law gives. For each term, record whether it runs concurrently, consecutively or partly concurrently with the other.',
  'runs-with-unknown': 'A term is recorded as running with a disposal that is not a term of imprisonment on this record (it may have been removed). Remove it and record it again with the right term.',
  'overlap-too-long': 'Partly concurrent terms are recorded as overlapping by as much as a whole term, which cannot be, so the overlap is not taken off. Check the overlap and record the disposal again.',
  'term-near-threshold':
    'A term given in weeks or days is within 3 days of 6 or 30 months, so the period depends on counting it against the calendar from the date of sentence. Check the date of sentence and the term with the court record.',
  'custody-not-recorded':
    'No time in custody or in hospital is recorded for the sentence that makes notification indefinite, so the date from which a review may be applied for cannot be worked out: it runs from the first notification after release. Record the time in custody or hospital.',
};

function warningOf(w: ClockWarning, facts: ClockFacts) {
  const about = w.ids.map((id) => facts.disposals.find((d) => d.id === id)).filter((d) => d !== undefined);
  return {
    code: w.code,
    text: WARNING_TEXT[w.code],
    section: w.section,
    about: about.map((d) => (d.kind === 'imprisonment' ? termText(d) : `${nameOf(DISPOSAL_KINDS, d.kind)}, relevant date ${dayText(d.relevant_date)}`)).join('; '),
  };
}

/** "18 months, consecutive with the term of 10 January 2025", for the disposals table. */
function disposalLength(d: ClockFacts['disposals'][number], facts: ClockFacts): string {
  if (d.kind === 'conditional-discharge') return d.discharge_months !== null ? plural(d.discharge_months, 'month') : '';
  if (d.kind !== 'imprisonment') return '';
  const other = d.runs_with ? facts.disposals.find((x) => x.id === d.runs_with) : undefined;
  const runs = d.runs ? nameOf(TERM_RUNS, d.runs).replace(/^.*\((.*)\)$/, '$1') : '';
  const overlap = d.runs === 'partly-concurrent' && d.overlap_length ? `, overlapping by ${plural(d.overlap_length, (d.overlap_unit ?? 'month').replace(/s$/, ''))}` : '';
  return `${termLengthText(d) || 'Term not recorded'}${runs ? `, ${runs} with the term of ${other ? dayText(other.relevant_date) : 'a removed disposal'}${overlap}` : ''}`;
}

/** Why the daily job changed a record's period or review date (notification.recompute.changes.ts), in words. */
export const CHANGE_REASON_TEXT: Record<string, string> = {
  'not-subject': 'No disposal recorded makes the person subject: an absolute discharge, or an offence recorded as not in Schedule 3 (s.80, s.134).',
  'terms-unanswered': 'Terms imposed on the same day have no answer on how they run, so they are added together as if consecutive until it is recorded (s.82(3)-(4)).',
  'terms-added': 'Consecutive or partly concurrent terms for Schedule 3 offences are added together (s.82(3)-(4)).',
  'term-in-days': 'A term given in weeks or days is set against calendar months from the date of sentence (s.82(1)).',
  'period-reading': 'The notification period is now read from the Act as ADR 0014 sets out (s.82): check the disposals on the record.',
  'custody-not-recorded': 'No custody or hospital is recorded for the indefinite sentence: the review date runs from the first notification after release and cannot be worked out until it is (s.91B(2)).',
  'not-released': 'The person is still in custody or hospital: the review date runs from the first notification after release (s.91B(2)).',
  'no-relevant-notification': 'The first notification after release is not recorded: the date is the earliest it can be, and no application can be taken until it is (s.91B(2)).',
  'relevant-notification': 'The review date now runs from the first notification after release from custody, not from the first notification ever made (s.91B(2)).',
  'period-changed': 'The notification period changed (see the period change for this record).',
};

/** A stored period or review value ('indefinite', an ISO date, 'none') in words. */
export function changedValueText(field: string, value: string): string {
  if (field === 'period') return value === 'indefinite' ? 'Indefinite' : value === 'none' ? 'Not subject' : `Ending on ${dayText(value)}`;
  return value === 'none' ? 'No date' : `From ${dayText(value)}`;
}

export const CHANGED_FIELD_TEXT: Record<string, string> = { period: 'Notification period', review: 'Review may be applied for' };

const TRAVEL_SOURCE = 'Travel Notification Requirements Regulations 2004, as amended in 2012';
/** How each trip's deadline is counted, and where the rule is (ADR 0014 points 14 and 23). */
function travelReading(rule: string, counting: string): string {
  const byDate = counting === 'date-of-departure';
  switch (rule) {
    case 'seven-days':
      return byDate
        ? `Details known 7 days before: not less than 7 days before the date of departure, so by the end of the day 7 days before it (${TRAVEL_SOURCE})`
        : `Details known 7 days before: 7 times 24 hours before the time of departure (set to count from the time; ${TRAVEL_SOURCE})`;
    case 'short-notice':
      return byDate
        ? `Details not known 7 days before: not less than 12 hours before the date of departure, so by noon the day before, UK time (${TRAVEL_SOURCE})`
        : `Details not known 7 days before: 12 hours before the time of departure (set to count from the time; ${TRAVEL_SOURCE})`;
    case 'not-foreign':
      return 'Northern Ireland is in the United Kingdom: not foreign travel, no notice needed (s.86(1))';
    case 'not-required':
      return 'Set as needing no notice for this destination';
    default:
      return `Time abroad recorded with no trip notified: notice was due by the end of the day 7 days before leaving (s.86(1); ${TRAVEL_SOURCE})`;
  }
}

function travelTag(rule: string, compliant: boolean) {
  if (rule === 'not-foreign' || rule === 'not-required') return { text: 'No notice needed', classes: 'govuk-tag--grey' };
  if (rule === 'not-notified') return { text: 'Not notified', classes: 'govuk-tag--red' };
  return compliant ? { text: 'In time', classes: 'govuk-tag--green' } : { text: 'Late', classes: 'govuk-tag--red' };
}

const BLOCKED: Record<string, string> = {
  'not-indefinite': 'Review applies only to indefinite notification.',
  'not-yet': 'The person cannot apply yet.',
  shpo: 'A sexual harm prevention order is in force: no application can be made while it lasts.',
  'custody-not-recorded': 'No time in custody or in hospital is recorded for the sentence: the date runs from the first notification after release (s.91B). Record it.',
  'not-released': 'The person has not been released: the date runs from the first notification after release (s.91B).',
  'no-relevant-notification': 'That is the earliest date: the first notification after release is not recorded, and the 15 years run from it (s.91B). Record it.',
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
    // s.82(4): the governing term read as the terms added together.
    aggregate: clock.period?.aggregate
      ? `${clock.period.aggregate.disposalIds.length} terms added together (s.82(3) and (4)): ${[
          clock.period.aggregate.months ? plural(clock.period.aggregate.months, 'month') : '',
          clock.period.aggregate.days ? plural(clock.period.aggregate.days, 'day') : '',
        ]
          .filter(Boolean)
          .join(' and ')}`
      : '',
    warnings: clock.warnings.map((w) => warningOf(w, facts)),
    notifiable: facts.disposals.some((d) => d.kind !== 'absolute-discharge' && d.schedule3 !== false),
    initial: initial ? { dueBy: dayText(initial.dueBy), metOn: dayText(initial.metOn), tag: dutyTag(initial, asOf) } : null,
    nextPeriodicBy: dayText(clock.nextPeriodicBy),
    overdue: clock.overdue.map((d) => ({ name: dutyName(d), dueBy: dayText(d.dueBy), section: d.section })),
    duties: clock.duties.map((d) => ({ name: dutyName(d), section: d.section, triggeredOn: dayText(d.triggeredOn), dueBy: dayText(d.dueBy), metOn: dayText(d.metOn), tag: dutyTag(d, asOf) })),
    travel: [
      ...clock.travel.map((t) => {
        const e = facts.events.find((x) => x.id === t.eventId);
        return {
          notifiedAt: instantText(e?.notified_at),
          departure: instantText(e?.departure_at),
          destination: nameOf(TRAVEL_DESTINATIONS, e?.destination ?? 'other-country'),
          requiredBy: t.requiredBy ? instantText(t.requiredBy) : 'None needed',
          reading: travelReading(t.rule, t.counting),
          tag: travelTag(t.rule, t.compliant),
        };
      }),
      // s.86(1): time abroad with no trip notified.
      ...clock.duties
        .filter((d) => d.duty === 'travel')
        .map((d) => {
          const e = facts.events.find((x) => x.id === d.triggerId);
          return { notifiedAt: 'Not notified', departure: dayText(e?.from_date), destination: 'Not known (time abroad recorded)', requiredBy: `By the end of ${dayText(d.dueBy)}`, reading: travelReading('not-notified', ''), tag: travelTag('not-notified', false) };
        }),
    ],
    review: clock.period?.kind === 'indefinite' ? { eligibleFrom: dayText(clock.review.eligibleFrom), blocked: clock.review.blockedBy ? BLOCKED[clock.review.blockedBy] : '', canApply: clock.review.blockedBy === null || clock.review.blockedBy === 'not-yet' } : null,
    disposals: facts.disposals.map((d) => ({
      id: d.id,
      kind: `${nameOf(DISPOSAL_KINDS, d.kind)}${d.schedule3 === false ? ' (offence not in Schedule 3: does not count)' : ''}`,
      relevantDate: dayText(d.relevant_date),
      length: disposalLength(d, facts),
      court: d.court,
      governing: d.id === governing?.id,
      // A term with no answer on how it runs, where there is another term it could run with.
      canRecordRuns: d.kind === 'imprisonment' && !d.runs && facts.disposals.filter((x) => x.kind === 'imprisonment').length > 1,
    })),
    notifications: events('notification').map((e) => ({
      id: e.id,
      kind: `${nameOf(NOTIFICATION_KINDS, e.kind)}${e.expected_on ? `, given in advance: expected on ${dayText(e.expected_on)}` : ''}`,
      date: dayText(e.on_date),
      place: e.place,
      takenBy: e.taken_by,
      recordedBy: names.get(e.recorded_by ?? '') ?? '',
    })),
    changes: events('change').map((e) => ({ id: e.id, kind: nameOf(CHANGE_KINDS, e.kind), date: dayText(e.on_date) })),
    spells: [...events('spell'), ...events('no-fixed-address'), ...events('stay')].map((e) => ({
      id: e.id,
      kind: e.type === 'no-fixed-address' ? 'No fixed address' : e.type === 'stay' ? `Stay at ${e.premises ?? ''}` : nameOf(SPELL_KINDS, e.kind),
      from: dayText(e.from_date),
      to: e.to_date ? dayText(e.to_date) : 'Not ended',
      open: !e.to_date,
    })),
    orders: events('shpo').map((e) => ({ id: e.id, from: dayText(e.from_date), to: e.to_date ? dayText(e.to_date) : 'No end date', open: !e.to_date })),
    breaches: breaches.map((b) => ({ duty: nameOf(BREACH_DUTIES, b.duty), provenOn: dayText(b.proven_on), recordedAt: instantText(b.recorded_at), recordedBy: names.get(b.recorded_by ?? '') ?? '', ...breachTiming(b.proven_on, b.recorded_at) })),
    reviews: facts.reviews.map((r) => ({ id: r.id, appliedOn: dayText(r.applied_on), stage: reviewStage(r), nextEligibleOn: dayText(r.next_eligible_on) })),
  };
}
