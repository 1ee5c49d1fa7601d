import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, dayOf, isoOf } from './notification.clock.days.ts';
import { computeClock } from './notification.clock.ts';
import type { ClockEvent, ClockInput, ClockResult, Disposal } from './notification.types.ts';

// Synthetic facts only: when a person on indefinite notification may apply for a review (s.91B).
const ADULT = '1980-05-15';
const clock = (facts: Partial<ClockInput>): ClockResult => computeClock({ dateOfBirth: ADULT, disposals: [ipp], events: [], asOf: '2026-06-01', ...facts });
const ipp: Disposal = { id: 'd1', kind: 'ipp', relevantDate: '2010-03-10' };
const note = (id: string, kind: 'initial' | 'release' | 'change-of-address' | 'periodic', date: string): ClockEvent => ({ type: 'notification', id, kind, date });
const spell = (id: string, kind: 'custody' | 'hospital' | 'abroad', from: string, to: string | null): ClockEvent => ({ type: 'spell', id, kind, from, to });

describe('s.91B(2): the years run from the relevant notification, the first after release (IPP, convicted 10 March 2010)', () => {
  // Convicted while on bail: notified within 3 days, then sentenced and imprisoned, released in 2018.
  const onBail = [note('n0', 'initial', '2010-03-12'), spell('c1', 'custody', '2010-04-20', '2018-06-01')];
  type Row = [string, Partial<ClockInput>, ClockResult['review']];
  const rows: Row[] = [
    [
      'notified on bail, then imprisoned: 15 years from the first notification after release (2 June 2018), not from the first ever (about eight years early)',
      { events: [...onBail, note('n1', 'release', '2018-06-02')] },
      { eligibleFrom: '2033-06-02', blockedBy: 'not-yet' },
    ],
    ['the same, read in 2033 on the day: may apply', { events: [...onBail, note('n1', 'release', '2018-06-02')], asOf: '2033-06-02' }, { eligibleFrom: '2033-06-02', blockedBy: null }],
    ['the same, the day before: not yet', { events: [...onBail, note('n1', 'release', '2018-06-02')], asOf: '2033-06-01' }, { eligibleFrom: '2033-06-02', blockedBy: 'not-yet' }],
    ['under 18 on the relevant date: 8 years from the notification after release', { events: [...onBail, note('n1', 'release', '2018-06-02')], dateOfBirth: '1993-01-01' }, { eligibleFrom: '2026-06-02', blockedBy: 'not-yet' }],
    ['the release notification given late: the years run from the day it was given', { events: [...onBail, note('n1', 'release', '2018-07-15')] }, { eligibleFrom: '2033-07-15', blockedBy: 'not-yet' }],
    [
      'released, no notification since recorded: the earliest date (from the day it was due) and no application yet',
      { events: onBail },
      { eligibleFrom: '2033-06-03', blockedBy: 'no-relevant-notification' },
    ],
    [
      'a change of address after release is not the relevant notification: the release (or initial) notification is',
      { events: [...onBail, note('n1', 'change-of-address', '2018-06-02'), note('n2', 'release', '2018-06-10')] },
      { eligibleFrom: '2033-06-10', blockedBy: 'not-yet' },
    ],
    ['still in custody: no date yet', { events: [note('n0', 'initial', '2010-03-12'), spell('c1', 'custody', '2010-04-20', null)] }, { eligibleFrom: null, blockedBy: 'not-released' }],
    ['no custody or hospital recorded for the sentence: no date, and flagged', { events: [note('n0', 'initial', '2010-03-12')] }, { eligibleFrom: null, blockedBy: 'custody-not-recorded' }],
    ['custody that ended before the relevant date is not the sentence: no date', { events: [spell('c0', 'custody', '2009-01-01', '2009-06-01'), note('n0', 'initial', '2010-03-12')] }, { eligibleFrom: null, blockedBy: 'custody-not-recorded' }],
    ['time abroad is not custody: no date', { events: [note('n0', 'initial', '2010-03-12'), spell('a1', 'abroad', '2011-01-01', '2011-02-01')] }, { eligibleFrom: null, blockedBy: 'custody-not-recorded' }],
    [
      'in custody on the relevant date, initial notification after release: that notification',
      { events: [spell('c0', 'custody', '2009-11-01', '2014-03-01'), note('n0', 'initial', '2014-03-02')] },
      { eligibleFrom: '2029-03-02', blockedBy: 'not-yet' },
    ],
    [
      'recalled after release: the first release counts, not the later one',
      { events: [...onBail, note('n1', 'release', '2018-06-02'), spell('c2', 'custody', '2020-01-01', '2021-01-01'), note('n2', 'release', '2021-01-02')] },
      { eligibleFrom: '2033-06-02', blockedBy: 'not-yet' },
    ],
    [
      'a hospital order with a restriction order: the first notification after discharge from hospital',
      { disposals: [{ id: 'd1', kind: 'hospital-restricted', relevantDate: '2010-03-10' }], events: [spell('h1', 'hospital', '2010-03-10', '2015-09-30'), note('n0', 'initial', '2015-10-01')] },
      { eligibleFrom: '2030-10-01', blockedBy: 'not-yet' },
    ],
    [
      's.91B(3): after a refusal, 8 years from the decision, whatever the notifications',
      { events: [...onBail, note('n1', 'release', '2018-06-02'), { type: 'review-decision', id: 'r1', date: '2034-01-10', outcome: 'refused' }], asOf: '2035-01-01' },
      { eligibleFrom: '2042-01-10', blockedBy: 'not-yet' },
    ],
    [
      's.91A(2): an order in force blocks it, before anything else',
      { events: [...onBail, note('n1', 'release', '2018-06-02'), { type: 'shpo', id: 'o1', from: '2018-06-01', to: null }], asOf: '2034-01-01' },
      { eligibleFrom: '2033-06-02', blockedBy: 'shpo' },
    ],
    [
      'indefinite from terms added together (s.82(4)): the same rule',
      {
        disposals: [
          { id: 'd1', kind: 'imprisonment', relevantDate: '2010-03-10', sentenceMonths: 18 },
          { id: 'd2', kind: 'imprisonment', relevantDate: '2010-03-10', sentenceMonths: 12, runs: 'consecutive', runsWith: 'd1' },
        ],
        events: [...onBail, note('n1', 'release', '2018-06-02')],
      },
      { eligibleFrom: '2033-06-02', blockedBy: 'not-yet' },
    ],
  ];
  it.each(rows)('%s', (_name, facts, expected) => {
    expect(clock(facts).review).toEqual(expected);
  });

  it('flags the missing custody as a fact to complete, with the section', () => {
    expect(clock({ events: [note('n0', 'initial', '2010-03-12')] }).warnings).toEqual([{ code: 'custody-not-recorded', ids: ['d1'], section: 's.91B(2)' }]);
  });
});

