import type { FieldDef, FormDef } from './notification.schemas.ts';

/**
 * Review of indefinite notification (Sexual Offences Act 2003, s.91A-91F): the forms for each
 * step, from the application to the appeal. The statutory factors (s.91C) are each a field, so
 * the decision-maker records what they considered under every one of them.
 */
export const FACTORS = [
  { name: 'seriousness', label: 'The seriousness of the offence' },
  { name: 'timeSince', label: 'The time since the person was convicted or cautioned' },
  { name: 'age', label: 'The person\'s age at the time of the offences, and now' },
  { name: 'assessments', label: 'Risk assessments by the responsible bodies' },
  { name: 'convictionsSince', label: 'Convictions or cautions since' },
  { name: 'compliance', label: 'The person\'s behaviour and compliance with the notification requirements' },
  { name: 'victims', label: 'Evidence from victims or others' },
  { name: 'other', label: 'Any other information considered' },
] as const;

export type FactorName = (typeof FACTORS)[number]['name'];

const factorFields: FieldDef[] = FACTORS.map((f) => ({ name: f.name, label: f.label, type: 'textarea', max: 2000 }));

export const REVIEW_FORMS: Record<'apply' | 'acknowledge' | 'factors' | 'decision' | 'appeal' | 'appeal-decision', FormDef> = {
  apply: {
    key: 'apply',
    title: 'Record an application for review of indefinite notification',
    done: 'Application recorded',
    fields: [{ name: 'appliedOn', label: 'Date the application was received', type: 'date', required: true, past: true }],
  },
  acknowledge: {
    key: 'acknowledge',
    title: 'Record the acknowledgement',
    done: 'Acknowledgement recorded',
    fields: [{ name: 'acknowledgedOn', label: 'Date the application was acknowledged', type: 'date', required: true, past: true }],
  },
  factors: { key: 'factors', title: 'The statutory factors considered', done: 'Factors saved', fields: factorFields },
  decision: {
    key: 'decision',
    title: 'Record the decision',
    done: 'Decision recorded',
    fields: [
      {
        name: 'outcome',
        label: 'Decision',
        type: 'choice',
        required: true,
        missing: 'Select the decision',
        choices: [
          { value: 'discharged', text: 'Discharged from the notification requirements' },
          { value: 'refused', text: 'Refused: the person stays subject to notification' },
        ],
      },
      { name: 'decidedOn', label: 'Date of the decision', type: 'date', required: true, past: true },
      { name: 'reasons', label: 'Reasons for the decision', type: 'textarea', required: true, max: 5000 },
    ],
  },
  appeal: {
    key: 'appeal',
    title: 'Record an appeal to the magistrates\' court',
    done: 'Appeal recorded',
    fields: [{ name: 'appealLodgedOn', label: 'Date the appeal was lodged', type: 'date', required: true, past: true }],
  },
  'appeal-decision': {
    key: 'appeal-decision',
    title: 'Record the court\'s decision on the appeal',
    done: 'Appeal decision recorded',
    fields: [
      {
        name: 'appealOutcome',
        label: 'Decision on the appeal',
        type: 'choice',
        required: true,
        missing: 'Select the decision on the appeal',
        choices: [
          { value: 'allowed', text: 'Allowed: the person is discharged from the notification requirements' },
          { value: 'dismissed', text: 'Dismissed: the refusal stands' },
        ],
      },
      { name: 'appealDecidedOn', label: 'Date of the court\'s decision', type: 'date', required: true, past: true },
    ],
  },
};

export type ReviewStep = Exclude<keyof typeof REVIEW_FORMS, 'apply'>;
export const reviewStep = (s: unknown): ReviewStep | undefined => (typeof s === 'string' && s !== 'apply' && Object.hasOwn(REVIEW_FORMS, s) ? (s as ReviewStep) : undefined);
