import { z } from 'zod';
import { ROLES } from '../../shared/context.ts';

const roles = z
  .array(z.enum(ROLES, { error: 'Choose roles from the list' }))
  .min(1, 'Select at least one role');

export const CreateUserSchema = z.object({
  username: z
    .string({ error: 'Enter a username' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter a username')
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,63}$/,
      'Username must be 3 to 64 characters: lower-case letters, numbers, dots, hyphens or underscores, starting with a letter or number',
    ),
  displayName: z.string({ error: 'Enter the full name' }).trim().min(1, 'Enter the full name').max(200, 'Full name must be 200 characters or fewer'),
  email: z.string({ error: 'Enter an email address' }).trim().toLowerCase().min(1, 'Enter an email address').email('Enter an email address in the correct format, like name@example.org'),
  unitId: z.string({ error: 'Select a unit' }).uuid('Select a unit'),
  roles,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateRolesSchema = z.object({
  roles: z.array(z.enum(ROLES, { error: 'Choose roles from the list' })),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1, 'Reload the page and try again'),
});

export const VersionSchema = z.object({
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1, 'Reload the page and try again'),
});

export const UserIdSchema = z.string().uuid();
