import { describe, expect, it } from 'vitest';
import { FORM_VERSIONS, sectionOf, type FormDefinition } from './vetting.form.definition.ts';
import { addressHistoryProblems, monthIndex, readDate, readMonth, todayMonth, validateSection } from './vetting.form.validation.ts';
import type { SectionAnswers } from './vetting.form.repository.ts';

const today = new Date('2026-12-02T10:00:00Z');
const nppv2 = FORM_VERSIONS['NPPV2-2026.1']!;
const nppv3 = FORM_VERSIONS['NPPV3-2026.1']!;
const m = (year: number, month: number) => monthIndex(year, month);
const now = m(2026, 12);
const check = (form: FormDefinition, key: string, answers: SectionAnswers) => validateSection(form, sectionOf(form, key)!, answers, today).map((e) => e.message);

describe('address history over the required years, up to today', () => {
  it.each([
    ['one address for 6 years', [{ from: m(2020, 1), to: null }], 5, []],
    ['moved out and in the same month', [{ from: m(2018, 1), to: m(2022, 3) }, { from: m(2022, 3), to: null }], 5, []],
    ['moved out in March, in in April (no gap provable in months)', [{ from: m(2018, 1), to: m(2022, 3) }, { from: m(2022, 4), to: null }], 5, []],
    ['a gap of two months', [{ from: m(2018, 1), to: m(2022, 3) }, { from: m(2022, 6), to: null }], 5, ['There is a gap from April 2022 to May 2022: add the address where you lived then']],
    ['an overlap', [{ from: m(2018, 1), to: m(2022, 6) }, { from: m(2022, 3), to: null }], 5, ['Two addresses overlap from March 2022 to June 2022: check the dates (if you moved in a month, give that month for both addresses)']],
    ['too short for NPPV2', [{ from: m(2023, 1), to: null }], 5, ['Your addresses start in January 2023: add where you lived from December 2021 to December 2022 (5 years are needed)']],
    ['enough for NPPV2 but not NPPV3', [{ from: m(2020, 1), to: null }], 10, ['Your addresses start in January 2020: add where you lived from December 2016 to December 2019 (10 years are needed)']],
    ['stops before today', [{ from: m(2015, 1), to: m(2025, 10) }], 5, ['Your addresses end in October 2025: add where you have lived since, up to today (leave "Lived there until" blank for where you live now)']],
    ['a gap before the years asked is not a problem', [{ from: m(2010, 1), to: m(2012, 1) }, { from: m(2014, 1), to: null }], 5, []],
    ['two current addresses', [{ from: m(2015, 1), to: null }, { from: m(2016, 1), to: null }], 5, [
      'Only the address where you live now can be left without an end date: give the month you moved out of the others',
      'Two addresses overlap from January 2016 to December 2026: check the dates (if you moved in a month, give that month for both addresses)',
    ]],
    ['entries in any order', [{ from: m(2022, 3), to: null }, { from: m(2018, 1), to: m(2022, 3) }], 5, []],
  ])('%s', (_name, spans, years, expected) => {
    expect(addressHistoryProblems(spans, years, now)).toEqual(expected);
  });
});

describe('dates as typed', () => {
  it.each([
    [{ 'd-month': '', 'd-year': '' }, { index: null }],
    [{ 'd-month': '3', 'd-year': '' }, { index: null, error: 'Moved must include a month and a year' }],
    [{ 'd-month': '13', 'd-year': '2020' }, { index: null, error: 'Moved: the month must be a number from 1 to 12' }],
    [{ 'd-month': '3', 'd-year': '20' }, { index: null, error: 'Moved: the year must have 4 numbers, like 2019' }],
    [{ 'd-month': '1', 'd-year': '2027' }, { index: null, error: 'Moved must be this month or earlier' }],
    [{ 'd-month': '3', 'd-year': '2020' }, { index: m(2020, 3) }],
  ])('month %j', (input, expected) => {
    expect(readMonth(input, { name: 'd', label: 'moved' }, today)).toEqual(expected);
  });
  it.each([
    [{ 'b-day': '31', 'b-month': '2', 'b-year': '1990' }, 'Born must be a real date'],
    [{ 'b-day': '1', 'b-month': '1', 'b-year': '2030' }, 'Born must be in the past'],
    [{ 'b-day': '1', 'b-month': '', 'b-year': '1990' }, 'Born must include a day, month and year'],
  ])('date %j', (input, error) => {
    expect(readDate(input, { name: 'b', label: 'born' }, today).error).toBe(error);
  });

  // 23:30 UTC on 31 August is 00:30 on 1 September in the UK: the form's today is the UK's.
  const justAfterUkMidnight = new Date('2026-08-31T23:30:00Z');
  it('takes this month as the UK month, not the UTC one', () => {
    expect(todayMonth(justAfterUkMidnight)).toBe(m(2026, 9));
    expect(readMonth({ 'd-month': '9', 'd-year': '2026' }, { name: 'd', label: 'moved' }, justAfterUkMidnight)).toEqual({ index: m(2026, 9) });
    expect(readMonth({ 'd-month': '10', 'd-year': '2026' }, { name: 'd', label: 'moved' }, justAfterUkMidnight).error).toBe('Moved must be this month or earlier');
    expect(todayMonth(new Date('2026-12-31T23:30:00Z'))).toBe(m(2026, 12));
  });
  it('takes today as the UK day: today is not in the future, tomorrow is', () => {
    expect(readDate({ 'b-day': '1', 'b-month': '9', 'b-year': '2026' }, { name: 'b', label: 'born' }, justAfterUkMidnight)).toEqual({ value: '2026-09-01' });
    expect(readDate({ 'b-day': '2', 'b-month': '9', 'b-year': '2026' }, { name: 'b', label: 'born' }, justAfterUkMidnight).error).toBe('Born must be in the past');
  });
});

