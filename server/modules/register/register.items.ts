/**
 * The kinds of attachment ("item") a register record holds, as data: their
 * fields, sensitivity and the section of the record they belong to. The forms,
 * the validation (register.items.validation.ts), the pages and the API all come
 * from these definitions, so adding a field is a change here and nowhere else.
 */

export type FieldType = 'text' | 'textarea' | 'date' | 'choice' | 'yesno' | 'file';

export interface Choice {
  value: string;
  text: string;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  hint?: string;
  /** Maximum length of text; defaults by type. */
  max?: number;
  choices?: readonly Choice[];
  /** A date that cannot be in the future (a birth, an assessment, something that happened). */
  past?: boolean;
  /** A date that must be on or after this other date field (an end after its start). */
  notBefore?: string;
  /** A pattern the trimmed, upper-cased text must match, and what to say if it does not. */
  pattern?: { regex: RegExp; message: string; upper?: boolean };
  /** Files: what content may be uploaded (checked from the bytes, not the name). */
  accept?: 'image' | 'image-or-pdf';
}

export type Sensitivity = 'standard' | 'restricted';

export interface ItemKindDef {
  kind: string;
  /** Singular and plural names as users say them. */
  name: string;
  plural: string;
  section: SectionKey;
  /**
   * 'restricted' always (medical details), 'standard' always (what every officer with access must
   * see: modus operandi, risk factors, licence conditions, people at risk), or the author's choice.
   */
  sensitivity: Sensitivity | 'choose';
  fields: readonly FieldDef[];
  /** The field shown as each item's heading. */
  title: string;
}

export const SECTIONS = {
  identity: 'Identity',
  addresses: 'Addresses',
  'life-and-links': 'Employment, finance, vehicles and associates',
  offending: 'Offending and orders',
  risk: 'Risk',
  mappa: 'MAPPA',
  activity: 'Activity and intelligence',
  disclosures: 'Disclosures',
} as const;
export type SectionKey = keyof typeof SECTIONS;

const c = (...values: [string, string][]): Choice[] => values.map(([value, text]) => ({ value, text }));

const from = (label = 'Start date'): FieldDef => ({ name: 'from', label, type: 'date' });
const to = (label = 'End date'): FieldDef => ({ name: 'to', label, type: 'date', notBefore: 'from', hint: 'Leave blank if this is current' });
const notes: FieldDef = { name: 'notes', label: 'Notes', type: 'textarea' };

const POSTCODE: FieldDef['pattern'] = {
  regex: /^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$/,
  message: 'Enter a real postcode, like SW1A 2AA, or leave it blank if not known',
  upper: true,
};
const VEHICLE_REGISTRATION: FieldDef['pattern'] = {
  regex: /^[A-Z0-9]{1,4} ?[A-Z0-9]{1,4}$/,
  message: 'Enter the registration as on the number plate, like AB12 CDE',
  upper: true,
};

// The two grading systems in use. 5x5x5 (source A-E, intelligence 1-5, handling 1-5) and 4x3x2
// (source A-D, intelligence 1-3, handling P or C) are what partner agencies send; which applies
// is chosen per entry, and the grades are checked against that system.
export const GRADING_SYSTEMS = {
  '5x5x5': { source: ['A', 'B', 'C', 'D', 'E'], intelligence: ['1', '2', '3', '4', '5'], handling: ['1', '2', '3', '4', '5'] },
  '4x3x2': { source: ['A', 'B', 'C', 'D'], intelligence: ['1', '2', '3'], handling: ['P', 'C'] },
} as const;
const grade = (name: string, label: string, values: string[]): FieldDef => ({ name, label, type: 'choice', choices: values.map((v) => ({ value: v, text: v })) });
const allOf = (key: 'source' | 'intelligence' | 'handling') => [...new Set(Object.values(GRADING_SYSTEMS).flatMap((s) => [...s[key]]))];

