import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOf } from './notification.clock.days.ts';
import { ukDayOf, ukMidnight } from './notification.clock.travel.ts';
import { computeClock } from './notification.clock.ts';
import { DEFAULT_CLOCK_CONFIG, type ClockConfig, type ClockEvent, type ClockResult, type TravelDestination } from './notification.types.ts';

// Synthetic facts only: foreign travel as the 2004 Regulations (as amended in 2012) count it. Life, 2020.
const clock = (events: ClockEvent[], config: Partial<ClockConfig> = {}, asOf = '2025-06-01'): ClockResult =>
  computeClock({ dateOfBirth: '1980-05-15', disposals: [{ id: 'd1', kind: 'life', relevantDate: '2020-01-10' }], events, asOf }, { ...DEFAULT_CLOCK_CONFIG, ...config });
const trip = (notifiedAt: string, departure: string, detailsKnownEarlier: boolean, destination?: TravelDestination): ClockEvent =>
  destination ? { type: 'travel', id: 't1', notifiedAt, departure, detailsKnownEarlier, destination } : { type: 'travel', id: 't1', notifiedAt, departure, detailsKnownEarlier };
const abroad = (id: string, from: string, to: string | null): ClockEvent => ({ type: 'spell', id, kind: 'abroad', from, to });

describe('s.86: each trip against its rule, counted back from the date of departure (UK time)', () => {
  type Row = [string, ClockEvent, Partial<ClockConfig>, { requiredBy: string | null; compliant: boolean; rule: string }];
  const rows: Row[] = [
    // Leaving 10:00 on 8 May 2025 (BST): 7 days before the date of departure is 1 May; by the end of it.
    ['details known: notified at 20:00 on 1 May, 7 days before the date: in time', trip('2025-05-01T19:00:00Z', '2025-05-08T09:00:00Z', true), {}, { requiredBy: '2025-05-01T22:59:59.999Z', compliant: true, rule: 'seven-days' }],
    ['details known: notified at 08:00 on 2 May: late', trip('2025-05-02T07:00:00Z', '2025-05-08T09:00:00Z', true), {}, { requiredBy: '2025-05-01T22:59:59.999Z', compliant: false, rule: 'seven-days' }],
    ['details known, in winter (GMT): by the end of 1 January for 8 January', trip('2025-01-01T23:30:00Z', '2025-01-08T10:00:00Z', true), {}, { requiredBy: '2025-01-01T23:59:59.999Z', compliant: true, rule: 'seven-days' }],
    // Leaving 06:00 on 8 May: 12 hours before the date of departure is noon on 7 May, UK time.
    ['details not known: notified at 11:30 on 7 May: in time', trip('2025-05-07T10:30:00Z', '2025-05-08T05:00:00Z', false), {}, { requiredBy: '2025-05-07T11:00:00.000Z', compliant: true, rule: 'short-notice' }],
    [
      'details not known: notified at 13:00 on 7 May, 17 hours before leaving but after noon the day before: late',
      trip('2025-05-07T12:00:00Z', '2025-05-08T05:00:00Z', false),
      {},
      { requiredBy: '2025-05-07T11:00:00.000Z', compliant: false, rule: 'short-notice' },
    ],
    ['details not known, leaving the day the clocks go forward (30 March 2025): noon GMT on 29 March', trip('2025-03-29T09:00:00Z', '2025-03-30T08:00:00Z', false), {}, { requiredBy: '2025-03-29T12:00:00.000Z', compliant: true, rule: 'short-notice' }],
    ['the Republic of Ireland is outside the United Kingdom: checked', trip('2025-05-06T07:00:00Z', '2025-05-08T09:00:00Z', true, 'republic-of-ireland'), {}, { requiredBy: '2025-05-01T22:59:59.999Z', compliant: false, rule: 'seven-days' }],
    ['the Isle of Man, Jersey or Guernsey are outside the United Kingdom: checked', trip('2025-04-30T07:00:00Z', '2025-05-08T09:00:00Z', true, 'crown-dependency'), {}, { requiredBy: '2025-05-01T22:59:59.999Z', compliant: true, rule: 'seven-days' }],
    ['Northern Ireland is in the United Kingdom: not foreign travel, no notice needed', trip('2025-05-07T07:00:00Z', '2025-05-08T09:00:00Z', true, 'northern-ireland'), {}, { requiredBy: null, compliant: true, rule: 'not-foreign' }],
    ['the Republic of Ireland, set as needing no notice', trip('2025-05-07T07:00:00Z', '2025-05-08T09:00:00Z', true, 'republic-of-ireland'), { irelandNotifiable: false }, { requiredBy: null, compliant: true, rule: 'not-required' }],
    ['the Crown Dependencies, set as needing no notice', trip('2025-05-07T07:00:00Z', '2025-05-08T09:00:00Z', true, 'crown-dependency'), { crownDependenciesNotifiable: false }, { requiredBy: null, compliant: true, rule: 'not-required' }],
  ];
  it.each(rows)('%s', (_name, event, config, expected) => {
    expect(clock([event], config).travel).toEqual([{ eventId: 't1', ...expected, counting: 'date-of-departure' }]);
  });
});

