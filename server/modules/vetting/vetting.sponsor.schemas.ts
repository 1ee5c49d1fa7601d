import { z } from 'zod';
import { isUuid } from '../../shared/ids.ts';

export const NEED_MESSAGE = "Explain the role's need for register access in at least 10 characters";

export const SponsorSchema = z.object({
  applicantId: z.string({ error: 'Select the member of staff to be vetted' }).refine(isUuid, 'Select the member of staff to be vetted'),
  level: z.enum(['NPPV2', 'NPPV3'], { error: 'Select the level of vetting: NPPV2 for register users, NPPV3 for system administrators' }),
  need: z
    .string({ error: NEED_MESSAGE })
    .trim()
    .min(10, NEED_MESSAGE)
    .max(2000, "The role's need must be 2000 characters or fewer"),
});
