import { describe, expect, it } from 'vitest';
import { computeClock } from './notification.clock.ts';
import type { ClockInput, ClockResult, Disposal } from './notification.types.ts';

// Synthetic facts only. Each row: the disposals as an officer records them, and the period the Act gives.
const ADULT = '1980-05-15';
const clock = (disposals: Disposal[], facts: Partial<ClockInput> = {}): ClockResult => computeClock({ dateOfBirth: ADULT, events: [], asOf: '2026-06-01', disposals, ...facts });
const term = (id: string, months: number, extra: Partial<Disposal> = {}): Disposal => ({ id, kind: 'imprisonment', relevantDate: '2025-01-10', sentenceMonths: months, ...extra });
const inDays = (id: string, days: number, extra: Partial<Disposal> = {}): Disposal => ({ id, kind: 'imprisonment', relevantDate: '2025-01-10', sentenceDays: days, ...extra });
const summary = (r: ClockResult) => (r.period ? (r.period.kind === 'indefinite' ? 'indefinite' : `${r.period.months} months to ${r.period.endsOn}`) : 'not subject');
// The period's warnings (an indefinite period also asks for the custody behind it: notification.clock.review.test.ts).
const codes = (r: ClockResult) => r.warnings.filter((w) => w.code !== 'custody-not-recorded').map((w) => `${w.code} ${w.ids.join('+')} (${w.section})`);

describe('s.82(3)-(4): terms for Schedule 3 offences added together', () => {
  type Row = [string, Disposal[], string, string[]];
  const rows: Row[] = [
    ['s.82(4)(a): 18 and 12 months consecutive are 30 months: indefinite', [term('a', 18), term('b', 12, { runs: 'consecutive', runsWith: 'a' })], 'indefinite', []],
    ['s.82(4)(b): 24 and 12 months overlapping by 6 are 30 months: indefinite', [term('a', 24), term('b', 12, { runs: 'partly-concurrent', runsWith: 'a', overlapMonths: 6 })], 'indefinite', []],
    ['s.82(4)(b): 24 and 12 months overlapping by 7 are 29 months: 10 years', [term('a', 24), term('b', 12, { runs: 'partly-concurrent', runsWith: 'a', overlapMonths: 7 })], '120 months to 2035-01-09', []],
    ['s.82(1): 18 and 12 months concurrent: each its own term, 10 years', [term('a', 18), term('b', 12, { runs: 'concurrent', runsWith: 'a' })], '120 months to 2035-01-09', []],
    ['s.82(3)-(4): imposed the same day, no answer on how they run: read as consecutive, and flagged', [term('a', 18), term('b', 12)], 'indefinite', ['terms-unanswered a+b (s.82(3)-(4))']],
    ['s.82(3): three terms, 12 + 12 + 6 months consecutive: 30 months, indefinite', [term('a', 12), term('b', 12, { runs: 'consecutive', runsWith: 'a' }), term('c', 6, { runs: 'consecutive', runsWith: 'b' })], 'indefinite', []],
    ['s.82(4)(a): 3 and 3 months consecutive are 6 months: not more than 6, so 7 years', [term('a', 3), term('b', 3, { runs: 'consecutive', runsWith: 'a' })], '84 months to 2032-01-09', []],
    ['s.82(4)(a): 4 and 3 months consecutive are 7 months: 10 years', [term('a', 4), term('b', 3, { runs: 'consecutive', runsWith: 'a' })], '120 months to 2035-01-09', []],
    ['s.82(4)(a): 20 weeks and 20 weeks consecutive are 280 days: more than 6 months, 10 years', [inDays('a', 140), inDays('b', 140, { runs: 'consecutive', runsWith: 'a' })], '120 months to 2035-01-09', []],
    ['s.82(4)(a): 2 years and 26 weeks consecutive: more than 30 months, indefinite', [term('a', 24), inDays('b', 182, { runs: 'consecutive', runsWith: 'a' })], 'indefinite', []],
    [
      's.82(3): a consecutive term for an offence not in Schedule 3 is not added (and makes no one subject)',
      [term('a', 18), term('b', 12, { runs: 'consecutive', runsWith: 'a', schedule3: false })],
      '120 months to 2035-01-09',
      [],
    ],
    [
      's.82(3): a Schedule 3 term consecutive to a term for another offence: not added, nothing flagged',
      [term('a', 18, { schedule3: false }), term('b', 12, { runs: 'consecutive', runsWith: 'a' })],
      '120 months to 2035-01-09',
      [],
    ],
    ['s.82(3): terms imposed on different days with no answer: each its own term, nothing flagged', [term('a', 18), term('b', 12, { relevantDate: '2025-03-01' })], '120 months to 2035-02-28', []],
    [
      's.82(3): the same occasion is the day of sentence where it is recorded',
      [term('a', 18, { sentencedOn: '2025-02-01' }), term('b', 12, { relevantDate: '2024-12-01', sentencedOn: '2025-02-01' })],
      'indefinite',
      ['terms-unanswered a+b (s.82(3)-(4))'],
    ],
    [
      's.82(3): consecutive to a term imposed on another day (a later sentence ordered to follow): added',
      [term('a', 18), term('b', 12, { relevantDate: '2025-06-01', runs: 'consecutive', runsWith: 'a' })],
      'indefinite',
      [],
    ],
    [
      's.82(3)-(4): two of three same-day terms answered, the third not: the third read as consecutive',
      [term('a', 12), term('b', 6, { runs: 'concurrent', runsWith: 'a' }), term('c', 18)],
      'indefinite',
      ['terms-unanswered a+b+c (s.82(3)-(4))'],
    ],
    ['s.82(1): one of two consecutive terms has no length: indefinite, and flagged', [term('a', 18), { id: 'b', kind: 'imprisonment', relevantDate: '2025-01-10', runs: 'consecutive', runsWith: 'a' }], 'indefinite', ['term-missing b (s.82(1))']],
    ['s.82(3): runs with a disposal that is not a term on the record: flagged, not added', [term('a', 18), term('b', 12, { runs: 'consecutive', runsWith: 'gone', relevantDate: '2025-02-01' })], '120 months to 2035-01-31', ['runs-with-unknown b (s.82(3))']],
    [
      's.82(4)(b): an overlap as long as the shorter term cannot be: not taken off, and flagged',
      [term('a', 24), term('b', 6, { runs: 'partly-concurrent', runsWith: 'a', overlapMonths: 6 })],
      'indefinite',
      ['overlap-too-long a+b (s.82(4)(b))'],
    ],
  ];
  it.each(rows)('%s', (_name, disposals, period, warnings) => {
    const r = clock(disposals);
    expect(summary(r)).toBe(period);
    expect(codes(r)).toEqual(warnings);
  });

  it('s.82(2) and (4): under 18, 18 and 6 months consecutive are 24 months: 10 years halved to 5', () => {
    expect(summary(clock([term('a', 18), term('b', 6, { runs: 'consecutive', runsWith: 'a' })], { dateOfBirth: '2010-01-01' }))).toBe('60 months to 2030-01-09');
  });

  it('says which terms were added: the aggregate shared by each offence (s.82(4))', () => {
    const r = clock([term('a', 18), term('b', 12, { runs: 'consecutive', runsWith: 'a' }), term('c', 3, { relevantDate: '2026-01-05' })]);
    expect(r.period).toEqual({ kind: 'indefinite', governingDisposalId: 'a', aggregate: { disposalIds: ['a', 'b'], months: 30, days: 0 } });
  });
});

