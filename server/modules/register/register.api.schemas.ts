import { z } from 'zod';
import { parseInput } from '../../shared/validation.ts';
import { IDENTIFIER_KINDS } from './register.identifiers.ts';
import { IDENTIFIER_FIELDS } from './register.schemas.ts';

/**
 * The JSON shapes of the API, turned into the input the register's operations take (the same
 * input as the pages send). Only the shape is checked here; the operations check the content,
 * with the same messages as the pages.
 */

const text = (field: string) => z.string({ error: `${field} must be a string` }).optional();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const CreateNominalBody = z.strictObject(
  {
    nominalType: text('nominalType'),
    givenNames: text('givenNames'),
    familyName: text('familyName'),
    dateOfBirth: z
      .string({ error: 'dateOfBirth must be a date like 1985-03-27, or null if not known' })
      .regex(ISO_DATE, 'dateOfBirth must be a date like 1985-03-27, or null if not known')
      .nullable()
      .optional(),
    gender: text('gender'),
    ...Object.fromEntries(IDENTIFIER_KINDS.map((k) => [IDENTIFIER_FIELDS[k], text(IDENTIFIER_FIELDS[k])])),
    confirmedNew: z.boolean({ error: 'confirmedNew must be true or false' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : 'Send the record as a JSON object') },
);

/** POST /nominals: the JSON body as the create operation's input. */
export function createNominalInput(body: unknown): Record<string, unknown> {
  const data = parseInput(CreateNominalBody, body ?? null) as Record<string, unknown> & { dateOfBirth?: string | null; confirmedNew?: boolean };
  return {
    ...data,
    dateOfBirth: isoToParts(data.dateOfBirth),
    confirmedNew: data.confirmedNew ? 'yes' : undefined,
  };
}

const param = (name: string) => z.string({ error: `Give ${name} once, as text` }).optional();

const FindQuery = z.strictObject(
  {
    q: param('q'),
    dob: z.string({ error: 'Give dob once, as text' }).regex(ISO_DATE, 'dob must be a date like 1985-03-27').optional(),
    identifier: param('identifier'),
    unit: param('unit'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown query parameter: ${issue.keys.join(', ')}` : 'The query could not be read') },
);

/** GET /nominals: the query as the find operation's criteria (the date as the form's three boxes). */
export function findNominalsInput(query: unknown): Record<string, unknown> {
  const data = parseInput(FindQuery, query ?? {});
  return { ...data, dob: isoToParts(data.dob) };
}

/** An ISO date as the GOV.UK date input's three boxes, which the operations take. */
export function isoToParts(iso: string | null | undefined) {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}
