import type { DataUse, Field, Section, VettingLevel } from './vetting.form.definition.ts';

/**
 * The questions of the vetting form, section by section, each with why it is asked, its lawful
 * basis, who sees the answer and how long it is kept. No health or medication questions: no
 * documented requirement exists for register access. Protected convictions and cautions are
 * never asked for.
 */

const ART6 = 'UK GDPR Article 6(1)(e): a task in the public interest (vetting people before they use a police system)';
const CRIMINAL = `${ART6}; Article 10 with DPA 2018 Schedule 1 paragraph 6 (statutory and government purposes) and paragraph 10 (preventing or detecting unlawful acts)`;
const OFFICERS = 'Vetting officers of the vetting authority, and an appeal panel if you appeal. Never your manager or sponsor.';
const KEPT = 'While your clearance lasts and for the period in the vetting retention schedule after it ends, or after a refusal, withdrawal or appeal is finished.';
const RELATIVE = `${ART6}. The people you name are told how their details are used (UK GDPR Article 14 notice).`;

const use = (purpose: string, lawfulBasis = ART6): DataUse => ({ purpose, lawfulBasis, seenBy: OFFICERS, retention: KEPT });

const YES_NO = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

type Extra = Partial<Omit<Field, 'name' | 'label' | 'type'>>;
const f = (name: string, label: string, type: Field['type'], why: DataUse, extra: Extra = {}): Field => ({ name, label, type, ...why, ...extra });

const RELATIONSHIPS = [
  { value: 'partner', text: 'Partner (spouse, civil partner or living together)' },
  { value: 'mother', text: 'Mother' },
  { value: 'father', text: 'Father' },
  { value: 'parent-partner', text: "A parent's new partner" },
  { value: 'partner-mother', text: "Partner's mother" },
  { value: 'partner-father', text: "Partner's father" },
  { value: 'sibling', text: 'Brother or sister (full, half or step)' },
  { value: 'child', text: 'Child aged 10 or over' },
  { value: 'co-resident', text: 'Someone else aged 10 or over who lives with you' },
];
export const RELATIONSHIP_NAMES: Record<string, string> = {
  partner: 'Partner',
  mother: 'Mother',
  father: 'Father',
  'parent-partner': "Parent's partner",
  'partner-mother': "Partner's mother",
  'partner-father': "Partner's father",
  sibling: 'Brother or sister',
  child: 'Child',
  'co-resident': 'Co-resident',
};

/**
 * Which checks a relative who entered their own details needs depends on how they describe
 * themselves, in their own words: a partner shares finances (credit check), "my partner's mother" does not.
 */
