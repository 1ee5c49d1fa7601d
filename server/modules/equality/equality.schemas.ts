import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';
import { allowedValues, NOT_STATED, QUESTIONS, type QuestionKey } from './equality.questions.ts';

export type EqualityAnswers = Record<QuestionKey, string> & { religionOther: string };

const answer = (values: string[], label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? NOT_STATED : v),
    z.enum(values as [string, ...string[]], { error: `Choose one of the answers given to "${label}", or "Prefer not to say"` }),
  );

const AnswersSchema = z
  .object({
    ...Object.fromEntries(QUESTIONS.map((q) => [q.key, answer(allowedValues(q), q.label)])),
    religionOther: z
      .string()
      .trim()
      .max(100, 'Your religion must be 100 characters or fewer')
      .optional()
      .transform((v) => v ?? ''),
  })
  .transform((parsed) => {
    const a = parsed as unknown as EqualityAnswers;
    // The free text belongs to "Any other religion" only: kept with nothing else.
    return { ...a, religionOther: a.religion === 'other' ? a.religionOther : '' };
  });

/**
 * The form's answers (every one voluntary: a blank is "Not stated"), or the objection, which
 * wins over any answer given with it: the answers are then not kept at all.
 */
export function parseEquality(input: unknown): { objects: true } | { objects: false; answers: EqualityAnswers } {
  const body = (input ?? {}) as Record<string, unknown>;
  if (body.object === 'yes') return { objects: true };
  return { objects: false, answers: parseInput(AnswersSchema, body) };
}