describe('s.86(1): time abroad with no trip notified is travel never notified', () => {
  const travelDuties = (r: ClockResult) => r.duties.filter((d) => d.duty === 'travel').map((d) => [d.triggerId, d.section, d.dueBy, d.status]);
  it.each([
    ['abroad from 8 May, nothing notified: a duty missed, due by the end of 1 May', [abroad('a1', '2025-05-08', '2025-05-15')], [['a1', 's.86(1)', '2025-05-01', 'overdue']]],
    ['a trip notified leaving that day: nothing missed', [abroad('a1', '2025-05-08', '2025-05-15'), trip('2025-04-20T10:00:00Z', '2025-05-08T09:00:00Z', true)], []],
    ['a trip notified leaving the evening before: nothing missed', [abroad('a1', '2025-05-08', '2025-05-15'), trip('2025-04-20T10:00:00Z', '2025-05-07T21:30:00Z', true)], []],
    ['a trip notified leaving a week earlier is another trip: this one missed', [abroad('a1', '2025-05-08', '2025-05-15'), trip('2025-04-20T10:00:00Z', '2025-05-01T09:00:00Z', true)], [['a1', 's.86(1)', '2025-05-01', 'overdue']]],
    ['abroad before the person was subject: nothing owed', [abroad('a1', '2019-05-08', '2019-05-15')], []],
    ['still abroad, left yesterday: missed already', [abroad('a1', '2025-05-31', null)], [['a1', 's.86(1)', '2025-05-24', 'overdue']]],
  ] as [string, ClockEvent[], unknown[]][])('%s', (_name, events, expected) => {
    expect(travelDuties(clock(events))).toEqual(expected);
  });
});

describe('s.86 properties', () => {
  const instant = fc.integer({ min: dayOf('2021-01-01') * 86_400, max: dayOf('2026-12-31') * 86_400 }).map((s) => s * 1000);
  it('7 days: the last moment of the day 7 days before the date of departure; 12 hours: 12 hours before that date begins', () => {
    fc.assert(
      fc.property(instant, instant, fc.boolean(), (notified, departure, known) => {
        const [check] = clock([trip(new Date(notified).toISOString(), new Date(departure).toISOString(), known)], {}, '2027-01-01').travel;
        const date = ukDayOf(departure);
        const by = Date.parse(check!.requiredBy!);
        if (known) {
          expect(ukDayOf(by)).toBe(date - 7);
          expect(ukDayOf(by + 1)).toBe(date - 6);
        } else expect(by).toBe(ukMidnight(date) - 12 * 3_600_000);
        expect(check!.compliant).toBe(notified <= by);
      }),
      { numRuns: 300 },
    );
  });

  it('every departure abroad while subject is either a trip notified within a day of it or a duty missed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: dayOf('2021-01-01'), max: dayOf('2025-05-31') }), { minLength: 1, maxLength: 4 }), fc.array(instant, { maxLength: 4 }), (leaves, trips) => {
        const events: ClockEvent[] = [
          ...leaves.map((from, i) => abroad(`a${i}`, isoOf(from), isoOf(from + 3))),
          ...trips.map((at, i): ClockEvent => ({ type: 'travel', id: `t${i}`, notifiedAt: new Date(at - 30 * 86_400_000).toISOString(), departure: new Date(at).toISOString(), detailsKnownEarlier: true })),
        ];
        const r = clock(events);
        for (const [i, from] of leaves.entries()) {
          const notified = trips.some((at) => Math.abs(ukDayOf(at) - from) <= 1);
          expect(r.duties.some((d) => d.duty === 'travel' && d.triggerId === `a${i}`)).toBe(!notified);
        }
      }),
      { numRuns: 300 },
    );
  });
});
