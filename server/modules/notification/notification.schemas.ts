import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';

/**
 * The forms that record the facts the clock reads, as data: each field's label, kind and
 * rule. The pages draw the forms from these, and `parseForm` checks them, so a field's
 * label and its error messages cannot drift apart.
 */

export interface Choice {
  value: string;
  text: string;
}

export interface FieldDef {
  name: string;
  label: string;
  type: 'date' | 'time' | 'text' | 'textarea' | 'choice' | 'number' | 'yesno';
  required?: boolean;
  hint?: string;
  max?: number;
  choices?: readonly Choice[];
  /** A date that cannot be after today (UK time). */
  past?: boolean;
  /** A date that must be on or after this other date field. */
  notBefore?: string;
  /** Numbers: the allowed range. */
  min?: number;
  maxValue?: number;
  /** What to say when a required field is left empty, where the label does not read well in "Enter the ...". */
  missing?: string;
  /** Required only when another field has one of these values. */
  requiredWhen?: { field: string; values: readonly string[] };
  /**
   * The choices come from the record (another disposal), filled in when the page is drawn: any id
   * is accepted here, and the operation checks it is one of the record's.
   */
  dynamic?: boolean;
}

export const DISPOSAL_KINDS: readonly Choice[] = [
  { value: 'imprisonment', text: 'Imprisonment or detention for a fixed term (including suspended)' },
  { value: 'life', text: 'Imprisonment for life' },
  { value: 'ipp', text: 'Imprisonment for public protection' },
  { value: 'hospital-restricted', text: 'Hospital order with a restriction order' },
  { value: 'hospital', text: 'Hospital order without a restriction order' },
  { value: 'caution', text: 'Caution' },
  { value: 'conditional-discharge', text: 'Conditional discharge' },
  { value: 'absolute-discharge', text: 'Absolute discharge (does not make the person subject: s.134)' },
  { value: 'other', text: 'Any other disposal (community order, fine...)' },
];

export const TERM_UNITS: readonly Choice[] = [
  { value: 'months', text: 'Months' },
  { value: 'weeks', text: 'Weeks' },
  { value: 'days', text: 'Days' },
];

/** s.82(3)-(4): how a term runs with another term on the record. */
export const TERM_RUNS: readonly Choice[] = [
  { value: 'concurrent', text: 'At the same time as the other term (concurrent)' },
  { value: 'consecutive', text: 'After the other term (consecutive)' },
  { value: 'partly-concurrent', text: 'Partly at the same time as the other term (partly concurrent)' },
];

const RUNS_VALUES = TERM_RUNS.map((c) => c.value);

/** How a term runs with another: asked on the disposal form, and on its own for a term recorded without it. */
const termRunsFields: readonly FieldDef[] = [
  {
    name: 'runs',
    label: 'How this term runs with another term on this record',
    type: 'choice',
    choices: TERM_RUNS,
    hint: 'Terms for Schedule 3 offences that run one after the other, or partly at the same time, are added together for the notification period (s.82(3) and (4)). Leave empty if there is no other term.',
  },
  { name: 'runsWith', label: 'The other term', type: 'choice', choices: [], dynamic: true, requiredWhen: { field: 'runs', values: RUNS_VALUES }, missing: 'Select the other term this one runs with' },
  { name: 'overlapLength', label: 'How long the two terms overlap', type: 'number', min: 1, maxValue: 36500, requiredWhen: { field: 'runs', values: ['partly-concurrent'] }, missing: 'Enter how long the two terms overlap', hint: 'For partly concurrent terms only' },
  { name: 'overlapUnit', label: 'The overlap is in', type: 'choice', choices: TERM_UNITS, requiredWhen: { field: 'runs', values: ['partly-concurrent'] }, missing: 'Select whether the overlap is in months, weeks or days' },
];

