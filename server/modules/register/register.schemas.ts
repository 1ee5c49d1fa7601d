import { z } from 'zod';
import { IDENTIFIER_KINDS, parseIdentifier, type IdentifierKind } from './register.identifiers.ts';

export const NOMINAL_TYPES = ['rso', 'violent-other-sexual', 'other-dangerous', 'terrorist', 'pdp'] as const;
export const NOMINAL_TYPE_NAMES: Record<(typeof NOMINAL_TYPES)[number], string> = {
  rso: 'Registered sex offender (category 1)',
  'violent-other-sexual': 'Violent or other sexual offender (category 2)',
  'other-dangerous': 'Other dangerous offender (category 3)',
  terrorist: 'Terrorist or terrorism risk (category 4)',
  pdp: 'Potentially dangerous person',
};
export const GENDERS = ['female', 'male', 'other', 'not-known'] as const;

/** The form's field names for identifiers. */
export const IDENTIFIER_FIELDS: Record<IdentifierKind, string> = {
  pnc: 'pnc',
  cro: 'cro',
  crn: 'crn',
  'prison-number': 'prisonNumber',
  'ni-number': 'niNumber',
};

const name = (what: string, max: number) =>
  z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(max, `The ${what} must be ${max} characters or fewer`);

/** GOV.UK date input: three boxes, checked together, refused if impossible or in the future. */
export function pastDate(label: string, now: Date) {
  return z
    .object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() })
    .transform((d, ctx) => {
      if (!d.day && !d.month && !d.year) return null;
      const [day, month, year] = [Number(d.day), Number(d.month), Number(d.year)];
      if (!d.day || !d.month || !d.year || [day, month, year].some((v) => !Number.isInteger(v))) {
        ctx.addIssue({ code: 'custom', message: `${label} must include a day, month and year, like 27 3 1985` });
        return z.NEVER;
      }
      const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const date = new Date(`${iso}T00:00:00Z`);
      if (year < 1900 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a real date` });
        return z.NEVER;
      }
      if (date > now) {
        ctx.addIssue({ code: 'custom', message: `${label} must be in the past` });
        return z.NEVER;
      }
      return iso;
    });
}

const dateOfBirth = (now: Date) => pastDate('Date of birth', now);

export function createNominalSchema(now: Date) {
  return z
    .object({
      nominalType: z.enum(NOMINAL_TYPES, { error: 'Select the type of record' }),
      givenNames: name('given names', 200),
      familyName: name('family name', 100),
      dateOfBirth: dateOfBirth(now),
      gender: z.enum(GENDERS, { error: 'Select a gender, or "Not known"' }),
      ...Object.fromEntries(IDENTIFIER_KINDS.map((k) => [IDENTIFIER_FIELDS[k], z.string().trim().optional().default('')])),
      confirmedNew: z.string().optional(),
    })
    .transform((v, ctx) => {
      const identifiers: { kind: IdentifierKind; value: string }[] = [];
      for (const kind of IDENTIFIER_KINDS) {
        const raw = (v as Record<string, unknown>)[IDENTIFIER_FIELDS[kind]] as string;
        if (!raw) continue;
        const parsed = parseIdentifier(kind, raw);
        if (parsed.ok) identifiers.push({ kind, value: parsed.value });
        else ctx.addIssue({ code: 'custom', message: parsed.message, path: [IDENTIFIER_FIELDS[kind]] });
      }
      return { ...v, identifiers, confirmedNew: v.confirmedNew === 'yes' };
    });
}

export type CreateNominalInput = z.output<ReturnType<typeof createNominalSchema>>;

/** Every kind an identifier typed into "find" could be, each in its normal form. */
export function identifierCandidates(raw: string): { kind: IdentifierKind; value: string }[] {
  return IDENTIFIER_KINDS.flatMap((kind) => {
    const parsed = parseIdentifier(kind, raw);
    return parsed.ok ? [{ kind, value: parsed.value }] : [];
  });
}

/**
 * Find nominal: any of name, date of birth, identifier and owning unit, all of
 * them applying together. The date of birth is matched with tolerance (see findNominals).
 */
export function findSchema(now: Date) {
  return z
    .object({
      q: z.string().trim().max(200, 'Search for 200 characters or fewer').optional().default(''),
      // From the page: three boxes; from the API: 'YYYY-MM-DD' text, or nothing.
      dob: z.preprocess((v) => {
        if (v === undefined || v === null || v === '') return { day: '', month: '', year: '' };
        if (typeof v === 'string') {
          const [year = '', month = '', day = ''] = v.split('-');
          return { day, month, year };
        }
        return v;
      }, dateOfBirth(now)),
      identifier: z
        .string()
        .trim()
        .max(40, 'An identifier is 40 characters or fewer')
        .refine((v) => !v || identifierCandidates(v).length > 0, 'Enter a PNC, CRO, CRN, prison or National Insurance number as it is written, like 2012/0052834K')
        .optional()
        .default(''),
      unit: z.union([z.uuid(), z.literal('')], { error: 'Choose an owning unit from the list' }).optional().default(''),
    })
    .transform((v) => ({ ...v, identifiers: v.identifier ? identifierCandidates(v.identifier) : [], any: !!(v.q || v.dob || v.identifier || v.unit) }));
}
