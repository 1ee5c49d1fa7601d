import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.ts';
import { ITEM_KINDS, itemKind } from './register.items.ts';
import { parseItem } from './register.items.validation.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const kind = (k: string) => itemKind(k)!;

function errorsOf(k: string, input: Record<string, unknown>) {
  try {
    parseItem(kind(k), input, NOW);
  } catch (e) {
    if (isAppError(e)) return Object.fromEntries(e.fieldErrors.map((f) => [f.field, f.message]));
    throw e;
  }
  throw new Error('expected the input to be refused');
}

const address = {
  addressType: 'home',
  line1: '12 Example Street',
  town: 'Exampleton',
  postcode: 'sw1a 2aa',
  'from-day': '1',
  'from-month': '2',
  'from-year': '2024',
  childInHousehold: 'no',
};

describe('register item definitions', () => {
  it('give every kind a unique name, a title field it has, and choices for every choice field', () => {
    expect(new Set(ITEM_KINDS.map((k) => k.kind)).size).toBe(ITEM_KINDS.length);
    for (const k of ITEM_KINDS) {
      expect(k.fields.some((f) => f.name === k.title), k.kind).toBe(true);
      for (const f of k.fields) if (f.type === 'choice') expect(f.choices?.length, `${k.kind}.${f.name}`).toBeGreaterThan(0);
    }
  });

  it('fix sensitivity where the law says so: medical restricted; modus operandi, risk factors, licence conditions and people at risk standard', () => {
    expect(kind('medical').sensitivity).toBe('restricted');
    for (const k of ['modus-operandi', 'risk-factor', 'licence-condition', 'person-at-risk']) expect(kind(k).sensitivity).toBe('standard');
  });
});

describe('parseItem', () => {
  it('takes today as the UK day: at 00:30 BST a date of that day is not in the future', () => {
    const justAfterUkMidnight = new Date('2026-06-30T23:30:00Z');
    const activity = { entryType: 'activity', summary: 'Synthetic: a visit', sensitivity: 'standard' };
    expect(parseItem(kind('activity'), { ...activity, occurredOn: '2026-07-01' }, justAfterUkMidnight).data.occurredOn).toBe('2026-07-01');
    try {
      parseItem(kind('activity'), { ...activity, occurredOn: '2026-07-02' }, justAfterUkMidnight);
      expect.unreachable('a date tomorrow is refused');
    } catch (e) {
      expect(isAppError(e) && e.fieldErrors).toEqual([{ field: 'occurredOn', message: 'Date must be today or in the past' }]);
    }
  });

  it('accepts a valid address from the form, normalising the postcode and reading the date boxes', () => {
    const { data, sensitivity } = parseItem(kind('address'), address, NOW);
    expect(data).toEqual({ addressType: 'home', line1: '12 Example Street', town: 'Exampleton', postcode: 'SW1A 2AA', from: '2024-02-01', childInHousehold: false });
    expect(sensitivity).toBe('standard');
  });

  it('accepts API input with ISO dates and booleans', () => {
    const { data } = parseItem(kind('address'), { ...address, 'from-day': undefined, from: '2024-02-01', childInHousehold: true, sensitivity: 'restricted' }, NOW);
    expect(data.from).toBe('2024-02-01');
    expect(data.childInHousehold).toBe(true);
  });

  it('says what to fix for each missing required field', () => {
    expect(errorsOf('address', {})).toMatchObject({
      addressType: 'Select the type of address',
      line1: 'Enter the address line 1',
      town: 'Enter the town or city',
      from: 'Enter the start date',
      childInHousehold: 'Select yes or no for "Does a child under 18 live there, where they stay 12 hours or more?"',
    });
  });

  it('refuses an end date before its start, an impossible date and a bad postcode', () => {
    expect(errorsOf('address', { ...address, 'to-day': '1', 'to-month': '1', 'to-year': '2024' }).to).toBe('End date must be the same as or after the start date');
    expect(errorsOf('address', { ...address, 'from-day': '30', 'from-month': '2' }).from).toBe('Start date must be a real date');
    expect(errorsOf('address', { ...address, 'from-day': '' }).from).toBe('Start date must include a day, month and year');
    expect(errorsOf('address', { ...address, postcode: 'NOT A CODE' }).postcode).toBe('Enter a real postcode, like SW1A 2AA, or leave it blank if not known');
  });

  it('refuses a date in the future where something must already have happened', () => {
    const input = { tool: 'oasys', assessor: 'A. Assessor', result: 'Medium', rosh: 'medium', assessedOn: '2026-06-16' };
    expect(errorsOf('risk-assessment', input).assessedOn).toBe('Date of assessment must be today or in the past');
    expect(parseItem(kind('risk-assessment'), { ...input, assessedOn: '2026-06-15' }, NOW).data.assessedOn).toBe('2026-06-15');
  });

  it('checks intelligence grades against the chosen grading system', () => {
    const base = { entryType: 'intelligence', occurredOn: '2026-01-01', summary: 'Seen near a school' };
    expect(errorsOf('activity', base).gradingSystem).toBe('Select the grading system for intelligence');
    expect(errorsOf('activity', { ...base, gradingSystem: '4x3x2', sourceGrade: 'E', intelligenceGrade: '1', handlingCode: 'P' }).sourceGrade).toBe(
      'Select a source evaluation from the 4x3x2 system: A, B, C, D',
    );
    const ok = parseItem(kind('activity'), { ...base, gradingSystem: '5x5x5', sourceGrade: 'B', intelligenceGrade: '2', handlingCode: '3' }, NOW);
    expect(ok.data).toMatchObject({ gradingSystem: '5x5x5', sourceGrade: 'B', handlingCode: '3' });
  });

  it('needs a name or a register reference for an associate', () => {
    expect(errorsOf('associate', { relationship: 'friend', confidence: 'likely' }).name).toBe('Enter the name of the person, or their register reference');
    expect(parseItem(kind('associate'), { nominalReference: 'npf-000123', relationship: 'friend', confidence: 'likely' }, NOW).data.nominalReference).toBe('NPF-000123');
  });

  it('keeps medical details restricted whatever the input says', () => {
    expect(parseItem(kind('medical'), { detail: 'Diabetic', sensitivity: 'standard' }, NOW).sensitivity).toBe('restricted');
  });

  it('refuses text that is too long, and a choice that is not on the list', () => {
    expect(errorsOf('risk-factor', { factor: 'x'.repeat(201) }).factor).toBe('Risk factor must be 200 characters or fewer');
    expect(errorsOf('vehicle', { registration: 'AB12 CDE', use: 'stolen' }).use).toBe('Select the connection');
  });
});
