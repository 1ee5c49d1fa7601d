import { z } from 'zod';
import { ukToday } from '../../shared/clock.ts';
import { parseInput } from '../../shared/validation.ts';
import { GRADING_SYSTEMS, type FieldDef, type ItemKindDef, type Sensitivity } from './register.items.ts';

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
const DEFAULT_MAX: Record<string, number> = { text: 200, textarea: 4000 };

/**
 * A date from a GOV.UK date input (three boxes, `name-day` etc.) or from the
 * API (`YYYY-MM-DD`), as an ISO date or null when left blank.
 */
function dateOf(input: Record<string, unknown>, name: string): { iso: string | null } | { error: string } | { blank: true } {
  const raw = input[name];
  let day: string, month: string, year: string;
  if (typeof raw === 'string' && raw.trim()) {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw.trim());
    if (!m) return { error: 'must be a date like 2024-03-27' };
    [year, month, day] = [m[1]!, m[2]!, m[3]!];
  } else {
    [day, month, year] = ['day', 'month', 'year'].map((p) => String(input[`${name}-${p}`] ?? '').trim()) as [string, string, string];
    if (!day && !month && !year) return { blank: true };
    if (!day || !month || !year) return { error: 'must include a day, month and year' };
  }
  const [d, mo, y] = [Number(day), Number(month), Number(year)];
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (![d, mo, y].every(Number.isInteger) || y < 1900 || y > 2200 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { error: 'must be a real date' };
  }
  return { iso };
}

function dateSchema(f: FieldDef, today: string) {
  return z.custom<ReturnType<typeof dateOf>>().transform((d, ctx) => {
    if ('error' in d) ctx.addIssue({ code: 'custom', message: `${f.label} ${d.error}` });
    else if ('blank' in d) {
      if (f.required) ctx.addIssue({ code: 'custom', message: `Enter the ${lower(f.label)}` });
      return null;
    } else if (f.past && d.iso! > today) ctx.addIssue({ code: 'custom', message: `${f.label} must be today or in the past` });
    else return d.iso;
    return z.NEVER;
  });
}

function fieldSchema(f: FieldDef) {
  const what = lower(f.label);
  switch (f.type) {
    case 'text':
    case 'textarea': {
      const max = f.max ?? DEFAULT_MAX[f.type]!;
      let s = z.string({ error: `Enter the ${what}` }).trim().max(max, `${f.label} must be ${max} characters or fewer`);
      if (f.required) s = s.min(1, `Enter the ${what}`);
      const p = f.pattern;
      return s.transform((v, ctx) => {
        if (!v) return null;
        const value = p?.upper ? v.toUpperCase() : v;
        if (p && !p.regex.test(value)) {
          ctx.addIssue({ code: 'custom', message: p.message });
          return z.NEVER;
        }
        return value;
      });
    }
    case 'choice': {
      const values = (f.choices ?? []).map((ch) => ch.value);
      const s = z.union([z.enum(values as [string, ...string[]], { error: `Select the ${what}` }), z.literal('')], { error: `Select the ${what}` });
      return s.transform((v, ctx) => {
        if (v === '' && f.required) {
          ctx.addIssue({ code: 'custom', message: `Select the ${what}` });
          return z.NEVER;
        }
        return v || null;
      });
    }
    case 'yesno':
      return z
        .union([z.boolean(), z.enum(['yes', 'no', ''])], { error: `Select yes or no for "${f.label}"` })
        .transform((v, ctx) => {
          if (v === '' && f.required) {
            ctx.addIssue({ code: 'custom', message: `Select yes or no for "${f.label}"` });
            return z.NEVER;
          }
          return v === '' ? null : v === true || v === 'yes';
        });
    default:
      return z.any();
  }
}

export interface ParsedItem {
  data: Record<string, unknown>;
  sensitivity: Sensitivity;
}

/**
 * Checks an item's input against its kind's definition. Every message says
 * what to fix; nothing is stored unless all of it is right. Files are checked
 * by the caller (their bytes), dates and cross-field rules here.
 */
export function parseItem(def: ItemKindDef, input: unknown, now: Date): ParsedItem {
  const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  // A field left out is treated as left blank, so it meets the same "Enter the ..." message.
  const body: Record<string, unknown> = { sensitivity: 'standard', ...given };
  const shape: Record<string, z.ZodType> = {};
  const today = ukToday(now);
  for (const f of def.fields) {
    if (f.type === 'file') continue;
    if (f.type === 'date') {
      // Read from the three boxes (or the API's ISO text) first, so date errors are listed with the rest.
      body[f.name] = dateOf(given, f.name);
      shape[f.name] = dateSchema(f, today);
      continue;
    }
    body[f.name] ??= '';
    shape[f.name] = fieldSchema(f);
  }
  if (def.sensitivity === 'choose') {
    shape.sensitivity = z.enum(['standard', 'restricted'], { error: 'Select who may see this: everyone with access, or restricted' });
  }
  const schema = z.object(shape).transform((v, ctx) => {
    const data: Record<string, unknown> = {};
    for (const f of def.fields) {
      if (f.type !== 'file' && v[f.name] !== null && v[f.name] !== undefined) data[f.name] = v[f.name];
    }
    for (const f of def.fields) {
      const start = f.notBefore && def.fields.find((g) => g.name === f.notBefore);
      if (start && typeof data[f.name] === 'string' && typeof data[start.name] === 'string' && (data[f.name] as string) < (data[start.name] as string)) {
        ctx.addIssue({ code: 'custom', path: [f.name], message: `${f.label} must be the same as or after the ${lower(start.label)}` });
      }
    }
    kindRules(def, data, ctx);
    const sensitivity: Sensitivity = def.sensitivity === 'choose' ? (v.sensitivity as Sensitivity) : def.sensitivity;
    return { data, sensitivity };
  });
  return parseInput(schema, body) as ParsedItem;
}

/** Rules that join fields of one kind: what a single field's definition cannot say. */
function kindRules(def: ItemKindDef, data: Record<string, unknown>, ctx: z.RefinementCtx) {
  if (def.kind === 'associate' && !data.name && !data.nominalReference) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter the name of the person, or their register reference' });
  }
  if (def.kind === 'mappa' && data.screening === 'not-level-2-3' && data.level !== '1') {
    ctx.addIssue({ code: 'custom', path: ['screening'], message: 'A case screened as not to be managed at level 2 or 3 is managed at level 1: choose level 1, or another outcome' });
  }
  if (def.kind === 'activity') {
    const system = data.gradingSystem as keyof typeof GRADING_SYSTEMS | undefined;
    if (data.entryType === 'intelligence' && !system) ctx.addIssue({ code: 'custom', path: ['gradingSystem'], message: 'Select the grading system for intelligence' });
    if (system) {
      const grades = GRADING_SYSTEMS[system];
      const checks = [
        ['sourceGrade', 'source evaluation', grades.source],
        ['intelligenceGrade', 'intelligence assessment', grades.intelligence],
        ['handlingCode', 'handling code', grades.handling],
      ] as const;
      for (const [field, what, allowed] of checks) {
        if (!(allowed as readonly string[]).includes(data[field] as string)) {
          ctx.addIssue({ code: 'custom', path: [field], message: `Select a ${what} from the ${system} system: ${allowed.join(', ')}` });
        }
      }
    }
  }
}