describe('s.82(1): terms in weeks or days, against 6 and 30 calendar months from the day imposed', () => {
  type Row = [string, Disposal, string, string[]];
  const rows: Row[] = [
    ['28 weeks (196 days) is more than 6 months: 10 years, not 7', inDays('a', 196), '120 months to 2035-01-09', []],
    ['12 weeks: 7 years', inDays('a', 84), '84 months to 2032-01-09', []],
    ['26 weeks from 10 January 2025 (6 months are 181 days): more than 6 months, and flagged', inDays('a', 182), '120 months to 2035-01-09', ['term-near-threshold a (s.82(1))']],
    ['26 weeks from 10 July 2025 (6 months are 184 days): not more than 6 months, and flagged', inDays('a', 182, { relevantDate: '2025-07-10' }), '84 months to 2032-07-09', ['term-near-threshold a (s.82(1))']],
    ['130 weeks (910 days) from 10 January 2025: under 30 months (911 days), 10 years, and flagged', inDays('a', 910), '120 months to 2035-01-09', ['term-near-threshold a (s.82(1))']],
    ['140 weeks: 30 months or more, indefinite', inDays('a', 980), 'indefinite', []],
    ['6 months in months: 7 years (as before)', term('a', 6), '84 months to 2032-01-09', []],
  ];
  it.each(rows)('%s', (_name, d, period, warnings) => {
    const r = clock([d]);
    expect(summary(r)).toBe(period);
    expect(codes(r)).toEqual(warnings);
  });
});

describe('s.80 and s.134: disposals that make no one subject', () => {
  it.each([
    ['an absolute discharge alone: not subject at all (s.134; Sentencing Act 2020 s.82)', [{ id: 'a', kind: 'absolute-discharge', relevantDate: '2025-01-10' }], 'not subject'],
    ['an absolute discharge beside a caution: the caution governs', [{ id: 'a', kind: 'absolute-discharge', relevantDate: '2025-01-10' }, { id: 'b', kind: 'caution', relevantDate: '2025-03-01' }], '24 months to 2027-02-28'],
    ['an offence recorded as not in Schedule 3 alone: not subject (s.80(1))', [{ id: 'a', kind: 'other', relevantDate: '2025-01-10', schedule3: false }], 'not subject'],
    ['Schedule 3 not answered: taken as listed (the disposal was recorded as notifiable)', [{ id: 'a', kind: 'other', relevantDate: '2025-01-10' }], '60 months to 2030-01-09'],
  ] as [string, Disposal[], string][])('%s', (_name, disposals, period) => {
    const r = clock(disposals);
    expect(summary(r)).toBe(period);
    expect(r.subject).toBe(period !== 'not subject');
  });

  it('a conditional discharge with no period recorded is read as 3 years and flagged (s.82(1))', () => {
    expect(codes(clock([{ id: 'a', kind: 'conditional-discharge', relevantDate: '2025-01-10' }]))).toEqual(['discharge-period-missing a (s.82(1))']);
  });
});
