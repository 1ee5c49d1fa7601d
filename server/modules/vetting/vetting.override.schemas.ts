import type { FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { bodyOf, dateBoxes, fail, longDate } from './vetting.appeal.schemas.ts';

export const OUTCOME_KINDS = ['misconduct', 'crime', 'vetting-breach', 'other'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_KIND_NAMES: Record<OutcomeKind, string> = {
  misconduct: 'Misconduct',
  crime: 'Crime (arrest, charge or conviction)',
  'vetting-breach': 'Breach of a condition of the override',
  other: 'Other adverse outcome',
};

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

/** The override decision: a written risk assessment, conditions, and a review date in the future, no later than `latest`. */
export function parseOverride(input: unknown, now: Date, latest: string) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const riskAssessment = text(body, 'riskAssessment');
  if (!riskAssessment) errors.push({ field: 'riskAssessment', message: 'Enter the risk assessment: the risk you are accepting and why' });
  else if (riskAssessment.length > 10000) errors.push({ field: 'riskAssessment', message: 'The risk assessment must be 10000 characters or fewer' });
  const conditions = text(body, 'conditions');
  if (!conditions) errors.push({ field: 'conditions', message: 'Enter the conditions of the clearance' });
  else if (conditions.length > 5000) errors.push({ field: 'conditions', message: 'The conditions must be 5000 characters or fewer' });
  const date = dateBoxes(body, 'reviewOn', 'expiry or review date', ukToday(now), 'future');
  if ('error' in date) errors.push({ field: 'reviewOn', message: date.error });
  else if (date.iso > latest) errors.push({ field: 'reviewOn', message: `The expiry or review date must be no later than ${longDate(latest)}, when clearance at this level would end` });
  fail(errors);
  return { riskAssessment, conditions, reviewOn: (date as { iso: string }).iso };
}

/** A later adverse outcome: what kind, when (not before the override), and what happened. */
export function parseOutcome(input: unknown, now: Date, overrideDay: string) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const kind = body.kind;
  if (!(OUTCOME_KINDS as readonly unknown[]).includes(kind)) errors.push({ field: 'kind', message: 'Choose what kind of outcome it was' });
  const date = dateBoxes(body, 'occurredOn', 'date it happened', ukToday(now), 'past');
  if ('error' in date) errors.push({ field: 'occurredOn', message: date.error });
  else if (date.iso < overrideDay) errors.push({ field: 'occurredOn', message: `The date it happened must be on or after the override, ${longDate(overrideDay)}` });
  const description = text(body, 'description');
  if (!description) errors.push({ field: 'description', message: 'Describe what happened' });
  else if (description.length > 5000) errors.push({ field: 'description', message: 'The description must be 5000 characters or fewer' });
  fail(errors);
  return { kind: kind as OutcomeKind, occurredOn: (date as { iso: string }).iso, description };
}