export const NOTIFICATION_KINDS: readonly Choice[] = [
  { value: 'initial', text: 'Initial notification' },
  { value: 'change-of-name', text: 'Change of name' },
  { value: 'change-of-address', text: 'Change of home address' },
  { value: 'qualifying-stay', text: 'Stay at another address for a qualifying period' },
  { value: 'household-with-child', text: 'Residing or staying in a household with a child' },
  { value: 'bank-account', text: 'A bank, building society or other account opened, closed or changed' },
  { value: 'payment-card', text: 'A debit or credit card obtained, cancelled or changed' },
  { value: 'identity-document', text: 'A passport or other identity document obtained, lost or changed' },
  { value: 'release', text: 'Release from custody or hospital, or return to the UK' },
  { value: 'periodic', text: 'Periodic notification' },
  { value: 'non-occurrence', text: 'A change notified in advance did not happen (s.84(4)(b))' },
];

/** The changes that can be notified before they happen (s.84(2)). */
export const ADVANCE_KINDS = ['change-of-name', 'change-of-address', 'qualifying-stay', 'household-with-child', 'bank-account', 'payment-card', 'identity-document'] as const;

/** Every change to be notified (s.84(1)(a)-(c) and, prescribed by the 2012 Regulations, (ca)): each can also be notified in advance. */
export const CHANGE_KINDS: readonly Choice[] = NOTIFICATION_KINDS.filter((k) => (ADVANCE_KINDS as readonly string[]).includes(k.value));

export const TRAVEL_DESTINATIONS: readonly Choice[] = [
  { value: 'other-country', text: 'Another country' },
  { value: 'republic-of-ireland', text: 'The Republic of Ireland' },
  { value: 'crown-dependency', text: 'The Isle of Man, Jersey or Guernsey' },
  { value: 'northern-ireland', text: 'Northern Ireland (not foreign travel)' },
];

export const SPELL_KINDS: readonly Choice[] = [
  { value: 'custody', text: 'In custody' },
  { value: 'hospital', text: 'Detained in hospital' },
  { value: 'abroad', text: 'Outside the United Kingdom' },
];

export const BREACH_DUTIES: readonly Choice[] = [
  { value: 'initial', text: 'Initial notification' },
  { value: 'change', text: 'Notification of a change' },
  { value: 'periodic', text: 'Periodic notification' },
  { value: 'travel', text: 'Notification of foreign travel' },
  { value: 'other', text: 'Another requirement (for example, giving information when asked)' },
];

export const nameOf = (choices: readonly Choice[], value: string | null | undefined) => choices.find((c) => c.value === value)?.text ?? value ?? '';

export interface FormDef {
  key: string;
  /** What the page and the button say: "Record a disposal". */
  title: string;
  /** What is said once saved: "Disposal recorded". */
  done: string;
  fields: readonly FieldDef[];
}

const place = { name: 'place', label: 'Place where it was taken', type: 'text', required: true, max: 200, hint: 'For example, the police station' } as const;