export const ITEM_KINDS: readonly ItemKindDef[] = [
  {
    kind: 'photo', name: 'Photograph', plural: 'Photographs', section: 'identity', sensitivity: 'choose', title: 'description',
    fields: [
      { name: 'file', label: 'Photograph', type: 'file', accept: 'image', required: true, hint: 'A JPEG, PNG or WebP image' },
      { name: 'takenOn', label: 'Date taken', type: 'date', required: true, past: true },
      { name: 'subject', label: 'What it shows', type: 'choice', required: true, choices: c(['face', 'Face'], ['scar', 'Scar'], ['mark', 'Mark'], ['tattoo', 'Tattoo'], ['other', 'Other']) },
      { name: 'description', label: 'Description', type: 'textarea', required: true, hint: 'Include scars, marks and tattoos, with where they are on the body' },
    ],
  },
  {
    kind: 'identity-document', name: 'Identity document', plural: 'Identity documents', section: 'identity', sensitivity: 'choose', title: 'documentType',
    fields: [
      { name: 'documentType', label: 'Type of document', type: 'choice', required: true, choices: c(['passport', 'Passport'], ['driving-licence', 'Driving licence'], ['identity-card', 'Identity card'], ['other', 'Other']) },
      { name: 'number', label: 'Document number', type: 'text', required: true, max: 40 },
      { name: 'issuedBy', label: 'Issued by (country or body)', type: 'text', max: 100 },
      { name: 'expiresOn', label: 'Expiry date', type: 'date' },
      { name: 'file', label: 'Copy of the document', type: 'file', accept: 'image-or-pdf', hint: 'Optional: a PDF, JPEG, PNG or WebP file' },
    ],
  },
  {
    kind: 'nationality', name: 'Nationality', plural: 'Nationalities', section: 'identity', sensitivity: 'standard', title: 'nationality',
    fields: [{ name: 'nationality', label: 'Nationality', type: 'text', required: true, max: 60 }],
  },
  {
    kind: 'address', name: 'Address', plural: 'Addresses', section: 'addresses', sensitivity: 'choose', title: 'line1',
    fields: [
      { name: 'addressType', label: 'Type of address', type: 'choice', required: true, choices: c(['home', 'Home address'], ['qualifying-stay', 'Stay of 7 days or more (qualifying period)'], ['other', 'Other address where they stay'], ['no-fixed-abode', 'No fixed abode (where they can be found)']) },
      { name: 'line1', label: 'Address line 1', type: 'text', required: true, max: 120 },
      { name: 'line2', label: 'Address line 2', type: 'text', max: 120 },
      { name: 'town', label: 'Town or city', type: 'text', required: true, max: 80 },
      { name: 'postcode', label: 'Postcode', type: 'text', max: 10, pattern: POSTCODE },
      { ...from(), required: true },
      to(),
      { name: 'childInHousehold', label: 'Does a child under 18 live there, where they stay 12 hours or more?', type: 'yesno', required: true },
    ],
  },
  {
    kind: 'financial', name: 'Financial item', plural: 'Financial details', section: 'life-and-links', sensitivity: 'choose', title: 'provider',
    fields: [
      { name: 'itemType', label: 'Type', type: 'choice', required: true, choices: c(['bank-account', 'Bank account'], ['card', 'Payment card'], ['loan', 'Loan or credit'], ['benefit', 'Benefit'], ['other', 'Other']) },
      { name: 'provider', label: 'Bank, lender or provider', type: 'text', required: true, max: 100 },
      { name: 'reference', label: 'Account or card reference', type: 'text', max: 40, hint: 'For cards, the last 4 digits only' },
      notes,
    ],
  },
  {
    kind: 'vehicle', name: 'Vehicle', plural: 'Vehicles', section: 'life-and-links', sensitivity: 'standard', title: 'registration',
    fields: [
      { name: 'registration', label: 'Registration number', type: 'text', required: true, max: 10, pattern: VEHICLE_REGISTRATION },
      { name: 'make', label: 'Make', type: 'text', max: 40 },
      { name: 'model', label: 'Model', type: 'text', max: 40 },
      { name: 'colour', label: 'Colour', type: 'text', max: 30 },
      { name: 'use', label: 'Connection', type: 'choice', required: true, choices: c(['owner', 'Owner or keeper'], ['user', 'Uses it'], ['seen', 'Seen in it']) },
      from(), to(),
    ],
  },
  {
    kind: 'employment', name: 'Employment or education', plural: 'Employment and education', section: 'life-and-links', sensitivity: 'standard', title: 'employer',
    fields: [
      { name: 'activity', label: 'Type', type: 'choice', required: true, choices: c(['employment', 'Employment'], ['self-employment', 'Self-employment'], ['education', 'Education or training'], ['volunteering', 'Volunteering']) },
      { name: 'employer', label: 'Employer, school or organisation', type: 'text', required: true, max: 120 },
      { name: 'role', label: 'Role or course', type: 'text', max: 120 },
      { name: 'place', label: 'Where', type: 'text', max: 160 },
      { ...from(), required: true }, to(),
      { name: 'employerAware', label: 'Does the employer or organisation know of the offending?', type: 'yesno' },
    ],
  },
  {
    kind: 'associate', name: 'Associate', plural: 'Associates and relationships', section: 'life-and-links', sensitivity: 'choose', title: 'name',
    fields: [
      { name: 'name', label: 'Name of the person', type: 'text', max: 160, hint: 'Or give their register reference below' },
      { name: 'nominalReference', label: 'Their register reference, if they have a record', type: 'text', max: 20, pattern: { regex: /^[A-Z0-9]{2,8}-\d{6}$/, message: 'Enter a register reference like NPF-000123', upper: true } },
      { name: 'relationship', label: 'Relationship', type: 'text', required: true, max: 80, hint: 'For example partner, co-defendant, friend' },
      { name: 'confidence', label: 'How sure is this?', type: 'choice', required: true, choices: c(['confirmed', 'Confirmed'], ['likely', 'Likely'], ['possible', 'Possible']) },
      notes,
    ],
  },
  {
    kind: 'offence', name: 'Offence or conviction', plural: 'Offences and convictions', section: 'offending', sensitivity: 'standard', title: 'offence',
    fields: [
      { name: 'offence', label: 'Offence', type: 'text', required: true, max: 200 },
      { name: 'committedOn', label: 'Date of offence', type: 'date', past: true },
      { name: 'convictedOn', label: 'Date of conviction or caution', type: 'date', past: true, notBefore: 'committedOn' },
      { name: 'court', label: 'Court', type: 'text', max: 120 },
      { name: 'disposal', label: 'Sentence or disposal', type: 'text', max: 200 },
    ],
  },
  {
    kind: 'court-order', name: 'Court order', plural: 'Court orders', section: 'offending', sensitivity: 'standard', title: 'orderType',
    fields: [
      { name: 'orderType', label: 'Type of order', type: 'choice', required: true, choices: c(['shpo', 'Sexual harm prevention order'], ['sro', 'Sexual risk order'], ['notification-order', 'Notification order'], ['restraining-order', 'Restraining order'], ['other', 'Other order']) },
      { name: 'madeOn', label: 'Date made', type: 'date', required: true, past: true },
      { name: 'court', label: 'Court', type: 'text', max: 120 },
      { name: 'endsOn', label: 'End date', type: 'date', notBefore: 'madeOn', hint: 'Leave blank if it has no end date' },
      { name: 'terms', label: 'Prohibitions and requirements', type: 'textarea' },
    ],
  },
  {
    kind: 'licence-condition', name: 'Licence condition', plural: 'Licence conditions', section: 'offending', sensitivity: 'standard', title: 'condition',
    fields: [{ name: 'condition', label: 'Condition', type: 'textarea', required: true }, { ...from(), required: true }, to()],
  },
  {
    kind: 'modus-operandi', name: 'Modus operandi', plural: 'Modus operandi', section: 'risk', sensitivity: 'standard', title: 'description',
    fields: [{ name: 'description', label: 'How they offend', type: 'textarea', required: true }],
  },
  {
    kind: 'risk-factor', name: 'Risk factor', plural: 'Risk factors', section: 'risk', sensitivity: 'standard', title: 'factor',
    fields: [{ name: 'factor', label: 'Risk factor', type: 'text', required: true, max: 200 }, notes],
  },
  {
    kind: 'person-at-risk', name: 'Person or group at risk', plural: 'People at risk', section: 'risk', sensitivity: 'standard', title: 'who',
    fields: [
      { name: 'who', label: 'Who is at risk', type: 'text', required: true, max: 160, hint: 'A named person, or a group such as "girls aged 12 to 15"' },
      { name: 'risk', label: 'Nature of the risk', type: 'textarea', required: true },
    ],
  },
  {
    kind: 'risk-assessment', name: 'Risk assessment', plural: 'Risk assessments', section: 'risk', sensitivity: 'choose', title: 'tool',
    fields: [
      { name: 'tool', label: 'Assessment tool', type: 'choice', required: true, choices: c(['rm2000', 'Risk Matrix 2000'], ['arms', 'ARMS'], ['oasys', 'OASys'], ['rsr', 'RSR'], ['ogrs', 'OGRS'], ['other', 'Other']) },
      { name: 'assessedOn', label: 'Date of assessment', type: 'date', required: true, past: true },
      { name: 'assessor', label: 'Assessor', type: 'text', required: true, max: 120 },
      { name: 'result', label: 'Score or band', type: 'text', required: true, max: 40 },
      { name: 'rosh', label: 'Risk of serious harm', type: 'choice', required: true, choices: c(['low', 'Low'], ['medium', 'Medium'], ['high', 'High'], ['very-high', 'Very high']) },
      { name: 'file', label: 'Assessment document', type: 'file', accept: 'image-or-pdf', hint: 'Optional: a PDF, JPEG, PNG or WebP file' },
    ],
  },
  {
    kind: 'rmp-action', name: 'Risk management plan action', plural: 'Risk management plan', section: 'risk', sensitivity: 'standard', title: 'action',
    fields: [
      { name: 'action', label: 'Action', type: 'textarea', required: true },
      { name: 'owner', label: 'Owner', type: 'text', required: true, max: 120 },
      { name: 'dueOn', label: 'Due date', type: 'date' },
      { name: 'reviewOn', label: 'Review date', type: 'date', required: true },
      { name: 'state', label: 'Status', type: 'choice', required: true, choices: c(['open', 'Open'], ['done', 'Done'], ['dropped', 'No longer needed']) },
    ],
  },
  {
    kind: 'medical', name: 'Medical detail', plural: 'Medical details', section: 'risk', sensitivity: 'restricted', title: 'detail',
    fields: [{ name: 'detail', label: 'Medical detail', type: 'textarea', required: true, hint: 'Only the owning unit, the managing officer and supervisors see this' }],
  },
  {
    kind: 'mappa', name: 'MAPPA management', plural: 'MAPPA management', section: 'mappa', sensitivity: 'standard', title: 'level',
    fields: [
      { name: 'category', label: 'MAPPA category', type: 'choice', required: true, choices: c(['1', 'Category 1: registered sex offender'], ['2', 'Category 2: violent or other sexual offender'], ['3', 'Category 3: other dangerous offender'], ['4', 'Category 4: terrorist or terrorism risk']) },
      { name: 'level', label: 'MAPPA level', type: 'choice', required: true, choices: c(['1', 'Level 1: managed by the lead agency'], ['2', 'Level 2: multi-agency meetings'], ['3', 'Level 3: meetings with senior representation']) },
      { name: 'leadAgency', label: 'Lead agency', type: 'choice', required: true, choices: c(['police', 'Police'], ['probation', 'Probation'], ['prison', 'Prison']) },
      { name: 'screening', label: 'Outcome of screening', type: 'choice', hint: 'Whether the case was screened for multi-agency management, and what was decided', choices: c(['managed-at-level', 'Screened: to be managed at the level above'], ['not-level-2-3', 'Screened: not to be managed at level 2 or 3'], ['referred', 'Referred for level 2 or 3 screening'], ['review', 'Level reviewed']) },
      { name: 'screenedOn', label: 'Date screened or set', type: 'date', required: true, past: true },
      { name: 'reviewOn', label: 'Next review date', type: 'date', required: true, notBefore: 'screenedOn' },
      { name: 'reason', label: 'Reason for this level', type: 'textarea', required: true },
    ],
  },
  {
    kind: 'activity', name: 'Activity or intelligence entry', plural: 'Activity and intelligence', section: 'activity', sensitivity: 'choose', title: 'summary',
    fields: [
      { name: 'entryType', label: 'Type of entry', type: 'choice', required: true, choices: c(['activity', 'Activity (visit, contact, event)'], ['intelligence', 'Intelligence (graded)']) },
      { name: 'occurredOn', label: 'Date', type: 'date', required: true, past: true },
      { name: 'summary', label: 'What happened or what is known', type: 'textarea', required: true },
      { name: 'gradingSystem', label: 'Grading system', type: 'choice', choices: c(['5x5x5', '5x5x5'], ['4x3x2', '4x3x2']), hint: 'Needed for intelligence' },
      grade('sourceGrade', 'Source evaluation', allOf('source')),
      grade('intelligenceGrade', 'Intelligence assessment', allOf('intelligence')),
      grade('handlingCode', 'Handling code', allOf('handling')),
    ],
  },
  {
    kind: 'disclosure', name: 'Disclosure', plural: 'Disclosures', section: 'disclosures', sensitivity: 'standard', title: 'recipient',
    fields: [
      { name: 'disclosedOn', label: 'Date of disclosure', type: 'date', required: true, past: true },
      { name: 'recipient', label: 'Disclosed to', type: 'text', required: true, max: 160, hint: 'The person or organisation, for example a new partner or an employer' },
      { name: 'recipientType', label: 'Recipient', type: 'choice', required: true, choices: c(['victim', 'Victim'], ['partner', 'Partner or new partner'], ['employer', 'Employer'], ['school', 'School or college'], ['housing', 'Housing provider'], ['other', 'Other']) },
      { name: 'reason', label: 'Reason for the disclosure', type: 'textarea', required: true },
      { name: 'authoriser', label: 'Authorised by', type: 'text', required: true, max: 120, hint: 'The name and rank or grade of the person who authorised it' },
      { name: 'method', label: 'How it was disclosed', type: 'choice', required: true, choices: c(['in-person', 'In person'], ['phone', 'By phone'], ['letter', 'In writing']) },
    ],
  },
];

const BY_KIND = new Map(ITEM_KINDS.map((k) => [k.kind, k]));

export const itemKind = (kind: unknown): ItemKindDef | undefined => (typeof kind === 'string' ? BY_KIND.get(kind) : undefined);
export const kindsInSection = (section: SectionKey) => ITEM_KINDS.filter((k) => k.section === section);
export const isSection = (s: unknown): s is SectionKey => typeof s === 'string' && Object.hasOwn(SECTIONS, s);

/** The text a choice value stands for, for pages; the value itself when it is not a choice. */
export function displayValue(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.type === 'yesno') return value === true ? 'Yes' : 'No';
  if (field.choices) return field.choices.find((ch) => ch.value === value)?.text ?? String(value);
  return String(value);
}

/** Items per section, from counts per kind: the numbers the record's sub-navigation shows. */
export function sectionCounts(counts: Record<string, number>): Record<SectionKey, number> {
  const out = Object.fromEntries(Object.keys(SECTIONS).map((s) => [s, 0])) as Record<SectionKey, number>;
  for (const k of ITEM_KINDS) out[k.section] += counts[k.kind] ?? 0;
  return out;
}
