import { badRequest, type FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { CHECK_RESULTS, type CheckResult } from './vetting.checks.ts';

/** A date from the three GOV.UK boxes, or what to fix. */
function dateFrom(input: Record<string, unknown>, name: string, label: string, today: string): { iso: string } | { error: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => String(input[`${name}-${p}`] ?? '').trim()) as [string, string, string];
  if (!day && !month && !year) return { error: `Enter the ${label}` };
  if (!day || !month || !year) return { error: `The ${label} must include a day, month and year` };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (![d, m, y].every(Number.isInteger) || y < 2000 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { error: `The ${label} must be a real date` };
  if (iso > today) return { error: `The ${label} must be today or in the past` };
  return { iso };
}

export interface ManualCheck {
  result: CheckResult;
  checkedOn: string;
  evidence: string;
}

/** A check result typed in by an officer: every field checked, every problem reported at once. */
export function parseManualCheck(input: unknown, now: Date): ManualCheck {
  const body = (input ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const result = body.result;
  if (typeof result !== 'string' || !(CHECK_RESULTS as readonly string[]).includes(result)) errors.push({ field: 'result', message: 'Choose the result of the check' });
  const date = dateFrom(body, 'checkedOn', 'date of the check', ukToday(now));
  if ('error' in date) errors.push({ field: 'checkedOn', message: date.error });
  const evidence = typeof body.evidence === 'string' ? body.evidence.trim() : '';
  if (!evidence) errors.push({ field: 'evidence', message: 'Enter the evidence: what was searched, the reference and what it showed' });
  else if (evidence.length > 5000) errors.push({ field: 'evidence', message: 'The evidence must be 5000 characters or fewer' });
  if (errors.length) throw badRequest('invalid-input', errors[0]!.message, errors);
  return { result: result as CheckResult, checkedOn: (date as { iso: string }).iso, evidence };
}
