import { badRequest, type FieldError } from '../../errors.ts';
import { asArray } from '../../shared/validation.ts';
import { REASON_CODES, type Criteria, type ReasonCode } from './vetting.criteria.ts';

export const OUTCOMES = ['granted', 'granted-with-conditions', 'refused', 'discontinued'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_NAMES: Record<Outcome, string> = {
  granted: 'Grant',
  'granted-with-conditions': 'Grant with conditions',
  refused: 'Propose refusal (a second vetting officer must agree)',
  discontinued: 'Discontinue',
};

export interface TwoStage {
  grounds: 'yes' | 'no';
  groundsWhy: string;
  appropriate: 'yes' | 'no' | null;
  appropriateWhy: string;
}

export interface DecisionInput {
  outcome: Outcome;
  factors: string[];
  twoStage: TwoStage | null;
  reasonCodes: ReasonCode[];
  disclosable: ReasonCode[];
  rationale: string;
  conditions: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * A decision record, checked as a whole and every problem reported at once: the outcome, the
 * criteria weighed (from the published list), the two-stage test whenever non-conviction
 * information was weighed, reason codes kept apart, which reasons may be disclosed, the rationale
 * and (for a grant with conditions) the conditions.
 */
export function parseDecision(input: unknown, criteria: Criteria): DecisionInput {
  const body = (input ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });

  const outcome = body.outcome;
  if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome)) add('outcome', 'Choose the outcome');

  const factors = asArray(body.factors).map(String);
  const known = new Map(criteria.criteria.map((c) => [c.code, c]));
  if (!factors.length) add('factors', 'Choose at least one criterion you weighed');
  else if (factors.some((f) => !known.has(f))) add('factors', `Choose criteria from the published list (${criteria.version})`);

  let twoStage: TwoStage | null = null;
  if (factors.some((f) => known.get(f)?.nonConviction)) {
    const grounds = body.grounds;
    const groundsWhy = text(body.groundsWhy);
    if (grounds !== 'yes' && grounds !== 'no') add('grounds', 'Answer stage 1: are there reasonable grounds for suspicion?');
    if (!groundsWhy) add('groundsWhy', 'Explain your answer to stage 1');
    let appropriate: 'yes' | 'no' | null = null;
    const appropriateWhy = text(body.appropriateWhy);
    if (grounds === 'yes') {
      if (body.appropriate !== 'yes' && body.appropriate !== 'no') add('appropriate', 'Answer stage 2: is refusal appropriate in all the circumstances?');
      else appropriate = body.appropriate;
      if (!appropriateWhy) add('appropriateWhy', 'Explain your answer to stage 2');
    }
    if (grounds === 'yes' || grounds === 'no') twoStage = { grounds, groundsWhy, appropriate, appropriateWhy: grounds === 'yes' ? appropriateWhy : '' };
  }

  const reasonCodes = asArray(body.reasons).map(String);
  if (reasonCodes.some((r) => !(REASON_CODES as readonly string[]).includes(r))) add('reasons', 'Choose reasons from the list');
  else if (!reasonCodes.length && outcome !== 'granted' && typeof outcome === 'string' && (OUTCOMES as readonly string[]).includes(outcome)) add('reasons', 'Choose at least one reason for this outcome');

  const disclosable = asArray(body.disclose).map(String);
  if (disclosable.some((d) => !reasonCodes.includes(d))) add('disclose', 'Only a reason you chose can be disclosed to the applicant');

  // Non-conviction information can only carry a refusal that passes both stages of the test.
  if (outcome === 'refused' && twoStage && (twoStage.grounds === 'no' || twoStage.appropriate === 'no') && reasonCodes.length && reasonCodes.every((r) => r === 'adverse-information')) {
    add('reasons', 'The two-stage test says refusal is not appropriate on the non-conviction information: give another reason, or choose another outcome');
  }

  const rationale = text(body.rationale);
  if (!rationale) add('rationale', 'Enter the rationale: how the criteria and evidence led to this outcome');
  else if (rationale.length > 10000) add('rationale', 'The rationale must be 10000 characters or fewer');

  const conditions = outcome === 'granted-with-conditions' ? text(body.conditions) : '';
  if (outcome === 'granted-with-conditions' && !conditions) add('conditions', 'Enter the conditions of the clearance');
  else if (conditions.length > 5000) add('conditions', 'The conditions must be 5000 characters or fewer');

  if (errors.length) throw badRequest('invalid-input', errors[0]!.message, errors);
  return { outcome: outcome as Outcome, factors, twoStage, reasonCodes: reasonCodes as ReasonCode[], disclosable: disclosable as ReasonCode[], rationale, conditions };
}

/** A second officer's answer to a proposed refusal. */
export function parseRefusalAnswer(input: unknown): { answer: 'agree' | 'reject'; reason: string } {
  const body = (input ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const answer = body.answer;
  if (answer !== 'agree' && answer !== 'reject') errors.push({ field: 'answer', message: 'Choose whether you agree with the refusal' });
  const reason = text(body.answerReason);
  if (answer === 'reject' && !reason) errors.push({ field: 'answerReason', message: 'Explain why you do not agree: the case goes back to checks with your reason' });
  if (reason.length > 5000) errors.push({ field: 'answerReason', message: 'The reason must be 5000 characters or fewer' });
  if (errors.length) throw badRequest('invalid-input', errors[0]!.message, errors);
  return { answer: answer as 'agree' | 'reject', reason };
}
