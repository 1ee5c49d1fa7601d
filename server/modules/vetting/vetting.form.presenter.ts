import { applies, type Field, type Section } from './vetting.form.definition.ts';
import type { SectionAnswers } from './vetting.form.repository.ts';
import { monthText, monthIndex } from './vetting.form.validation.ts';

/**
 * Answers as people read them, for check your answers: a choice's words, dates written out.
 * Questions that do not apply (a detail asked only after "yes") are left out.
 */
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function displayAnswer(field: Field, values: Record<string, unknown>): string {
  const v = (suffix = '') => String(values[`${field.name}${suffix}`] ?? '').trim();
  switch (field.type) {
    case 'date': {
      const [d, m, y] = [v('-day'), v('-month'), v('-year')];
      if (!d && !m && !y) return '';
      return MONTH_NAMES[Number(m) - 1] && /^\d{4}$/.test(y) ? `${Number(d)} ${MONTH_NAMES[Number(m) - 1]} ${y}` : `${d} ${m} ${y}`;
    }
    case 'month': {
      const [m, y] = [v('-month'), v('-year')];
      if (!m && !y) return '';
      return Number(m) >= 1 && Number(m) <= 12 && /^\d{4}$/.test(y) ? monthText(monthIndex(Number(y), Number(m))) : `${m} ${y}`;
    }
    case 'confirm':
      return v() ? 'Confirmed' : '';
    default:
      return field.options?.find((o) => o.value === v())?.text ?? v();
  }
}

export interface SummaryRow {
  key: string;
  value: string;
}

/** The rows of a section's summary: one per question that applies, one per entry of each list. */
export function summaryRows(section: Section, answers: SectionAnswers): SummaryRow[] {
  const values = answers as Record<string, unknown>;
  const rows: SummaryRow[] = [];
  for (const field of section.fields) {
    if (applies(field.when, values)) rows.push({ key: field.label, value: displayAnswer(field, values) || 'Not answered' });
  }
  for (const group of section.groups) {
    if (!applies(group.when, values)) continue;
    const entries = Array.isArray(answers[group.name]) ? (answers[group.name] as Record<string, string>[]) : [];
    entries.forEach((entry, i) => {
      const lines = group.fields.filter((f) => applies(f.when, entry)).map((f) => `${f.label}: ${displayAnswer(f, entry) || (f.optional ? 'None' : 'Not answered')}`);
      rows.push({ key: `${group.entry.charAt(0).toUpperCase()}${group.entry.slice(1)} ${i + 1}`, value: lines.join('\n') });
    });
    if (!entries.length) rows.push({ key: group.title, value: 'None listed' });
  }
  return rows;
}
