import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The published criteria a vetting decision is made against, and the reason codes a decision
 * gives. Published means versioned: each decision keeps the version it was made under, so a
 * decision can always be read against the list that was in force. The service's own list is
 * below; a vetting authority publishes its own by pointing VETTING_CRITERIA_FILE at a JSON file
 * of the same shape (checked at start-up: a bad file stops the service rather than deciding
 * against a list nobody published).
 */

export const REASON_CODES = ['non-disclosure', 'adverse-information', 'financial', 'insufficient-residency', 'other'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** How reasons read to officers, and in plain words to the applicant when they may be disclosed. */
export const REASONS: Record<ReasonCode, { name: string; applicantText: string }> = {
  'non-disclosure': {
    name: 'Failure to disclose',
    applicantText: 'Information that the checks found was not disclosed on your form. Not telling us is treated as a reason in its own right, apart from what the information was.',
  },
  'adverse-information': {
    name: 'Adverse information',
    applicantText: 'The checks found information about you or someone connected to you that, weighed against the published criteria, means the risk could not be accepted.',
  },
  financial: {
    name: 'Financial circumstances',
    applicantText: 'Your financial circumstances (for example county court judgments or unmanaged debt) could make you vulnerable to pressure.',
  },
  'insufficient-residency': {
    name: 'Insufficient residency',
    applicantText: 'You have not lived in the UK long enough for the checks to give a reliable picture.',
  },
  other: { name: 'Other reason', applicantText: 'Another reason, explained in the decision letter.' },
};

const CriterionSchema = z.object({
  code: z.string().regex(/^[A-Z]{1,4}\d{1,3}$/, 'A criterion code looks like C1 or FIN2'),
  title: z.string().min(3).max(200),
  description: z.string().min(3).max(2000),
  /** Non-conviction information (intelligence, arrests without charge): the two-stage test applies. */
  nonConviction: z.boolean().default(false),
});

const CriteriaSchema = z.object({
  version: z.string().regex(/^[A-Za-z0-9.-]{1,40}$/, 'The criteria version is letters, digits, dots and dashes'),
  publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'publishedOn is a date like 2026-04-01'),
  criteria: z.array(CriterionSchema).min(1),
});

export type Criterion = z.infer<typeof CriterionSchema>;
export type Criteria = z.infer<typeof CriteriaSchema>;

/** The service's published list: after the vetting code of practice's decision considerations. */
export const DEFAULT_CRITERIA: Criteria = {
  version: 'VC-2026.1',
  publishedOn: '2026-04-01',
  criteria: [
    { code: 'C1', title: 'Convictions and cautions', description: 'The nature, seriousness and number of offences, how long ago, age at the time, and whether they bear on the role.', nonConviction: false },
    { code: 'C2', title: 'Non-conviction information', description: 'Intelligence, arrests and investigations without a conviction: weighed with the two-stage test.', nonConviction: true },
    { code: 'C3', title: 'Associations', description: 'Relatives, partners, co-residents or associates with criminal involvement that could expose the applicant to pressure or compromise.', nonConviction: true },
    { code: 'C4', title: 'Honesty and disclosure', description: 'Whether the applicant disclosed what the checks found; a failure to disclose is its own reason.', nonConviction: false },
    { code: 'C5', title: 'Financial vulnerability', description: 'County court judgments, insolvency, unmanaged debt: whether they make the applicant vulnerable to pressure.', nonConviction: false },
    { code: 'C6', title: 'Residency and checkability', description: 'Whether the applicant has lived in the UK long enough for the checks to be meaningful.', nonConviction: false },
    { code: 'C7', title: 'Mitigation and context', description: 'What the applicant told us up front, the circumstances, and time since events.', nonConviction: false },
  ],
};

/** The criteria from a published JSON file, or a clear message saying what is wrong with it. */
export function loadCriteria(file: string | undefined): Criteria {
  if (!file) return DEFAULT_CRITERIA;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`VETTING_CRITERIA_FILE ${file} could not be read as JSON: ${(error as Error).message}`);
  }
  const parsed = CriteriaSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`VETTING_CRITERIA_FILE ${file} is not a criteria list: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const codes = parsed.data.criteria.map((c) => c.code);
  if (new Set(codes).size !== codes.length) throw new Error(`VETTING_CRITERIA_FILE ${file} repeats a criterion code`);
  return parsed.data;
}