const personal: SectionAnswers = {
  familyName: 'Example', givenNames: 'Sam', maritalStatus: 'single', otherNames: 'no', 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1985',
  placeOfBirth: 'Exampleton, UK', nationality: 'British', niNumber: 'QQ 12 34 56 C', email: 'sam@example.org', phone: '01632 960001',
};

describe('personal details: previous surnames', () => {
  it.each([
    ['single, no other names', {}, []],
    ['married, same surname as at birth', { maritalStatus: 'married', surnameAtBirth: 'example' }, []],
    ['married, surname at birth not given', { maritalStatus: 'married' }, ['Enter the surname at birth']],
    ['married, changed surname, said no other names', { maritalStatus: 'married', surnameAtBirth: 'Born' }, ['Your surname at birth differs from your surname now: answer yes and add Born to your previous names']],
    ['said yes but listed nobody', { otherNames: 'yes' }, ['Add at least one previous name']],
    ['married, changed surname, listed another', { maritalStatus: 'divorced', surnameAtBirth: 'Born', otherNames: 'yes', previousNames: [{ entryId: 'x', familyName: 'Other', givenNames: 'Sam', 'from-month': '1', 'from-year': '2001', 'to-month': '1', 'to-year': '2005' }] }, ['Add your surname at birth (Born) to your previous names']],
    ['married, changed surname, listed it', { maritalStatus: 'divorced', surnameAtBirth: 'Born', otherNames: 'yes', previousNames: [{ entryId: 'x', familyName: 'born', givenNames: 'Sam', 'from-month': '1', 'from-year': '1985', 'to-month': '1', 'to-year': '2005' }] }, []],
    ['a blank instead of an answer', { placeOfBirth: ' ', otherNames: '' }, ['Select yes or no: Have you ever used another surname or name (including a maiden name or a name used at work)?', 'Enter the town and country of birth']],
    ['formats', { niNumber: '123', email: 'sam' }, ['Enter a National Insurance number in the right format, like QQ 12 34 56 C', 'Enter an email address in the right format, like name@example.org']],
  ])('%s', (_name, change, expected) => {
    expect(check(nppv2, 'personal', { ...personal, ...change } as SectionAnswers).sort()).toEqual([...expected].sort());
  });
});

const mother = { entryId: 'm', relationship: 'mother', status: 'known', fullName: 'Jo Example', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1960', placeOfBirth: 'Exampleton', address: '1 Synthetic Row' };
const father = { entryId: 'f', relationship: 'father', status: 'not-known', explanation: 'Never met him' };

describe('family and household', () => {
  const base = { hasPartner: 'no', childrenOver10: 'no', coResidents: 'no' };
  it.each([
    ['mother known, father not known with a reason', { relatives: [mother, father] }, []],
    ['father not known without a reason', { relatives: [mother, { ...father, explanation: '' }] }, ['Person 2: explain why you do not know their details, or why you have no contact']],
    ['estranged without a reason', { relatives: [mother, { ...father, status: 'estranged', explanation: '' }] }, ['Person 2: explain why you do not know their details, or why you have no contact']],
    ['a blank name instead of "not known"', { relatives: [{ ...mother, fullName: '' }, father] }, ["Person 1: enter the full name, or choose 'Not known' and explain why"]],
    ['mother and father left out', { relatives: [] }, ["Add your mother: their details, or 'Not known' or 'Estranged' with an explanation", "Add your father: their details, or 'Not known' or 'Estranged' with an explanation"]],
    ['children over 10 left out', { childrenOver10: 'yes', relatives: [mother, father] }, ['You said you have children aged 10 or over: add each of them to the list of people']],
    ['the children question not answered', { childrenOver10: '', relatives: [mother, father] }, ['Select yes or no: Do you have any children aged 10 or over?']],
    ['a child listed after answering no', { relatives: [mother, father, { ...father, entryId: 'c', relationship: 'child' }] }, ['You listed a child aged 10 or over but answered no: change the answer or remove the child']],
    ['partner said but not listed', { hasPartner: 'yes', relatives: [mother, father] }, ['You said you have a partner: add them to the list of people']],
  ])('%s', (_name, change, expected) => {
    expect(check(nppv2, 'family', { ...base, ...change } as SectionAnswers).sort()).toEqual([...expected].sort());
  });
});

describe('the definition', () => {
  it('every question of every version says why it is asked, its lawful basis, who sees it and how long it is kept', () => {
    for (const form of Object.values(FORM_VERSIONS)) {
      for (const s of form.sections) {
        for (const f of [...s.fields, ...s.groups.flatMap((g) => g.fields)]) {
          for (const key of ['purpose', 'lawfulBasis', 'seenBy', 'retention'] as const) expect(f[key], `${form.version} ${s.key}.${f.name}.${key}`).toMatch(/\w{3,}/);
        }
      }
    }
  });
  it('asks no health or medication questions, and NPPV3 alone asks about borrowing', () => {
    const text = JSON.stringify(FORM_VERSIONS).toLowerCase();
    expect(text).not.toMatch(/medication|medical|health condition/);
    expect(nppv3.sections.find((s) => s.key === 'finances')!.fields.map((f) => f.name)).toContain('unsecuredDebt');
    expect(nppv2.sections.find((s) => s.key === 'finances')!.fields.map((f) => f.name)).not.toContain('unsecuredDebt');
    expect([nppv2.addressYears, nppv3.addressYears]).toEqual([5, 10]);
  });
  it('a finance "yes" needs its details', () => {
    expect(check(nppv2, 'finances', { ccj: 'yes', insolvency: 'no', arrears: 'no' })).toEqual(['Give details: what, when, how much, and where it stands now']);
  });
});
