import type { Selectable } from 'kysely';
import type { NotificationDisposalTable, NotificationEventTable, NotificationReviewTable } from '../../db/schema.ts';
import type { ClockEvent, ClockInput, Disposal, IsoDate, NotificationKind } from './notification.types.ts';

type ChangeKind = Extract<ClockEvent, { type: 'change' }>['kind'];

/**
 * From the rows the register keeps to what the clock reads. Pure, so the record page, the
 * work lists and the daily job give the same dates from the same rows. Rows marked removed
 * (recorded in error) are left out here, so callers may pass them or not.
 */

export type DisposalRow = Pick<
  Selectable<NotificationDisposalTable>,
  'id' | 'kind' | 'relevant_date' | 'sentence_months' | 'discharge_months' | 'removed_at'
> &
  // Migration 0035's columns: absent from rows made before it, and from tests that do not need them.
  Partial<Pick<Selectable<NotificationDisposalTable>, 'sentence_days' | 'sentenced_on' | 'schedule3' | 'runs' | 'runs_with' | 'overlap_length' | 'overlap_unit'>>;
export type EventRow = Pick<
  Selectable<NotificationEventTable>,
  'id' | 'type' | 'kind' | 'on_date' | 'from_date' | 'to_date' | 'notified_at' | 'departure_at' | 'details_known_earlier' | 'removed_at'
> &
  // Migrations 0036, 0038 and 0039's columns: absent from tests that do not need them.
  Partial<Pick<Selectable<NotificationEventTable>, 'expected_on' | 'premises' | 'destination'>>;
export type ReviewRow = Pick<
  Selectable<NotificationReviewTable>,
  'id' | 'outcome' | 'decided_on' | 'appeal_outcome' | 'appeal_decided_on'
>;

/** The pg driver gives DATE columns as strings; a Date can still arrive from other drivers or tests. */
function isoDate(value: string | Date | null): IsoDate | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function isoDateTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}

const DAYS_IN = { weeks: 7, days: 1 } as const;

export function toDisposal(row: DisposalRow): Disposal {
  const disposal: Disposal = { id: row.id, kind: row.kind, relevantDate: isoDate(row.relevant_date)! };
  if (row.sentence_months !== null) disposal.sentenceMonths = row.sentence_months;
  if (row.sentence_days != null) disposal.sentenceDays = row.sentence_days;
  if (row.discharge_months !== null) disposal.dischargeMonths = row.discharge_months;
  if (row.sentenced_on != null) disposal.sentencedOn = isoDate(row.sentenced_on)!;
  if (row.schedule3 != null) disposal.schedule3 = row.schedule3;
  if (row.runs != null && row.runs_with != null) {
    disposal.runs = row.runs;
    disposal.runsWith = row.runs_with;
    if (row.overlap_length != null && row.overlap_unit != null) {
      if (row.overlap_unit === 'months') disposal.overlapMonths = row.overlap_length;
      else disposal.overlapDays = row.overlap_length * DAYS_IN[row.overlap_unit];
    }
  }
  return disposal;
}

const SPELL_KINDS = new Set(['custody', 'hospital', 'abroad']);
const CHANGE_KINDS = new Set(['change-of-name', 'change-of-address', 'qualifying-stay', 'household-with-child', 'bank-account', 'payment-card', 'identity-document']);

/** One event row as the clock sees it; null for a row that does not make sense to the clock (skipped, not guessed). */
export function toClockEvent(row: EventRow): ClockEvent | null {
  const on = isoDate(row.on_date);
  const from = isoDate(row.from_date);
  const to = isoDate(row.to_date);
  switch (row.type) {
    case 'notification': {
      if (!on || !row.kind) return null;
      const expected = isoDate(row.expected_on ?? null);
      // s.84(2): given before the change, with the date the person said it is expected.
      return expected ? { type: 'notification', id: row.id, kind: row.kind as NotificationKind, date: on, expectedOn: expected } : { type: 'notification', id: row.id, kind: row.kind as NotificationKind, date: on };
    }
    case 'change':
      return on && row.kind && CHANGE_KINDS.has(row.kind) ? { type: 'change', id: row.id, kind: row.kind as ChangeKind, date: on } : null;
    case 'spell':
      return from && row.kind && SPELL_KINDS.has(row.kind) ? { type: 'spell', id: row.id, kind: row.kind as 'custody' | 'hospital' | 'abroad', from, to } : null;
    case 'no-fixed-address':
      return from ? { type: 'no-fixed-address', id: row.id, from, to } : null;
    case 'stay':
      return from && row.premises ? { type: 'stay', id: row.id, premises: row.premises, from, to } : null;
    case 'shpo':
      return from ? { type: 'shpo', id: row.id, from, to } : null;
    case 'travel': {
      const notifiedAt = isoDateTime(row.notified_at);
      const departure = isoDateTime(row.departure_at);
      if (!notifiedAt || !departure) return null;
      const trip: ClockEvent = { type: 'travel', id: row.id, notifiedAt, departure, detailsKnownEarlier: row.details_known_earlier ?? false };
      // Rows recorded before destinations were asked are travel to another country.
      if (row.destination != null && row.destination !== 'other-country') trip.destination = row.destination;
      return trip;
    }
    case 'review-decision':
      return on && (row.kind === 'discharged' || row.kind === 'refused') ? { type: 'review-decision', id: row.id, date: on, outcome: row.kind } : null;
    default:
      return null;
  }
}

/**
 * A decided review is one 'review-decision' event. A refusal overturned on appeal ('allowed')
 * counts as a discharge on the day the court decided the appeal: that is when the duty ends.
 * A dismissed appeal leaves the refusal on its own date, so the next eligible date runs from it.
 */
export function reviewDecision(row: ReviewRow): ClockEvent | null {
  const decided = isoDate(row.decided_on);
  if (!row.outcome || !decided) return null;
  const appealDecided = isoDate(row.appeal_decided_on);
  if (row.outcome === 'refused' && row.appeal_outcome === 'allowed' && appealDecided) {
    return { type: 'review-decision', id: row.id, date: appealDecided, outcome: 'discharged' };
  }
  return { type: 'review-decision', id: row.id, date: decided, outcome: row.outcome };
}

/** Everything the clock needs for one nominal. */
export function toClockInput(
  dateOfBirth: string | Date | null,
  disposals: readonly DisposalRow[],
  events: readonly EventRow[],
  reviews: readonly ReviewRow[],
  asOf: IsoDate,
): ClockInput {
  const clockEvents: ClockEvent[] = [];
  for (const row of events) {
    if (row.removed_at) continue;
    const event = toClockEvent(row);
    if (event) clockEvents.push(event);
  }
  for (const row of reviews) {
    const event = reviewDecision(row);
    if (event) clockEvents.push(event);
  }
  return {
    dateOfBirth: isoDate(dateOfBirth),
    disposals: disposals.filter((d) => !d.removed_at).map(toDisposal),
    events: clockEvents,
    asOf,
  };
}
