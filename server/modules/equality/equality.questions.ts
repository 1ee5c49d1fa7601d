/**
 * The equality monitoring questions and their answers. Ethnicity follows the 2021 census for
 * England and Wales (19 groups under 5 broad groups); the others follow the census wording where
 * there is one. Every question has "Prefer not to say"; a question left blank is "Not stated".
 */
export interface Choice {
  value: string;
  text: string;
  /** Ethnicity only: the broad group the answer rolls up to. */
  group?: string;
}

export const PREFER_NOT = 'prefer-not-to-say';
export const NOT_STATED = 'not-stated';

export const ETHNIC_GROUPS: { value: string; text: string }[] = [
  { value: 'asian', text: 'Asian, Asian British or Asian Welsh' },
  { value: 'black', text: 'Black, Black British, Black Welsh, Caribbean or African' },
  { value: 'mixed', text: 'Mixed or Multiple ethnic groups' },
  { value: 'white', text: 'White' },
  { value: 'other', text: 'Other ethnic group' },
];

const ETHNICITY: Choice[] = [
  { value: 'asian-bangladeshi', text: 'Bangladeshi', group: 'asian' },
  { value: 'asian-chinese', text: 'Chinese', group: 'asian' },
  { value: 'asian-indian', text: 'Indian', group: 'asian' },
  { value: 'asian-pakistani', text: 'Pakistani', group: 'asian' },
  { value: 'asian-other', text: 'Any other Asian background', group: 'asian' },
  { value: 'black-african', text: 'African', group: 'black' },
  { value: 'black-caribbean', text: 'Caribbean', group: 'black' },
  { value: 'black-other', text: 'Any other Black, Black British or Caribbean background', group: 'black' },
  { value: 'mixed-white-asian', text: 'White and Asian', group: 'mixed' },
  { value: 'mixed-white-black-african', text: 'White and Black African', group: 'mixed' },
  { value: 'mixed-white-black-caribbean', text: 'White and Black Caribbean', group: 'mixed' },
  { value: 'mixed-other', text: 'Any other Mixed or Multiple ethnic background', group: 'mixed' },
  { value: 'white-british', text: 'English, Welsh, Scottish, Northern Irish or British', group: 'white' },
  { value: 'white-irish', text: 'Irish', group: 'white' },
  { value: 'white-gypsy-traveller', text: 'Gypsy or Irish Traveller', group: 'white' },
  { value: 'white-roma', text: 'Roma', group: 'white' },
  { value: 'white-other', text: 'Any other White background', group: 'white' },
  { value: 'other-arab', text: 'Arab', group: 'other' },
  { value: 'other-any', text: 'Any other ethnic group', group: 'other' },
];

const yesNo = (yes: string, no: string): Choice[] => [
  { value: 'yes', text: yes },
  { value: 'no', text: no },
];

export type QuestionKey = 'ethnicity' | 'sex' | 'genderSameAsBirth' | 'ageBand' | 'disability' | 'religion' | 'sexualOrientation';

export interface Question {
  key: QuestionKey;
  /** The column it is stored in (equality_response). */
  column: 'ethnicity' | 'sex' | 'gender_same_as_birth' | 'age_band' | 'disability' | 'religion' | 'sexual_orientation';
  label: string;
  hint?: string;
  /** How the equality lead's summary names it. */
  summaryName: string;
  choices: Choice[];
}

export const QUESTIONS: Question[] = [
  { key: 'ethnicity', column: 'ethnicity', label: 'What is your ethnic group?', summaryName: 'Ethnic group', choices: ETHNICITY },
  {
    key: 'sex',
    column: 'sex',
    label: 'What is your sex?',
    summaryName: 'Sex',
    choices: [
      { value: 'female', text: 'Female' },
      { value: 'male', text: 'Male' },
    ],
  },
  {
    key: 'genderSameAsBirth',
    column: 'gender_same_as_birth',
    label: 'Is the gender you identify with the same as your sex registered at birth?',
    summaryName: 'Gender identity the same as sex registered at birth',
    choices: yesNo('Yes', 'No'),
  },
  {
    key: 'ageBand',
    column: 'age_band',
    label: 'What is your age?',
    summaryName: 'Age band',
    choices: ['16 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 and over'].map((t) => ({ value: t.replace(/ /g, '-'), text: t })),
  },
  {
    key: 'disability',
    column: 'disability',
    label: 'Do you have a physical or mental health condition or illness lasting, or expected to last, 12 months or more?',
    hint: 'The Equality Act 2010 definition of disability',
    summaryName: 'Disability',
    choices: [
      { value: 'yes-a-lot', text: 'Yes, and it reduces my ability to carry out day-to-day activities a lot' },
      { value: 'yes-a-little', text: 'Yes, and it reduces my ability to carry out day-to-day activities a little' },
      { value: 'yes-not-at-all', text: 'Yes, but it does not reduce my ability to carry out day-to-day activities' },
      { value: 'no', text: 'No' },
    ],
  },
  {
    key: 'religion',
    column: 'religion',
    label: 'What is your religion?',
    summaryName: 'Religion or belief',
    choices: [
      { value: 'none', text: 'No religion' },
      { value: 'christian', text: 'Christian (including Church of England, Catholic, Protestant and all other Christian denominations)' },
      { value: 'buddhist', text: 'Buddhist' },
      { value: 'hindu', text: 'Hindu' },
      { value: 'jewish', text: 'Jewish' },
      { value: 'muslim', text: 'Muslim' },
      { value: 'sikh', text: 'Sikh' },
      { value: 'other', text: 'Any other religion' },
    ],
  },
  {
    key: 'sexualOrientation',
    column: 'sexual_orientation',
    label: 'Which of the following best describes your sexual orientation?',
    summaryName: 'Sexual orientation',
    choices: [
      { value: 'straight', text: 'Straight or heterosexual' },
      { value: 'gay-lesbian', text: 'Gay or lesbian' },
      { value: 'bisexual', text: 'Bisexual' },
      { value: 'other', text: 'Any other sexual orientation' },
    ],
  },
];

/** The answers every question accepts: its choices, "Prefer not to say" and (left blank) "Not stated". */
export const allowedValues = (q: Question) => [...q.choices.map((c) => c.value), PREFER_NOT, NOT_STATED];

/** A stored answer in words, for the summary's rows. */
export function answerText(q: Question, value: string): string {
  if (value === PREFER_NOT) return 'Prefer not to say';
  if (value === NOT_STATED) return 'Not stated';
  return q.choices.find((c) => c.value === value)?.text ?? value;
}
