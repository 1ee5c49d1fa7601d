import type { z } from 'zod';
import { badRequest, type FieldError } from '../errors.ts';

/**
 * Parses input against a schema; on failure throws a 400 whose field errors
 * are the schema's own messages, written to say what to fix.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, summary = 'There is a problem'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    fieldErrors.push({ field, message: issue.message });
  }
  throw badRequest('invalid-input', fieldErrors[0]?.message ?? summary, fieldErrors);
}

/** HTML forms send one checkbox as a string and several as an array. */
export const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
