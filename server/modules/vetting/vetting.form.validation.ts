import type { FieldError } from '../../errors.ts';
import { ukToday } from '../../shared/clock.ts';
import { applies, partsOf, type Field, type FormDefinition, type Group, type Section } from './vetting.form.definition.ts';
import type { SectionAnswers } from './vetting.form.repository.ts';
import { MARRIED_STATUSES } from './vetting.form.questions.ts';

/**
 * The form's rules, as pure functions of the answers as typed and today's date. They never change
 * what is stored: a section is saved whole, and these say what still needs fixing (shown at once,
 * and blocking only submission).
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A month as one number, so that months can be compared and counted. */
export const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
export const monthText = (index: number) => `${MONTHS[((index % 12) + 12) % 12]} ${Math.floor(index / 12)}`;
/** This month in the UK: from 23:00 UTC on the last day of a summer month, it is already the next. */
export const todayMonth = (today: Date) => {
  const [y, m] = ukToday(today).split('-').map(Number) as [number, number];
  return monthIndex(y, m);
};

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/** A month and year as typed: its index, or what to fix. Blank is { index: null }. */
export function readMonth(values: Record<string, unknown>, field: Pick<Field, 'name' | 'label'>, today: Date): { index: number | null; error?: string } {
  const m = String(values[`${field.name}-month`] ?? '').trim();
  const y = String(values[`${field.name}-year`] ?? '').trim();
  if (!m && !y) return { index: null };
  if (!m || !y) return { index: null, error: `${upper(field.label)} must include a month and a year` };
  if (!/^\d{1,2}$/.test(m) || Number(m) < 1 || Number(m) > 12) return { index: null, error: `${upper(field.label)}: the month must be a number from 1 to 12` };
  if (!/^\d{4}$/.test(y) || Number(y) < 1900) return { index: null, error: `${upper(field.label)}: the year must have 4 numbers, like 2019` };
  const index = monthIndex(Number(y), Number(m));
  if (index > todayMonth(today)) return { index: null, error: `${upper(field.label)} must be this month or earlier` };
  return { index };
}