export function relationshipKind(words: string): 'partner' | 'co-resident' | 'relative' {
  if (/co-?resident|live with|lodger/i.test(words)) return 'co-resident';
  if (/^\s*(my\s+)?(partner|spouse|husband|wife|civil partner)(?!['’]s)\b/i.test(words)) return 'partner';
  return 'relative';
}

export const MARRIED_STATUSES = ['married', 'civil-partnership', 'separated', 'divorced', 'widowed'];

export function formSections(o: { level: VettingLevel; addressYears: number; financeYears: number }): Section[] {
  const name = use('To identify you and search the police systems under every name you have used.');
  const contact = use('To contact you about your application.');
  const address = use(`To search local police records where you have lived. ${o.addressYears} years are asked for at ${o.level}.`);
  const family = use('To check the people closest to you, who could put pressure on you or be put under pressure to obtain information.', RELATIVE);
  const known = use('To know whether the details of a relative are known to you, and why not.', RELATIVE);
  const associates = use('To judge whether someone could put pressure on you through a criminal connection.', CRIMINAL);
  const crime = use('To compare what you tell us with what the checks find. Telling us yourself counts in your favour.', CRIMINAL);
  const money = use('To judge whether debt could make someone vulnerable to pressure or bribery. Debt alone does not mean refusal.');
  const work = use('To identify conflicts of interest with access to the register.');
  const declare = use('To record that you confirmed your answers and agreed to the checks.');

  const relativeFields: Field[] = [
    f('relationship', 'Relationship to you', 'choice', family, { options: RELATIONSHIPS }),
    f('status', 'What do you know about them?', 'choice', known, {
      options: [
        { value: 'known', text: 'I know their details' },
        { value: 'not-known', text: 'Not known' },
        { value: 'estranged', text: 'Estranged: no contact' },
      ],
    }),
    f('fullName', 'Full name', 'text', family, { when: { field: 'status', equals: 'known' }, blankAdvice: "or choose 'Not known' and explain why" }),
    f('dateOfBirth', 'Date of birth', 'date', family, { when: { field: 'status', equals: 'known' }, hint: 'For example, 27 3 1960', blankAdvice: "or choose 'Not known' and explain why" }),
    f('placeOfBirth', 'Place of birth', 'text', family, { when: { field: 'status', equals: 'known' }, blankAdvice: "or write 'not known'" }),
    f('address', 'Current address', 'textarea', family, { when: { field: 'status', equals: 'known' }, hint: "If they have died, write 'died' and the year", blankAdvice: "or write 'not known'" }),
    f('explanation', 'Explain why you do not know their details, or why you have no contact', 'textarea', known, {
      when: { field: 'status', equals: ['not-known', 'estranged'] },
      hint: 'For example, "never met my father" or "no contact since 2010". A short sentence is enough.',
    }),
  ];

  const personal: Section = {
    key: 'personal',
    title: 'Personal details',
    intro: ['Give every name you have used, so that the checks find everything recorded about you and nothing about someone else.'],
    fields: [
      f('familyName', 'Surname (family name) now', 'text', name),
      f('givenNames', 'First and middle names', 'text', name),
      f('maritalStatus', 'Marital or partnership status', 'choice', name, {
        options: [
          { value: 'single', text: 'Single, never married or in a civil partnership' },
          { value: 'married', text: 'Married' },
          { value: 'civil-partnership', text: 'In a civil partnership' },
          { value: 'separated', text: 'Separated' },
          { value: 'divorced', text: 'Divorced or civil partnership dissolved' },
          { value: 'widowed', text: 'Widowed or surviving civil partner' },
        ],
      }),
      f('surnameAtBirth', 'Surname at birth', 'text', name, { when: { field: 'maritalStatus', equals: MARRIED_STATUSES }, hint: 'Even if it is the same as now. Asked because marriage or a civil partnership often changes a surname.' }),
      f('otherNames', 'Have you ever used another surname or name (including a maiden name or a name used at work)?', 'yesno', name, { options: YES_NO }),
      f('dateOfBirth', 'Date of birth', 'date', name, { hint: 'For example, 27 3 1985' }),
      f('placeOfBirth', 'Town and country of birth', 'text', name),
      f('nationality', 'Nationality', 'text', name, { hint: 'All nationalities you hold' }),
      f('niNumber', 'National Insurance number', 'text', name, { hint: "It's on your payslip. For example, QQ 12 34 56 C" }),
      f('email', 'Email address', 'text', contact),
      f('phone', 'Phone number', 'text', contact),
    ],
    groups: [
      {
        name: 'previousNames',
        entry: 'previous name',
        title: 'Previous names',
        hint: 'Every other name, with roughly when you used it.',
        when: { field: 'otherNames', equals: 'yes' },
        min: 1,
        fields: [
          f('familyName', 'Surname used', 'text', name),
          f('givenNames', 'First names used', 'text', name, { blankAdvice: "or write 'same as now'" }),
          f('from', 'Used from', 'month', name, { hint: 'For example, 6 2005' }),
          f('to', 'Used until', 'month', name, { hint: 'For example, 8 2012' }),
        ],
      },
    ],
  };

  const addresses: Section = {
    key: 'addresses',
    title: 'Address history',
    intro: [
      `Every address you have lived at in the last ${o.addressYears} years, up to today, with no gaps. Use months and years.`,
      'If you moved out and into the next address in the same month, give that month for both. Times abroad, in halls or with no fixed address count too: describe them in the address.',
    ],
    fields: [],
    groups: [
      {
        name: 'addresses',
        entry: 'address',
        title: 'Addresses',
        min: 1,
        fields: [
          f('line1', 'Address', 'textarea', address, { hint: 'House, street, town' }),
          f('postcode', 'Postcode', 'text', address, { blankAdvice: "or write 'none' for an address abroad" }),
          f('country', 'Country', 'text', address),
          f('from', 'Lived there from', 'month', address, { hint: 'For example, 4 2019' }),
          f('to', 'Lived there until', 'month', address, { optional: true, hint: 'Leave blank for where you live now' }),
        ],
      },
    ],
  };

  const household: Section = {
    key: 'family',
    title: 'Family and household',
    intro: [
      'Your partner, parents, partner\'s parents, parents\' new partners, brothers and sisters, children aged 10 or over and everyone aged 10 or over who lives with you.',
      "If you do not know someone's details, choose 'Not known'; if you have no contact, choose 'Estranged'. Explain briefly either way: a blank holds up your application, an explanation does not.",
      'A relative who would rather not give their details through you can be sent a private link from your task list.',
    ],
    fields: [
      f('hasPartner', 'Do you have a partner (spouse, civil partner or someone you live with as a couple)?', 'yesno', family, { options: YES_NO }),
      f('childrenOver10', 'Do you have any children aged 10 or over?', 'yesno', family, { options: YES_NO, hint: 'Including stepchildren and children who do not live with you' }),
      f('coResidents', 'Does anyone else aged 10 or over live with you?', 'yesno', family, { options: YES_NO }),
    ],
    groups: [{ name: 'relatives', entry: 'person', title: 'People', hint: 'Add one entry for each person, including your mother and father.', min: 2, fields: relativeFields }],
  };

  const associateSection: Section = {
    key: 'associates',
    title: 'Associates with criminal involvement',
    intro: ['Anyone you know (friends, relatives not listed, colleagues) who you know or believe to be involved in crime.'],
    fields: [f('hasAssociates', 'Do you know anyone involved in crime?', 'yesno', associates, { options: YES_NO })],
    groups: [
      {
        name: 'associates',
        entry: 'associate',
        title: 'Associates',
        when: { field: 'hasAssociates', equals: 'yes' },
        min: 1,
        fields: [
          f('fullName', 'Full name', 'text', associates, { blankAdvice: "or write 'not known' and say how you know them" }),
          f('connection', 'How you know them', 'text', associates),
          f('involvement', 'What you know of their involvement in crime', 'textarea', associates),
        ],
      },
    ],
  };

  const convictions: Section = {
    key: 'convictions',
    title: 'Convictions and cautions',
    intro: [
      'Protected convictions and cautions are NOT asked for: those filtered under the Rehabilitation of Offenders Act 1974 (Exceptions) Order 1975 need not be disclosed and will not be held against you.',
      'Include motoring offences other than parking, arrests, and any investigation you know of. Say whether you have been a victim or witness of crime where it may appear in police records.',
    ],
    fields: [
      f('hasConvictions', 'Do you have any convictions or cautions that are not protected, including motoring offences?', 'yesno', crime, { options: YES_NO }),
      f('underInvestigation', 'Have you been arrested, or are you under investigation, in a matter not already listed?', 'yesno', crime, { options: YES_NO }),
      f('investigationDetails', 'Give details of the arrest or investigation', 'textarea', crime, { when: { field: 'underInvestigation', equals: 'yes' } }),
      f('victimOrWitness', 'Have you been a victim or witness of a crime in a way that may appear in police records?', 'yesno', crime, { options: YES_NO }),
      f('victimDetails', 'Give brief details', 'textarea', crime, { when: { field: 'victimOrWitness', equals: 'yes' }, hint: 'Only what you are comfortable sharing: the year and the kind of case is enough' }),
    ],
    groups: [
      {
        name: 'convictions',
        entry: 'conviction or caution',
        title: 'Convictions and cautions',
        when: { field: 'hasConvictions', equals: 'yes' },
        min: 1,
        fields: [
          f('date', 'Date', 'month', crime, { hint: 'For example, 6 2015' }),
          f('offence', 'Offence', 'text', crime),
          f('courtOrForce', 'Court or police force', 'text', crime),
          f('outcome', 'Sentence or outcome', 'text', crime),
        ],
      },
    ],
  };

  const moneyFields: Field[] = [
    f('ccj', `In the last ${o.financeYears} years, have you had a county court judgment (or a Scottish decree)?`, 'yesno', money, { options: YES_NO }),
    f('insolvency', `In the last ${o.financeYears} years, have you been bankrupt, or in an IVA, debt relief order or debt management plan?`, 'yesno', money, { options: YES_NO }),
    f('arrears', 'Are you in arrears or default on any loan, card, rent, mortgage or bill?', 'yesno', money, { options: YES_NO }),
    f('financeDetails', 'Give details: what, when, how much, and where it stands now', 'textarea', money, { when: { field: ['ccj', 'insolvency', 'arrears'], equals: 'yes' } }),
  ];
  if (o.level === 'NPPV3') {
    moneyFields.push(
      f('unsecuredDebt', 'About how much unsecured borrowing do you have now (loans, cards, overdrafts, buy now pay later)?', 'choice', money, {
        options: [
          { value: 'none', text: 'None' },
          { value: 'under-5000', text: 'Under £5,000' },
          { value: '5000-20000', text: '£5,000 to £20,000' },
          { value: 'over-20000', text: 'Over £20,000' },
        ],
      }),
      f('missedPayments', 'In the last 12 months, have you missed any repayment?', 'yesno', money, { options: YES_NO }),
      f('borrowingManageable', 'Are your repayments manageable from your income?', 'yesno', money, { options: YES_NO }),
    );
  }

  return [
    personal,
    addresses,
    household,
    associateSection,
    convictions,
    {
      key: 'finances',
      title: 'Finances',
      intro: [`Judgments, insolvency, defaults and arrears in the last ${o.financeYears} years${o.level === 'NPPV3' ? ', and a short questionnaire on your borrowing' : ''}. Being in debt is not a reason for refusal on its own.`],
      fields: moneyFields,
      groups: [],
    },
    {
      key: 'employment',
      title: 'Employment and business interests',
      intro: ['Your jobs over the last 5 years, any second job and any business interest.'],
      fields: [
        f('secondJob', 'Do you have a second job?', 'yesno', work, { options: YES_NO }),
        f('secondJobDetails', 'Describe your second job', 'textarea', work, { when: { field: 'secondJob', equals: 'yes' } }),
        f('businessInterests', 'Do you have any business interests (a company, a share in a business, a directorship)?', 'yesno', work, { options: YES_NO }),
        f('businessDetails', 'Describe your business interests', 'textarea', work, { when: { field: 'businessInterests', equals: 'yes' } }),
      ],
      groups: [
        {
          name: 'jobs',
          entry: 'job',
          title: 'Jobs',
          min: 1,
          fields: [
            f('employer', 'Employer', 'text', work, { blankAdvice: "or write 'self-employed' or 'not working'" }),
            f('role', 'Job title', 'text', work),
            f('from', 'From', 'month', work),
            f('to', 'Until', 'month', work, { optional: true, hint: 'Leave blank for your current job' }),
          ],
        },
      ],
    },
    {
      key: 'disclosure',
      title: 'Anything the checks may find',
      intro: [
        'Tell us anything you think the checks may find, and its context: a relative\'s case, a police visit, a debt, an old allegation. People who explain early rarely fail vetting on it.',
      ],
      fields: [
        f('anything', 'Is there anything you want to tell us before the checks?', 'yesno', crime, { options: YES_NO }),
        f('details', 'What should we know, and its context?', 'textarea', crime, { when: { field: 'anything', equals: 'yes' } }),
      ],
      groups: [],
    },
    {
      key: 'declaration',
      title: 'Declaration',
      intro: ['Check your answers before you confirm. Leaving something out on purpose is a reason for refusal on its own, apart from anything the checks find.'],
      last: true,
      fields: [
        f('true', 'I confirm that my answers are true and complete to the best of my knowledge', 'confirm', declare),
        f('consent', 'I understand that the checks described in the privacy notice will be made about me and the people I have listed', 'confirm', declare),
        f('signedName', 'Your full name', 'text', declare),
      ],
      groups: [],
    },
  ];
}
