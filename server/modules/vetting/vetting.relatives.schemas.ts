import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';
import { withDates } from '../register/register.identity.schemas.ts';
import { pastDate } from '../register/register.schemas.ts';

/** A link's token: 32 random bytes in base64url (43 characters). Anything else is an unknown link. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const text = (what: string, max: number) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

const LinkSchema = z.object({
  relationship: z
    .string({ error: 'Enter who the link is for, for example "my father" or "co-resident"' })
    .trim()
    .min(2, 'Enter who the link is for, for example "my father" or "co-resident"')
    .max(80, 'Who the link is for must be 80 characters or fewer'),
});

export const parseLink = (input: unknown) => parseInput(LinkSchema, input);

function detailsSchema(now: Date) {
  return z.object({
    familyName: text('your family name (surname)', 100),
    givenNames: text('your given names', 200),
    // Blanks are refused: "None" is an answer, an empty box is not.
    previousNames: text('every name you have used before, or write "None"', 1000),
    dateOfBirth: pastDate('Date of birth', now).refine((v) => v !== null, 'Enter your date of birth'),
    placeOfBirth: text('your place of birth (town and country)', 200),
    address: text('your current address', 500),
    postcode: z
      .string({ error: 'Enter your postcode, or "None" if your address has none' })
      .trim()
      .min(2, 'Enter your postcode, or "None" if your address has none')
      .max(12, 'Postcode must be 12 characters or fewer'),
    nationality: text('your nationality, or every nationality you hold', 200),
  });
}

export type RelativeDetails = Omit<z.infer<ReturnType<typeof detailsSchema>>, 'dateOfBirth'> & { dateOfBirth: string };

/** What the relative typed, every field checked; the date as three GOV.UK boxes. */
export function parseDetails(input: unknown, now: Date): RelativeDetails {
  const body = (input ?? {}) as Record<string, unknown>;
  const parsed = parseInput(detailsSchema(now), withDates(body, ['dateOfBirth']));
  return { ...parsed, dateOfBirth: parsed.dateOfBirth! };
}

/** The fields of the relative's form, in order, as casework shows them. */
export const DETAIL_LABELS: [keyof RelativeDetails, string][] = [
  ['familyName', 'Family name'],
  ['givenNames', 'Given names'],
  ['previousNames', 'Previous names'],
  ['dateOfBirth', 'Date of birth'],
  ['placeOfBirth', 'Place of birth'],
  ['address', 'Address'],
  ['postcode', 'Postcode'],
  ['nationality', 'Nationality'],
];
