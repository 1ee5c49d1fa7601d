import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.ts';
import { DEFAULT_CRITERIA, loadCriteria } from './vetting.criteria.ts';
import { parseDecision, parseRefusalAnswer } from './vetting.decision.schemas.ts';

const grant = { outcome: 'granted', factors: 'C1', rationale: 'Synthetic: nothing of concern.' };

/** The field errors a bad decision gets, as { field: message }. */
function errorsOf(input: Record<string, unknown>): Record<string, string> {
  try {
    parseDecision(input, DEFAULT_CRITERIA);
  } catch (e) {
    if (isAppError(e)) return Object.fromEntries(e.fieldErrors.map((f) => [f.field, f.message]));
    throw e;
  }
  return {};
}

describe('the decision record', () => {
  it('a plain grant needs the criteria weighed and a rationale, and no reason', () => {
    expect(parseDecision(grant, DEFAULT_CRITERIA)).toMatchObject({ outcome: 'granted', factors: ['C1'], reasonCodes: [], twoStage: null, conditions: '' });
    expect(errorsOf({})).toEqual({ outcome: 'Choose the outcome', factors: 'Choose at least one criterion you weighed', rationale: 'Enter the rationale: how the criteria and evidence led to this outcome' });
    expect(errorsOf({ ...grant, factors: ['C1', 'Z9'] })).toEqual({ factors: 'Choose criteria from the published list (VC-2026.1)' });
  });

  it.each([
    [{ outcome: 'refused' }, { reasons: 'Choose at least one reason for this outcome' }],
    [{ outcome: 'discontinued' }, { reasons: 'Choose at least one reason for this outcome' }],
    [{ outcome: 'granted-with-conditions', reasons: 'financial' }, { conditions: 'Enter the conditions of the clearance' }],
    [{ reasons: ['non-disclosure', 'made-up'] }, { reasons: 'Choose reasons from the list' }],
    [{ reasons: ['financial'], disclose: ['non-disclosure'] }, { disclose: 'Only a reason you chose can be disclosed to the applicant' }],
    [{ rationale: 'x'.repeat(10001) }, { rationale: 'The rationale must be 10000 characters or fewer' }],
  ])('%j is refused with %j', (change, expected) => {
    expect(errorsOf({ ...grant, ...change })).toEqual(expected);
  });

  it('keeps non-disclosure apart from adverse information, several reasons allowed', () => {
    const d = parseDecision({ ...grant, outcome: 'refused', factors: ['C4'], reasons: ['non-disclosure', 'adverse-information', 'financial'], disclose: ['non-disclosure'] }, DEFAULT_CRITERIA);
    expect(d.reasonCodes).toEqual(['non-disclosure', 'adverse-information', 'financial']);
    expect(d.disclosable).toEqual(['non-disclosure']);
  });

  it('asks the two-stage test whenever non-conviction information was weighed', () => {
    const base = { ...grant, outcome: 'refused', factors: ['C2'], reasons: 'adverse-information' };
    expect(errorsOf(base)).toEqual({ grounds: 'Answer stage 1: are there reasonable grounds for suspicion?', groundsWhy: 'Explain your answer to stage 1' });
    expect(errorsOf({ ...base, grounds: 'yes', groundsWhy: 'Two sources' })).toEqual({ appropriate: 'Answer stage 2: is refusal appropriate in all the circumstances?', appropriateWhy: 'Explain your answer to stage 2' });
    // Stage 1 "no": the non-conviction information cannot carry a refusal on its own.
    expect(errorsOf({ ...base, grounds: 'no', groundsWhy: 'One old report' })).toEqual({ reasons: 'The two-stage test says refusal is not appropriate on the non-conviction information: give another reason, or choose another outcome' });
    expect(errorsOf({ ...base, grounds: 'no', groundsWhy: 'One old report', reasons: ['adverse-information', 'non-disclosure'] })).toEqual({});
    const passed = parseDecision({ ...base, grounds: 'yes', groundsWhy: 'Two sources', appropriate: 'yes', appropriateWhy: 'Recent' }, DEFAULT_CRITERIA);
    expect(passed.twoStage).toEqual({ grounds: 'yes', groundsWhy: 'Two sources', appropriate: 'yes', appropriateWhy: 'Recent' });
    expect(parseDecision(grant, DEFAULT_CRITERIA).twoStage).toBeNull();
  });

  it('a second officer rejecting a refusal says why', () => {
    expect(() => parseRefusalAnswer({ answer: 'reject' })).toThrow('Explain why you do not agree');
    expect(() => parseRefusalAnswer({})).toThrow('Choose whether you agree with the refusal');
    expect(parseRefusalAnswer({ answer: 'agree' })).toEqual({ answer: 'agree', reason: '' });
  });
});

describe('the published criteria', () => {
  const file = (content: unknown) => {
    const p = path.join(mkdtempSync(path.join(os.tmpdir(), 'criteria-')), 'criteria.json');
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };

  it('are the service list unless VETTING_CRITERIA_FILE publishes another, which is checked', () => {
    expect(loadCriteria(undefined)).toBe(DEFAULT_CRITERIA);
    const own = { version: 'FORCE-2027.1', publishedOn: '2027-01-01', criteria: [{ code: 'F1', title: 'Own criterion', description: 'Synthetic', nonConviction: true }] };
    expect(loadCriteria(file(own))).toEqual(own);
    expect(() => loadCriteria(file('{ not json'))).toThrow(/could not be read as JSON/);
    expect(() => loadCriteria(file({ ...own, criteria: [] }))).toThrow(/is not a criteria list/);
    expect(() => loadCriteria(file({ ...own, criteria: [own.criteria[0], own.criteria[0]] }))).toThrow(/repeats a criterion code/);
  });
});
