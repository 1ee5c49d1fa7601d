/**
 * The vetting form as data, one version per level. Pages, validation, the check-your-answers page
 * and the privacy notice are all generated from this definition, so the notice can never say
 * something different from what the form asks. A change to a question is a new version id: an
 * application keeps the version it was issued with.
 */
import { formSections } from './vetting.form.questions.ts';

export type VettingLevel = 'NPPV2' | 'NPPV3';

export type FieldType = 'text' | 'textarea' | 'date' | 'month' | 'yesno' | 'choice' | 'confirm';

/** Why a question is asked and what happens to the answer: shown beside it and in the privacy notice. */
export interface DataUse {
  purpose: string;
  lawfulBasis: string;
  seenBy: string;
  retention: string;
}

export interface Condition {
  /** The field, or several: the condition holds when any of them has the answer. */
  field: string | string[];
  /** The field's answer (or one of them) that makes this one apply. */
  equals: string | string[];
}

export interface Field extends DataUse {
  name: string;
  label: string;
  hint?: string;
  type: FieldType;
  options?: { value: string; text: string }[];
  /** Required unless false; a conditional field is required only when its condition holds. */
  optional?: boolean;
  when?: Condition;
  /** What to write instead of leaving it blank, in the error message ("or write 'not known'..."). */
  blankAdvice?: string;
  /** Dates that may not be in the future (births, moves...). All dates here are past unless said. */
  future?: boolean;
}

/** A list the applicant adds entries to: addresses, relatives, jobs... */
export interface Group {
  name: string;
  /** One entry, in a sentence: "address", "relative". */
  entry: string;
  title: string;
  hint?: string;
  fields: Field[];
  when?: Condition;
  /** At least this many entries (when the group applies). */
  min?: number;
}

export interface Section {
  key: string;
  title: string;
  intro: string[];
  fields: Field[];
  groups: Group[];
  /** Cannot start until every other section is complete (the declaration). */
  last?: boolean;
}

export interface FormDefinition {
  version: string;
  level: VettingLevel;
  /** Years of address history asked for. */
  addressYears: number;
  /** Years of financial history asked about. */
  financeYears: number;
  sections: Section[];
}

function define(version: string, level: VettingLevel, addressYears: number, financeYears: number): FormDefinition {
  return { version, level, addressYears, financeYears, sections: formSections({ level, addressYears, financeYears }) };
}

/** Every version ever issued stays here: an application is read against its own version. */
export const FORM_VERSIONS: Record<string, FormDefinition> = {
  'NPPV2-2026.1': define('NPPV2-2026.1', 'NPPV2', 5, 6),
  'NPPV3-2026.1': define('NPPV3-2026.1', 'NPPV3', 10, 10),
};

/** The version new applications at a level are issued with. */
export const CURRENT_FORM_VERSION: Record<VettingLevel, string> = { NPPV2: 'NPPV2-2026.1', NPPV3: 'NPPV3-2026.1' };

export const formDefinition = (version: unknown): FormDefinition | undefined =>
  typeof version === 'string' && Object.hasOwn(FORM_VERSIONS, version) ? FORM_VERSIONS[version] : undefined;

export const sectionOf = (form: FormDefinition, key: unknown): Section | undefined => form.sections.find((s) => s.key === key);

/** Whether a conditional field or group applies, given the section's answers as typed. */
export function applies(when: Condition | undefined, answers: Record<string, unknown>): boolean {
  if (!when) return true;
  const wanted = Array.isArray(when.equals) ? when.equals : [when.equals];
  const fields = Array.isArray(when.field) ? when.field : [when.field];
  return fields.some((name) => wanted.includes(String(answers[name] ?? '')));
}

/** The names a field's answer is stored under: date and month fields have one per box. */
export function partsOf(field: Field): string[] {
  if (field.type === 'date') return [`${field.name}-day`, `${field.name}-month`, `${field.name}-year`];
  if (field.type === 'month') return [`${field.name}-month`, `${field.name}-year`];
  return [field.name];
}
