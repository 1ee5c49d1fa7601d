import { z } from 'zod';
import { IDENTIFIER_KINDS, IDENTIFIER_NAMES, parseIdentifier } from './register.identifiers.ts';
import { GENDERS, NOMINAL_TYPES, pastDate } from './register.schemas.ts';

const version = z.coerce.number({ error: 'Reload the page and make your change again' }).int().min(1, 'Reload the page and make your change again');
const yesNo = (what: string) => z.enum(['yes', 'no'], { error: `Select yes if they are ${what}` });
const threeBoxes = (body: Record<string, unknown>, name: string) => ({
  day: String(body[`${name}-day`] ?? ''),
  month: String(body[`${name}-month`] ?? ''),
  year: String(body[`${name}-year`] ?? ''),
});

/** The form's date boxes gathered into the objects the date schemas read. */
export const withDates = (body: Record<string, unknown>, names: string[]) => ({ ...body, ...Object.fromEntries(names.map((n) => [n, threeBoxes(body, n)])) });

/** A record's details: type, gender, date of birth, and the wanted and missing flags with their dates. */
export function detailsSchema(now: Date) {
  return z
    .object({
      nominalType: z.enum(NOMINAL_TYPES, { error: 'Select the type of record' }),
      gender: z.enum(GENDERS, { error: 'Select a gender, or "Not known"' }),
      dateOfBirth: pastDate('Date of birth', now),
      wanted: yesNo('wanted'),
      wantedSince: pastDate('The date they have been wanted since', now),
      missing: yesNo('missing'),
      missingSince: pastDate('The date they have been missing since', now),
      version,
    })
    .transform((v, ctx) => {
      for (const [flag, date, what] of [['wanted', 'wantedSince', 'wanted'], ['missing', 'missingSince', 'missing']] as const) {
        if (v[flag] === 'yes' && !v[date]) ctx.addIssue({ code: 'custom', path: [date], message: `Enter the date they have been ${what} since` });
      }
      return {
        nominalType: v.nominalType,
        gender: v.gender,
        dateOfBirth: v.dateOfBirth,
        wantedSince: v.wanted === 'yes' ? v.wantedSince : null,
        missingSince: v.missing === 'yes' ? v.missingSince : null,
        version: v.version,
      };
    });
}

const nameText = (what: string, max: number) => z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(max, `The ${what} must be ${max} characters or fewer`);

/** Another name: an alias, a previous name, or a new current name (the old one is kept as previous). */
export const NameSchema = z.object({
  nameType: z.enum(['alias', 'previous', 'primary'], { error: 'Select what kind of name this is' }),
  givenNames: nameText('given names', 200),
  familyName: nameText('family name', 100),
  version,
});

export const IdentifierSchema = z
  .object({
    kind: z.enum(IDENTIFIER_KINDS, { error: 'Select the kind of identifier' }),
    value: z.string({ error: 'Enter the identifier' }).trim().min(1, 'Enter the identifier'),
    version,
  })
  .transform((v, ctx) => {
    const parsed = parseIdentifier(v.kind, v.value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.message });
      return z.NEVER;
    }
    return { kind: v.kind, value: parsed.value, version: v.version, label: IDENTIFIER_NAMES[v.kind] };
  });

export const RemoveIdentifierSchema = z.object({ kind: z.enum(IDENTIFIER_KINDS, { error: 'Choose an identifier to remove' }), value: z.string().trim().min(1), version });
export const RemoveNameSchema = z.object({ version });