export const FORMS: Record<string, FormDef> = {
  disposal: {
    key: 'disposal',
    title: 'Record a disposal',
    done: 'Disposal recorded',
    fields: [
      { name: 'kind', label: 'Disposal', type: 'choice', required: true, missing: 'Select the disposal', choices: DISPOSAL_KINDS },
      { name: 'relevantDate', label: 'Relevant date', type: 'date', required: true, past: true, hint: 'The date of the conviction, finding or caution. For example, 27 3 2026' },
      { name: 'sentenceLength', label: 'Length of the custodial term', type: 'number', min: 0, maxValue: 36500, requiredWhen: { field: 'kind', values: ['imprisonment'] }, hint: 'For imprisonment or detention for a fixed term, as the court gave it' },
      { name: 'sentenceUnit', label: 'The term is in', type: 'choice', choices: TERM_UNITS, requiredWhen: { field: 'kind', values: ['imprisonment'] }, missing: 'Select whether the term is in months, weeks or days' },
      { name: 'sentencedOn', label: 'Date of sentence', type: 'date', past: true, notBefore: 'relevantDate', hint: 'Only if the term was imposed on a later day than the relevant date. Terms imposed on the same day may be added together' },
      ...termRunsFields,
      {
        name: 'schedule3',
        label: 'Is the offence listed in Schedule 3 to the Act, with its conditions met?',
        type: 'yesno',
        hint: 'Answer no only to record a term that runs with another one: it is then not counted as making the person subject',
      },
      { name: 'dischargeMonths', label: 'Period of the conditional discharge in months', type: 'number', min: 1, maxValue: 36, requiredWhen: { field: 'kind', values: ['conditional-discharge'] }, hint: 'For a conditional discharge' },
      { name: 'court', label: 'Court or police force', type: 'text', max: 200 },
      { name: 'description', label: 'Offence and disposal details', type: 'textarea', max: 1000 },
    ],
  },
  notification: {
    key: 'notification',
    title: 'Record a notification',
    done: 'Notification recorded',
    fields: [
      { name: 'kind', label: 'What was notified', type: 'choice', required: true, choices: NOTIFICATION_KINDS },
      { name: 'date', label: 'Date of the notification', type: 'date', required: true, past: true },
      {
        name: 'expectedOn',
        label: 'Date the change is expected',
        type: 'date',
        hint: 'Only for a change notified before it happens (s.84(2)). It stands if the change happens within 2 days either side of this date; if it has not happened by the second day after, the person must say so within 6 days of this date',
      },
      place,
      { name: 'takenBy', label: 'Officer who took it', type: 'text', required: true, max: 200, hint: 'The officer\'s name and number' },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  change: {
    key: 'change',
    title: 'Record a change to be notified',
    done: 'Change recorded',
    fields: [
      { name: 'kind', label: 'What changed', type: 'choice', required: true, choices: CHANGE_KINDS },
      { name: 'date', label: 'Date of the change', type: 'date', required: true, past: true, hint: 'The notification is due within 3 days of this date' },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  spell: {
    key: 'spell',
    title: 'Record time in custody, in hospital or abroad',
    done: 'Time recorded',
    fields: [
      { name: 'kind', label: 'Where the person was', type: 'choice', required: true, choices: SPELL_KINDS },
      { name: 'from', label: 'Date it started', type: 'date', required: true, past: true },
      { name: 'to', label: 'Date it ended', type: 'date', past: true, notBefore: 'from', hint: 'Leave empty if it has not ended' },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  stay: {
    key: 'stay',
    title: 'Record a stay at another address',
    done: 'Stay recorded',
    fields: [
      { name: 'premises', label: 'Address stayed at', type: 'text', required: true, max: 200, hint: 'Stays at the same address are added up: type it the same way each time' },
      { name: 'from', label: 'First day of the stay', type: 'date', required: true, past: true },
      {
        name: 'to',
        label: 'Last day of the stay',
        type: 'date',
        past: true,
        notBefore: 'from',
        hint: 'Leave empty if the person is still staying there. 7 days there, or stays there adding up to 7 days in 12 months, must be notified within 3 days (s.84(1)(c))',
      },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  'no-fixed-address': {
    key: 'no-fixed-address',
    title: 'Record no fixed address',
    done: 'No fixed address recorded',
    fields: [
      { name: 'from', label: 'Date it started', type: 'date', required: true, past: true, hint: 'Periodic notification is weekly while the person has no fixed address' },
      { name: 'to', label: 'Date it ended', type: 'date', past: true, notBefore: 'from', hint: 'Leave empty if it has not ended' },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  shpo: {
    key: 'shpo',
    title: 'Record a sexual harm prevention order',
    done: 'Order recorded',
    fields: [
      { name: 'from', label: 'Date the order was made', type: 'date', required: true, past: true },
      { name: 'to', label: 'Date the order ends', type: 'date', notBefore: 'from', hint: 'Leave empty if it has no end date' },
      { name: 'details', label: 'Court and details', type: 'textarea', max: 2000 },
    ],
  },
  travel: {
    key: 'travel',
    title: 'Record foreign travel',
    done: 'Foreign travel recorded',
    fields: [
      {
        name: 'destination',
        label: 'Where to',
        type: 'choice',
        required: true,
        missing: 'Select where the person is travelling to',
        choices: TRAVEL_DESTINATIONS,
        hint: 'Travel outside the United Kingdom must be notified (s.86). Northern Ireland is in the United Kingdom',
      },
      { name: 'notifiedOn', label: 'Date notified', type: 'date', required: true, past: true },
      { name: 'notifiedTime', label: 'Time notified', type: 'time', required: true, hint: '24-hour clock, UK time. For example, 14:30' },
      { name: 'departureOn', label: 'Date of departure', type: 'date', required: true },
      { name: 'departureTime', label: 'Time of departure', type: 'time', required: true, hint: '24-hour clock, UK time' },
      {
        name: 'detailsKnownEarlier',
        label: 'Were the travel details known 7 days before departure?',
        type: 'yesno',
        required: true,
        missing: 'Select yes if the travel details were known 7 days before departure',
        hint: 'If so, notice is due by the end of the day 7 days before the date of departure; if not, by noon the day before',
      },
      place,
      { name: 'takenBy', label: 'Officer who took it', type: 'text', required: true, max: 200 },
      { name: 'details', label: 'Destination and details', type: 'textarea', max: 2000 },
    ],
  },
  breach: {
    key: 'breach',
    title: 'Record a breach',
    done: 'Breach recorded',
    fields: [
      { name: 'duty', label: 'The requirement breached', type: 'choice', required: true, choices: BREACH_DUTIES },
      { name: 'provenOn', label: 'Date the breach was proven', type: 'date', required: true, past: true, hint: 'Breaches must be recorded within 24 hours of this date' },
      { name: 'details', label: 'Details', type: 'textarea', max: 2000 },
    ],
  },
  remove: {
    key: 'remove',
    title: 'Remove an entry recorded in error',
    done: 'Entry removed',
    fields: [{ name: 'reason', label: 'Why it is being removed', type: 'textarea', required: true, missing: 'Enter why it is being removed', max: 500, hint: 'For example, recorded on the wrong record. The entry is kept for the audit trail but no longer counts' }],
  },
  'term-runs': {
    key: 'term-runs',
    title: 'Record how this term runs with another',
    done: 'How the term runs recorded',
    fields: termRunsFields.map((f) => (f.name === 'runs' ? { ...f, required: true, missing: 'Select how this term runs with the other term' } : f)),
  },
  'end-spell': {
    key: 'end-spell',
    title: 'Record the end',
    done: 'End recorded',
    fields: [{ name: 'to', label: 'Date it ended', type: 'date', required: true }],
  },
};

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** A GOV.UK date input's three boxes (`name-day`...) or an ISO date, as 'YYYY-MM-DD'; null when blank. */
export function dateOf(input: Record<string, unknown>, name: string): { iso: string } | { error: string } | { blank: true } {
  const raw = input[name];
  let parts: string[];
  if (typeof raw === 'string' && raw.trim()) {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw.trim());
    if (!m) return { error: 'must be a date like 2026-03-27' };
    parts = [m[3]!, m[2]!, m[1]!];
  } else {
    parts = ['day', 'month', 'year'].map((p) => String(input[`${name}-${p}`] ?? '').trim());
    if (parts.every((p) => !p)) return { blank: true };
    if (parts.some((p) => !p)) return { error: 'must include a day, month and year' };
  }
  const [d, mo, y] = parts.map(Number) as [number, number, number];
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (![d, mo, y].every(Number.isInteger) || y < 1900 || y > 2200 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { error: 'must be a real date' };
  }
  return { iso };
}

export type FormValues = Record<string, string | number | boolean | null>;

/**
 * Checks a form against its definition and gives its values (dates as ISO strings, numbers,
 * yes/no as booleans, blanks as null), or a 400 with one message per field saying what to fix.
 */
export function parseForm(form: FormDef, input: unknown, today: string): FormValues {
  const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const schema = z.unknown().transform((_, ctx) => {
    const out: FormValues = {};
    const fail = (f: FieldDef, message: string) => ctx.addIssue({ code: 'custom', message, path: [f.name] });
    for (const f of form.fields) {
      const required = f.required || (f.requiredWhen && f.requiredWhen.values.includes(String(body[f.requiredWhen.field] ?? '')));
      const raw = typeof body[f.name] === 'string' ? (body[f.name] as string).trim() : body[f.name];
      out[f.name] = null;
      if (f.type === 'date') {
        const d = dateOf(body, f.name);
        if ('error' in d) fail(f, `${f.label.replace(/ \(.*\)$/, '')} ${d.error}`);
        else if ('blank' in d) {
          if (required) fail(f, f.missing ?? `Enter the ${lower(f.label)}`);
        } else if (f.past && d.iso > today) fail(f, `${f.label.replace(/ \(.*\)$/, '')} must be today or in the past`);
        else if (f.notBefore && typeof out[f.notBefore] === 'string' && d.iso < (out[f.notBefore] as string)) {
          fail(f, `${f.label.replace(/ \(.*\)$/, '')} must be the same as or after ${lower(form.fields.find((g) => g.name === f.notBefore)!.label)}`);
        } else out[f.name] = d.iso;
        continue;
      }
      if (raw === undefined || raw === null || raw === '') {
        if (required) fail(f, f.missing ?? (f.type === 'choice' || f.type === 'yesno' ? `Select ${lower(f.label).replace(/\?$/, '')}` : `Enter the ${lower(f.label)}`));
        continue;
      }
      if (typeof raw !== 'string') {
        fail(f, `Enter the ${lower(f.label)}`);
        continue;
      }
      if (f.type === 'time') {
        const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw);
        if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) fail(f, `${f.label} must be a time like 14:30`);
        else out[f.name] = `${m[1]!.padStart(2, '0')}:${m[2]}`;
      } else if (f.type === 'number') {
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n < (f.min ?? 0) || n > (f.maxValue ?? Number.MAX_SAFE_INTEGER)) fail(f, `${f.label} must be a whole number from ${f.min ?? 0} to ${f.maxValue}`);
        else out[f.name] = n;
      } else if (f.type === 'choice') {
        const known = f.dynamic ? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw) : f.choices!.some((c) => c.value === raw);
        if (!known) fail(f, f.dynamic && f.missing ? f.missing : `Select ${lower(f.label)}`);
        else out[f.name] = raw;
      } else if (f.type === 'yesno') {
        if (raw !== 'yes' && raw !== 'no') fail(f, `Select ${lower(f.label).replace(/\?$/, '')}`);
        else out[f.name] = raw === 'yes';
      } else {
        const max = f.max ?? 2000;
        if (raw.length > max) fail(f, `${f.label} must be ${max} characters or fewer`);
        else out[f.name] = raw;
      }
    }
    return out;
  });
  return parseInput(schema, input);
}

/** Which form a path segment names, or undefined. */
export const formDef = (key: unknown): FormDef | undefined => (typeof key === 'string' && Object.hasOwn(FORMS, key) ? FORMS[key] : undefined);

/**
 * A UK wall-clock time on a date, as an instant. The offset is read for that date and time
 * from the time-zone database, so a form filled in summer and one in winter both mean what
 * the officer read off the clock.
 */
export function londonInstant(isoDate: string, hhmm: string): Date {
  const guess = new Date(`${isoDate}T${hhmm}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess.getTime() - (shown - guess.getTime()));
}
