/**
 * What the daily recompute tells a record's managing officer: the notification period or the
 * date from which a review may be applied for, where what the clock gives today differs from
 * what was stored, with the reason as a code (the pages put it into words). Pure.
 */
import type { DisposalRow } from './notification.facts.ts';
import type { StatusRows } from './notification.status.ts';
import type { ClockResult } from './notification.types.ts';

type Tuple = (string | number | boolean | null)[];

export interface DateChange {
  nominalId: string;
  field: 'period' | 'review';
  oldValue: string;
  newValue: string;
  reason: ChangeReason;
}

export type ChangeReason =
  | 'not-subject' // no disposal makes the person subject (absolute discharge, not in Schedule 3)
  | 'terms-unanswered' // same-day terms with no answer, read as consecutive (s.82(3)-(4))
  | 'terms-added' // terms added together (s.82(3)-(4))
  | 'term-in-days' // a term in weeks or days against calendar months (s.82(1))
  | 'period-reading' // the clock's reading of s.82 otherwise
  | 'custody-not-recorded' // no custody for the indefinite sentence (s.91B(2))
  | 'not-released' // still inside (s.91B(2))
  | 'no-relevant-notification' // the first notification after release not recorded (s.91B(2))
  | 'relevant-notification' // now from the first notification after release (s.91B(2))
  | 'period-changed'; // the review date follows a changed period

// Positions in the stored status tuple (notification.recompute.repository.ts reads them in this order).
const KIND = 0;
const ENDS = 1;
const REVIEW = 6;

const periodValue = (kind: unknown, ends: unknown): string => (kind === 'indefinite' ? 'indefinite' : kind === 'fixed' && typeof ends === 'string' ? ends : 'none');
const reviewValue = (from: unknown): string => (typeof from === 'string' ? from : 'none');

function periodReason(result: ClockResult, disposals: readonly DisposalRow[]): ChangeReason {
  if (!result.period) return 'not-subject';
  if (result.warnings.some((w) => w.code === 'terms-unanswered')) return 'terms-unanswered';
  if (result.period.aggregate) return 'terms-added';
  const governing = disposals.find((d) => d.id === result.period!.governingDisposalId);
  if (governing?.sentence_days != null) return 'term-in-days';
  return 'period-reading';
}

function reviewReason(result: ClockResult, periodChanged: boolean): ChangeReason {
  const blocked = result.review.blockedBy;
  if (blocked === 'custody-not-recorded' || blocked === 'not-released' || blocked === 'no-relevant-notification') return blocked;
  return periodChanged ? 'period-changed' : 'relevant-notification';
}

/**
 * The changes between what is stored for a record and what the clock gives now. A record with
 * nothing stored is new to the clock, not changed: nothing is listed for it.
 */
export function dateChanges(stored: Tuple | null, rows: StatusRows, result: ClockResult, disposals: readonly DisposalRow[]): DateChange[] {
  if (!stored) return [];
  const s = rows.status;
  const changes: DateChange[] = [];
  const oldPeriod = periodValue(stored[KIND], stored[ENDS]);
  const newPeriod = periodValue(s?.period_kind, s?.period_ends_on);
  if (oldPeriod !== newPeriod) changes.push({ nominalId: rows.nominalId, field: 'period', oldValue: oldPeriod, newValue: newPeriod, reason: periodReason(result, disposals) });
  const oldReview = reviewValue(stored[REVIEW]);
  const newReview = reviewValue(s?.review_eligible_from);
  if (oldReview !== newReview) changes.push({ nominalId: rows.nominalId, field: 'review', oldValue: oldReview, newValue: newReview, reason: reviewReason(result, oldPeriod !== newPeriod) });
  return changes;
}