/** A full date as typed: 'YYYY-MM-DD', or what to fix. */
export function readDate(values: Record<string, unknown>, field: Pick<Field, 'name' | 'label' | 'future'>, today: Date): { value: string | null; error?: string } {
  const parts = ['day', 'month', 'year'].map((p) => String(values[`${field.name}-${p}`] ?? '').trim());
  const [d, m, y] = parts as [string, string, string];
  if (!d && !m && !y) return { value: null };
  if (!d || !m || !y) return { value: null, error: `${upper(field.label)} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { value: null, error: `${upper(field.label)} must be a real date, like 27 3 1985` };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1 || Number(y) < 1900) return { value: null, error: `${upper(field.label)} must be a real date` };
  if (!field.future && date.toISOString().slice(0, 10) > ukToday(today)) return { value: null, error: `${upper(field.label)} must be in the past` };
  return { value: date.toISOString().slice(0, 10) };
}

export interface Span {
  from: number;
  /** null: where the applicant lives now. */
  to: number | null;
}

/**
 * Gaps and overlaps in the address history over the required years up to this month. Dates are
 * months: moving out in March and in elsewhere in March or April is continuous (no gap can be shown
 * at that precision); a whole month with no address is a gap; two addresses sharing a month beyond
 * the moving month is an overlap.
 */
export function addressHistoryProblems(spans: Span[], years: number, today: number): string[] {
  if (!spans.length) return [];
  const problems: string[] = [];
  const start = today - years * 12;
  if (spans.filter((s) => s.to === null).length > 1) problems.push('Only the address where you live now can be left without an end date: give the month you moved out of the others');
  const sorted = [...spans].sort((a, b) => a.from - b.from || (a.to ?? today) - (b.to ?? today));
  if (sorted[0]!.from > start) {
    problems.push(`Your addresses start in ${monthText(sorted[0]!.from)}: add where you lived from ${monthText(start)} to ${monthText(sorted[0]!.from - 1)} (${years} years are needed)`);
  }
  let reach = sorted[0]!.to ?? today;
  for (const next of sorted.slice(1)) {
    if (next.from > reach + 1 && next.from - 1 >= start) {
      const from = Math.max(reach + 1, start);
      problems.push(`There is a gap from ${monthText(from)} to ${monthText(next.from - 1)}: add the address where you lived then`);
    } else if (next.from < reach && reach >= start) {
      problems.push(`Two addresses overlap from ${monthText(next.from)} to ${monthText(Math.min(reach, next.to ?? today))}: check the dates (if you moved in a month, give that month for both addresses)`);
    }
    reach = Math.max(reach, next.to ?? today);
  }
  if (reach < today) problems.push(`Your addresses end in ${monthText(reach)}: add where you have lived since, up to today (leave "Lived there until" blank for where you live now)`);
  return problems;
}

const entryName = (group: Group, i: number) => `${upper(group.entry)} ${i + 1}`;

/** Blank, length and format checks of one field; `prefix` names it in a list ("Address 2: ..."). */
function checkField(field: Field, values: Record<string, unknown>, today: Date, id: string, prefix: string): FieldError | undefined {
  if (!applies(field.when, values)) return undefined;
  const at = (message: string, part = '') => ({ field: `${id}${part}`, message: `${prefix}${prefix ? lower(message) : message}` });
  if (field.type === 'date') {
    const r = readDate(values, field, today);
    if (r.error) return at(r.error, '-day');
    if (r.value === null && !field.optional) return at(`Enter the ${lower(field.label)}${field.blankAdvice ? `, ${field.blankAdvice}` : ''}`, '-day');
    return undefined;
  }
  if (field.type === 'month') {
    const r = readMonth(values, field, today);
    if (r.error) return at(r.error, '-month');
    if (r.index === null && !field.optional) return at(`Enter the month and year: ${lower(field.label)}`, '-month');
    return undefined;
  }
  const value = values[field.name];
  if (blank(value)) {
    if (field.optional) return undefined;
    if (field.type === 'yesno') return at(`Select yes or no: ${field.label}`);
    if (field.type === 'choice') return at(field.label.endsWith('?') ? `Select an answer: ${field.label}` : `Select the ${lower(field.label)}`);
    if (field.type === 'confirm') return at(`Tick the box if you can confirm: ${lower(field.label)}`);
    // Labels that are already instructions ("Explain why...", "What should we know?") are the message.
    if (/^(Explain|Give|Describe)\b/.test(field.label)) return at(field.label);
    if (field.label.endsWith('?')) return at(`Answer the question: ${field.label}`);
    return at(`Enter the ${lower(field.label)}${field.blankAdvice ? `, ${field.blankAdvice}` : ''}`);
  }
  const text = String(value).trim();
  if (field.options && !field.options.some((o) => o.value === text)) return at(`Select one of the answers given: ${lower(field.label)}`);
  const max = field.type === 'textarea' ? 5000 : 200;
  if (text.length > max) return at(`${upper(field.label)} must be ${max} characters or fewer`);
  if (field.name === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return at('Enter an email address in the right format, like name@example.org');
  if (field.name === 'niNumber' && !/^[A-Z]{2}\d{6}[A-D]$/i.test(text.replace(/\s/g, ''))) return at('Enter a National Insurance number in the right format, like QQ 12 34 56 C');
  if (field.name === 'phone' && !/^\+?[\d\s()-]{7,20}$/.test(text)) return at('Enter a phone number, like 01632 960 001 or +44 7700 900 982');
  return undefined;
}

const entriesOf = (answers: SectionAnswers, group: Group): Record<string, string>[] => (Array.isArray(answers[group.name]) ? (answers[group.name] as Record<string, string>[]) : []);
const values = (answers: SectionAnswers) => answers as Record<string, unknown>;

/** Everything still to fix in one section, in the order of the page. An empty list: the section is complete. */
export function validateSection(form: FormDefinition, section: Section, answers: SectionAnswers, today: Date): FieldError[] {
  const errors: FieldError[] = [];
  const push = (e: FieldError | undefined) => e && errors.push(e);
  for (const field of section.fields) push(checkField(field, values(answers), today, field.name, ''));
  for (const group of section.groups) {
    if (!applies(group.when, values(answers))) continue;
    const entries = entriesOf(answers, group);
    entries.forEach((entry, i) => {
      for (const field of group.fields) push(checkField(field, entry, today, `${group.name}-${i}-${field.name}`, `${entryName(group, i)}: `));
      const from = group.fields.find((f) => f.name === 'from');
      const to = group.fields.find((f) => f.name === 'to');
      if (from && to) {
        const a = readMonth(entry, from, today).index;
        const b = readMonth(entry, to, today).index;
        if (a !== null && b !== null && b < a) push({ field: `${group.name}-${i}-to-month`, message: `${entryName(group, i)}: "${to.label}" must be the same as or after "${from.label}"` });
      }
    });
    if (entries.length < (group.min ?? 0) && group.name !== 'relatives') push({ field: group.name, message: `Add at least one ${group.entry}` });
  }
  for (const rule of SECTION_RULES[section.key] ?? []) errors.push(...rule(form, answers, today));
  return errors;
}

type Rule = (form: FormDefinition, answers: SectionAnswers, today: Date) => FieldError[];

/** Previous surnames: asked when the applicant says they changed name, or their status suggests it. */
const previousSurnames: Rule = (_form, answers) => {
  const atBirth = String(answers.surnameAtBirth ?? '').trim().toLowerCase();
  const now = String(answers.familyName ?? '').trim().toLowerCase();
  if (!MARRIED_STATUSES.includes(String(answers.maritalStatus)) || !atBirth || !now || atBirth === now) return [];
  const names = Array.isArray(answers.previousNames) ? answers.previousNames : [];
  if (answers.otherNames !== 'yes') return [{ field: 'otherNames', message: `Your surname at birth differs from your surname now: answer yes and add ${answers.surnameAtBirth} to your previous names` }];
  if (!names.some((n) => String(n.familyName ?? '').trim().toLowerCase() === atBirth)) return [{ field: 'previousNames', message: `Add your surname at birth (${answers.surnameAtBirth}) to your previous names` }];
  return [];
};

/** The address history covers the required years, up to today, with no gap and no overlap. */
const addressCoverage: Rule = (form, answers, today) => {
  const spans: Span[] = [];
  for (const entry of Array.isArray(answers.addresses) ? answers.addresses : []) {
    const from = readMonth(entry, { name: 'from', label: 'from' }, today).index;
    const to = readMonth(entry, { name: 'to', label: 'to' }, today);
    if (from === null || to.error) return []; // the entry's own error says what to fix first
    spans.push({ from, to: to.index });
  }
  return addressHistoryProblems(spans, form.addressYears, todayMonth(today)).map((message) => ({ field: 'addresses', message }));
};

/** Each close relative is listed (or said to be not known / estranged), and the answers agree with the list. */
const familyComplete: Rule = (_form, answers) => {
  const people = Array.isArray(answers.relatives) ? answers.relatives : [];
  const has = (relationship: string) => people.some((p) => p.relationship === relationship);
  const errors: FieldError[] = [];
  for (const [relationship, who] of [['mother', 'mother'], ['father', 'father']] as const) {
    if (!has(relationship)) errors.push({ field: 'relatives', message: `Add your ${who}: their details, or 'Not known' or 'Estranged' with an explanation` });
  }
  const agree = (question: string, relationship: string, yes: string, no: string) => {
    if (answers[question] === 'yes' && !has(relationship)) errors.push({ field: 'relatives', message: yes });
    if (answers[question] === 'no' && has(relationship)) errors.push({ field: question, message: no });
  };
  agree('hasPartner', 'partner', 'You said you have a partner: add them to the list of people', 'You listed a partner but answered no: change the answer or remove the partner');
  agree('childrenOver10', 'child', 'You said you have children aged 10 or over: add each of them to the list of people', 'You listed a child aged 10 or over but answered no: change the answer or remove the child');
  agree('coResidents', 'co-resident', 'You said someone else aged 10 or over lives with you: add them to the list of people', 'You listed someone who lives with you but answered no: change the answer or remove them');
  return errors;
};

const SECTION_RULES: Record<string, Rule[]> = {
  personal: [previousSurnames],
  addresses: [addressCoverage],
  family: [familyComplete],
};

/** Every answer name a section accepts from a form: its fields' parts and, per entry, its groups' fields' parts. */
export function acceptedNames(section: Section): { fields: string[]; groups: { name: string; parts: string[] }[] } {
  return {
    fields: section.fields.flatMap(partsOf),
    groups: section.groups.map((g) => ({ name: g.name, parts: ['entryId', ...g.fields.flatMap(partsOf)] })),
  };
}
