import { z } from 'zod';

export const PARTNER_ROLES = ['partner', 'restricted-partner', 'supervisor', 'view-only'] as const;

/** As the access page names them, with what each may do (access.cedar decides it). */
export const PARTNER_ROLE_NAMES: Record<(typeof PARTNER_ROLES)[number], { name: string; hint: string }> = {
  partner: { name: 'Partner', hint: 'Can read and change the record, but not its restricted items' },
  'restricted-partner': { name: 'Restricted partner', hint: 'Can read the record, but not its restricted items, and cannot change it' },
  supervisor: { name: 'Supervisor', hint: 'Can read the record with its restricted items, and see who has viewed it' },
  'view-only': { name: 'View only', hint: 'Can read the record, but not its restricted items' },
};

const uuid = (message: string) => z.string({ error: message }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);
const role = (field: string) => z.enum(PARTNER_ROLES, { error: `Select the ${field}` });

const username = z
  .string({ error: 'Enter the username of the person' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter the username of the person')
  .max(64, 'A username is 64 characters or fewer');

const message = (what: string) =>
  z
    .string({ error: `Enter a message saying why ${what}` })
    .trim()
    .min(1, `Enter a message saying why ${what}`)
    .max(500, 'The message must be 500 characters or fewer');

/** One schema per form on the access page; field names are unique on the page, for the error summary. */
export const ACCESS_CHANGES = {
  'add-partner': z.object({ partnerUnit: uuid('Select the unit to add as a partner'), partnerRole: role('partner unit\'s role') }),
  'change-partner-role': z.object({ unitId: uuid('Select the partner unit to change'), role: role('new role'), currentRole: role('current role') }),
  'remove-partner': z.object({ unitId: uuid('Select the partner unit to remove') }),
  'add-exclusion': z.object({ excludeUsername: username, excludeMessage: message('this person must not see the record') }),
  'remove-exclusion': z.object({ userId: uuid('Select the exclusion to remove') }),
  'add-restriction': z.object({ restrictUsername: username, restrictMessage: message('the record is restricted to named people') }),
  'remove-restriction': z.object({ userId: uuid('Select the person to remove from the restriction') }),
} as const;

export type AccessChange = keyof typeof ACCESS_CHANGES;
export const isAccessChange = (v: unknown): v is AccessChange => typeof v === 'string' && Object.hasOwn(ACCESS_CHANGES, v);
