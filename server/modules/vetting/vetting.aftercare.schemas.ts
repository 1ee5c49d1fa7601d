import type { FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { bodyOf, dateBoxes, fail } from './vetting.appeal.schemas.ts';
import type { ReportKind } from './vetting.aftercare.repository.ts';

export const REPORT_KINDS: readonly ReportKind[] = ['name', 'address', 'partner-or-co-resident', 'financial', 'arrest-or-charge', 'relative-criminal', 'other'];
export const REPORT_KIND_NAMES: Record<ReportKind, string> = {
  name: 'Change of name',
  address: 'Change of address',
  'partner-or-co-resident': 'New partner, or someone over 10 living with you',
  financial: 'Financial difficulty (for example a county court judgment)',
  'arrest-or-charge': 'Arrest, charge or other police contact about you',
  'relative-criminal': "A relative's or associate's criminal involvement",
  other: 'Something else',
};
export const REVIEW_OUTCOMES = ['no-action', 'review-clearance'] as const;
export const REVIEW_OUTCOME_NAMES: Record<(typeof REVIEW_OUTCOMES)[number], string> = { 'no-action': 'No action needed', 'review-clearance': 'Review the clearance' };
export const TASK_KIND_NAMES = { 'annual-review': 'Annual review (NPPV3)', 'random-revet': 'Random re-vetting' } as const;

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

function required(body: Record<string, unknown>, errors: FieldError[], name: string, missing: string, label: string, max = 5000): string {
  const v = text(body, name);
  if (!v) errors.push({ field: name, message: missing });
  else if (v.length > max) errors.push({ field: name, message: `${label} must be ${max} characters or fewer` });
  return v;
}

/** A change of circumstances: what kind, when it happened (not in the future), and what happened. */
export function parseReport(input: unknown, now: Date) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const kind = body.kind;
  if (!(REPORT_KINDS as readonly unknown[]).includes(kind)) errors.push({ field: 'kind', message: 'Choose what has changed' });
  const date = dateBoxes(body, 'occurredOn', 'date it happened', ukToday(now), 'past');
  if ('error' in date) errors.push({ field: 'occurredOn', message: date.error });
  const details = required(body, errors, 'details', 'Tell us what has changed', 'The details');
  fail(errors);
  return { kind: kind as ReportKind, occurredOn: (date as { iso: string }).iso, details };
}

/** The officer's review of a report: an outcome and a note saying why. */
export function parseReview(input: unknown) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const outcome = body.outcome;
  if (!(REVIEW_OUTCOMES as readonly unknown[]).includes(outcome)) errors.push({ field: 'outcome', message: 'Choose the outcome of the review' });
  const note = required(body, errors, 'note', 'Enter a note saying why', 'The note');
  const version = Number(body.version);
  if (!Number.isInteger(version) || version < 1) errors.push({ field: 'form', message: 'The form is missing its version: reload the page and try again' });
  fail(errors);
  return { outcome: outcome as (typeof REVIEW_OUTCOMES)[number], note, version };
}

/** Completing a review task needs a note of what was reviewed and found. */
export function parseTaskNote(input: unknown) {
  const errors: FieldError[] = [];
  const note = required(bodyOf(input), errors, 'note', 'Enter a note of what you reviewed and found', 'The note');
  fail(errors);
  return { note };
}

/** Withdrawing a clearance needs its reasons: the holder is told them and may appeal. */
export function parseWithdrawal(input: unknown) {
  const errors: FieldError[] = [];
  const reason = required(bodyOf(input), errors, 'reason', 'Enter the reasons for withdrawing the clearance', 'The reasons');
  fail(errors);
  return { reason };
}
