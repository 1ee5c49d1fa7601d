import { badRequest, type FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { isUuid } from '../../shared/ids.ts';

const DAY = 86_400_000;

export const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const daysFrom = (fromIso: string, toIso: string) => Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY);

export interface TimeLimit {
  /** The last day, in the UK. */
  lastDay: string;
  open: boolean;
  /** "Appeal by 16 December 2026 (3 days left)", or "closed on ..." once it has passed. */
  text: string;
  daysLeft: number;
}

/** A time limit as people read it, counted in UK days: the last day itself is still in time. */
export function timeLimit(label: string, lastDay: string, now: Date): TimeLimit {
  const daysLeft = daysFrom(ukToday(now), lastDay);
  const open = daysLeft >= 0;
  const left = daysLeft === 0 ? 'today is the last day' : daysLeft === 1 ? '1 day left' : `${daysLeft} days left`;
  return { lastDay, open, daysLeft, text: open ? `${label} by ${longDate(lastDay)} (${left})` : `${label} by ${longDate(lastDay)} (closed ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago)` };
}

/** The appeal window: VETTING_APPEAL_DAYS from the decision, or the extension a vetting officer granted. */
export const appealWindow = (w: { due_at: Date | string; extended_to: string | null }, now: Date) => timeLimit('Appeal', w.extended_to ?? ukToday(new Date(w.due_at)), now);

/** A date from the three GOV.UK boxes: 'past' means today or earlier, 'future' after today. */
export function dateBoxes(input: Record<string, unknown>, name: string, label: string, today: string, when: 'past' | 'future'): { iso: string } | { error: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => String(input[`${name}-${p}`] ?? '').trim()) as [string, string, string];
  if (!day && !month && !year) return { error: `Enter the ${label}` };
  if (!day || !month || !year) return { error: `The ${label} must include a day, month and year` };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (![d, m, y].every(Number.isInteger) || y < 2000 || y > 2200 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { error: `The ${label} must be a real date` };
  if (when === 'past' && iso > today) return { error: `The ${label} must be today or in the past` };
  if (when === 'future' && iso <= today) return { error: `The ${label} must be in the future` };
  return { iso };
}

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

/** Required text up to a length, or what to fix. */
function required(body: Record<string, unknown>, errors: FieldError[], name: string, missing: string, max: number, label: string): string {
  const v = text(body, name);
  if (!v) errors.push({ field: name, message: missing });
  else if (v.length > max) errors.push({ field: name, message: `${label} must be ${max} characters or fewer` });
  return v;
}

export function fail(errors: FieldError[]): void {
  if (errors.length) throw badRequest('invalid-input', errors[0]!.message, errors);
}

export const bodyOf = (input: unknown) => (input ?? {}) as Record<string, unknown>;

export function parseLodge(input: unknown) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const grounds = required(body, errors, 'grounds', 'Enter your grounds of appeal: why you think the decision is wrong', 10000, 'Your grounds');
  const representativeName = text(body, 'representativeName');
  const representativeOrganisation = text(body, 'representativeOrganisation');
  if (representativeName.length > 200) errors.push({ field: 'representativeName', message: "Your representative's name must be 200 characters or fewer" });
  if (representativeOrganisation.length > 200) errors.push({ field: 'representativeOrganisation', message: "Your representative's organisation must be 200 characters or fewer" });
  if (representativeOrganisation && !representativeName) errors.push({ field: 'representativeName', message: "Enter your representative's name, or leave both representative boxes blank" });
  fail(errors);
  return { grounds, representativeName, representativeOrganisation };
}

export function parseExtension(input: unknown, now: Date) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const date = dateBoxes(body, 'extendedTo', 'new last day to appeal', ukToday(now), 'future');
  if ('error' in date) errors.push({ field: 'extendedTo', message: date.error });
  const reason = required(body, errors, 'reason', 'Enter the reason for the extension', 2000, 'The reason');
  fail(errors);
  return { extendedTo: (date as { iso: string }).iso, reason };
}

export function parseHearer(input: unknown) {
  const hearer = bodyOf(input).hearer;
  if (!isUuid(hearer)) fail([{ field: 'hearer', message: 'Choose the appeal panel member who will hear the appeal' }]);
  return { hearer: hearer as string };
}

export const PRESENCE = ['yes', 'no', 'none'] as const;

export function parseHearing(input: unknown, now: Date) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const date = dateBoxes(body, 'heardOn', 'date of the hearing', ukToday(now), 'past');
  if ('error' in date) errors.push({ field: 'heardOn', message: date.error });
  const attendees = required(body, errors, 'attendees', 'Enter who attended the hearing', 2000, 'Who attended');
  const presence = body.representativePresent;
  if (!(PRESENCE as readonly unknown[]).includes(presence)) errors.push({ field: 'representativePresent', message: 'Say whether the representative was present' });
  const notes = required(body, errors, 'notes', 'Enter the notes of the hearing', 10000, 'The notes');
  fail(errors);
  return { heardOn: (date as { iso: string }).iso, attendees, representativePresent: presence === 'none' ? null : presence === 'yes', notes };
}

export const APPEAL_OUTCOMES = ['allow', 'dismiss'] as const;

export function parseAppealDecision(input: unknown) {
  const body = bodyOf(input);
  const errors: FieldError[] = [];
  const outcome = body.outcome;
  if (!(APPEAL_OUTCOMES as readonly unknown[]).includes(outcome)) errors.push({ field: 'outcome', message: 'Choose whether the appeal is allowed or dismissed' });
  const reasons = required(body, errors, 'reasons', 'Enter the reasons for the decision, in words the applicant can read', 10000, 'The reasons');
  fail(errors);
  return { outcome: outcome as (typeof APPEAL_OUTCOMES)[number], reasons };
}