describe('s.91B(2) property', () => {
  const FROM = dayOf('2000-01-01');
  const day = fc.integer({ min: FROM, max: dayOf('2030-12-31') });
  it('without a refusal, the date is never before 15 years (8 under 18) after release from the custody or detention the sentence brought', () => {
    fc.assert(
      fc.property(
        day,
        fc.array(fc.tuple(fc.constantFrom('custody', 'hospital', 'abroad') as fc.Arbitrary<'custody' | 'hospital' | 'abroad'>, day, fc.integer({ min: 0, max: 4000 })), { maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom('initial', 'release', 'periodic') as fc.Arbitrary<'initial' | 'release' | 'periodic'>, day), { maxLength: 6 }),
        fc.option(fc.integer({ min: dayOf('1960-01-01'), max: dayOf('2015-01-01') }), { nil: null }),
        (relevant, spells, notices, birth) => {
          const events: ClockEvent[] = [
            ...spells.map(([kind, from, len], i): ClockEvent => spell(`s${i}`, kind, isoOf(from), isoOf(from + len))),
            ...notices.map(([kind, on], i) => note(`n${i}`, kind, isoOf(on))),
          ];
          const r = computeClock({ dateOfBirth: birth === null ? null : isoOf(birth), disposals: [{ id: 'd1', kind: 'life', relevantDate: isoOf(relevant) }], events, asOf: '2031-01-01' });
          const releases = spells.filter(([kind, from, len]) => kind !== 'abroad' && from + len >= relevant).map(([, from, len]) => ({ from, to: from + len }));
          if (!releases.length) {
            expect(r.review).toEqual({ eligibleFrom: null, blockedBy: 'custody-not-recorded' });
            return;
          }
          const first = releases.reduce((a, b) => (b.from < a.from || (b.from === a.from && b.to < a.to) ? b : a));
          if (first.to > dayOf('2031-01-01')) {
            expect(r.review).toEqual({ eligibleFrom: null, blockedBy: 'not-released' });
            return;
          }
          const under18 = birth !== null && relevant < addMonths(birth, 18 * 12).day;
          const years = under18 ? 96 : 180;
          expect(r.review.eligibleFrom).not.toBeNull();
          expect(r.review.eligibleFrom! > isoOf(addMonths(first.to, years).day - 1)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
