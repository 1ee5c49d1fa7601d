import { z } from 'zod';

export const BREAK_GLASS_MIN_LENGTH = 20;

export const BreakGlassSchema = z.object({
  reference: z
    .string({ error: 'Enter the record\'s reference, like NPF-000123, or one of its identifiers' })
    .trim()
    .min(1, 'Enter the record\'s reference, like NPF-000123, or one of its identifiers')
    .max(40, 'The reference or identifier must be 40 characters or fewer'),
  justification: z
    .string({ error: 'Enter why you need emergency access to this record' })
    .trim()
    .min(1, 'Enter why you need emergency access to this record')
    .min(BREAK_GLASS_MIN_LENGTH, `The justification must be at least ${BREAK_GLASS_MIN_LENGTH} characters: say why you need this record now, so that the managing officer and an auditor can understand it`)
    .max(2000, 'The justification must be 2000 characters or fewer'),
});
