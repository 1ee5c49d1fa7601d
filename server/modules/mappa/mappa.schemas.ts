import { z } from 'zod';
import { badRequest, isAppError, type FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Choice, FieldDef, ItemKindDef } from '../register/register.items.ts';
import { parseItem } from '../register/register.items.validation.ts';
import type { MeetingInput } from './mappa.repository.ts';

/** Rows the form offers without JavaScript; a meeting can hold up to the maximum. */
export const ATTENDEE_ROWS = 8;
export const ACTION_ROWS = 5;
export const MAX_ROWS = 30;

const LEVELS: Choice[] = [
  { value: '2', text: 'Level 2: multi-agency meeting' },
  { value: '3', text: 'Level 3: with senior representation' },
];

// The meeting's fields are checked by the register's own item rules (dates from three boxes,
// lengths, choices), so that a date or a choice says what to fix in the same words everywhere.
const kind = (fields: FieldDef[]): ItemKindDef => ({ kind: 'mappa-meeting', name: 'Meeting', plural: 'Meetings', section: 'mappa', sensitivity: 'standard', title: 'heldOn', fields });

export const meetingFields: FieldDef[] = [
  { name: 'level', label: 'Level of the meeting', type: 'choice', required: true, choices: LEVELS },
  { name: 'heldOn', label: 'Date of the meeting', type: 'date', required: true, hint: 'A date ahead of today arranges the meeting' },
  { name: 'minutes', label: 'Minutes', type: 'textarea', max: 20000, hint: 'What was discussed and decided. Anyone who can read the record can read them.' },
  { name: 'nextMeetingOn', label: 'Date of the next meeting', type: 'date', hint: 'Leave blank if none is arranged' },
];

const attendeeFields = (i: number, agencies: Choice[]): FieldDef[] => [
  { name: `attendee-${i}-name`, label: `Name of attendee ${i + 1}`, type: 'text', required: true, max: 160 },
  { name: `attendee-${i}-agency`, label: `Agency of attendee ${i + 1}`, type: 'choice', required: true, choices: agencies },
  { name: `attendee-${i}-role`, label: `Role of attendee ${i + 1} in the meeting`, type: 'text', max: 120 },
];

const actionFields = (i: number, agencies: Choice[]): FieldDef[] => [
  { name: `action-${i}-description`, label: `Description of action ${i + 1}`, type: 'textarea', required: true, max: 2000 },
  { name: `action-${i}-owner`, label: `Owner of action ${i + 1}`, type: 'text', required: true, max: 160 },
  { name: `action-${i}-ownerAgency`, label: `Agency of the owner of action ${i + 1}`, type: 'choice', choices: agencies },
  { name: `action-${i}-dueOn`, label: `Due date of action ${i + 1}`, type: 'date', required: true },
  { name: `action-${i}-doneOn`, label: `Date action ${i + 1} was done`, type: 'date', past: true },
];

/** A row the user left entirely blank is no row at all. */
const rowBlank = (input: Record<string, unknown>, prefix: string) =>
  Object.entries(input).every(([k, v]) => !k.startsWith(prefix) || String(v ?? '').trim() === '');

/**
 * A meeting from its form (or JSON with the same names). Every error is collected before
 * anything is refused, so the error summary lists all that needs fixing at once.
 */
export function parseMeeting(input: unknown, agencies: { id: string; name: string }[], now: Date): MeetingInput {
  const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const choices = agencies.map((a) => ({ value: a.id, text: a.name }));
  const today = ukToday(now);
  const errors: FieldError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      errors.push(...error.fieldErrors);
      return undefined;
    }
  };
  const main = attempt(() => parseItem(kind(meetingFields), given, now).data);
  const attendees: MeetingInput['attendees'] = [];
  const actions: MeetingInput['actions'] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    if (rowBlank(given, `attendee-${i}-`)) continue;
    const d = attempt(() => parseItem(kind(attendeeFields(i, choices)), given, now).data);
    if (d) attendees.push({ name: String(d[`attendee-${i}-name`]), agencyId: String(d[`attendee-${i}-agency`]), role: String(d[`attendee-${i}-role`] ?? '') });
  }
  for (let i = 0; i < MAX_ROWS; i++) {
    if (rowBlank(given, `action-${i}-`)) continue;
    const d = attempt(() => parseItem(kind(actionFields(i, choices)), given, now).data);
    if (!d) continue;
    const doneOn = (d[`action-${i}-doneOn`] as string | undefined) ?? null;
    if (doneOn && main?.heldOn && doneOn < String(main.heldOn)) {
      errors.push({ field: `action-${i}-doneOn`, message: `Date action ${i + 1} was done must be the same as or after the date of the meeting` });
    }
    actions.push({
      description: String(d[`action-${i}-description`]),
      ownerName: String(d[`action-${i}-owner`]),
      ownerAgencyId: (d[`action-${i}-ownerAgency`] as string | undefined) ?? null,
      dueOn: String(d[`action-${i}-dueOn`]),
      doneOn,
    });
  }
  if (main) {
    const heldOn = String(main.heldOn);
    const next = (main.nextMeetingOn as string | undefined) ?? null;
    if (next && next <= heldOn) errors.push({ field: 'nextMeetingOn', message: 'The date of the next meeting must be after the date of this meeting' });
    if (heldOn > today && main.minutes) errors.push({ field: 'minutes', message: 'Minutes can be recorded only once the meeting has taken place: check the date of the meeting' });
  }
  if (!attendees.length && !errors.some((e) => e.field.startsWith('attendee-'))) {
    errors.push({ field: 'attendee-0-name', message: 'Add at least one attendee: their name and agency' });
  }
  if (errors.length || !main) throw badRequest('invalid-input', errors[0]?.message ?? 'There is a problem', errors);
  return {
    level: Number(main.level),
    heldOn: String(main.heldOn),
    minutes: String(main.minutes ?? ''),
    nextMeetingOn: (main.nextMeetingOn as string | undefined) ?? null,
    attendees,
    actions,
  };
}

/** The version a change was made against: a form without it cannot be checked for a stale edit. */
export const versionSchema = z.object({
  version: z.coerce.number({ error: 'Reload the page and make your change again' }).int('Reload the page and make your change again').min(1, 'Reload the page and make your change again'),
});
export const formVersion = (input: unknown) => parseInput(versionSchema, input, 'The form is missing its version: reload the page and make your change again').version;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD, like 2026-03-31').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Enter a real date, like 2026-03-31');

/** 31 March of the latest year ending before today (the MAPPA annual report's date). */
export function defaultReportDate(now: Date): string {
  const today = ukToday(now);
  const year = now.getUTCFullYear();
  return `${year}-03-31` < today ? `${year}-03-31` : `${year - 1}-03-31`;
}

/** The report's date (default 31 March) and the optional population for the rate per 100,000. */
export function reportQuerySchema(now: Date) {
  const today = ukToday(now);
  return z.object({
    date: z
      .union([z.literal(''), isoDate])
      .optional()
      .transform((d) => d || defaultReportDate(now))
      .refine((d) => d <= today, 'The date must be today or in the past'),
    population: z
      .union([z.literal(''), z.string().trim().regex(/^\d{1,9}$/, 'Enter the population as a whole number, like 1200000, or leave it blank')])
      .optional()
      .transform((p) => (p ? Number(p) : null))
      .refine((p) => p === null || p >= 1000, 'The population must be at least 1,000'),
  });
}
