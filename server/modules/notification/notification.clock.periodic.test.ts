import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOf, yearOn } from './notification.clock.days.ts';
import { computeClock } from './notification.clock.ts';
import type { ClockEvent, ClockResult } from './notification.types.ts';

// Synthetic facts only: weekly notification while the person has no fixed abode, and the year
// resuming once a home is notified (s.85(5)-(6) and the 2012 Regulations). Life, 10 January 2020;
// no fixed abode from 1 January 2020; notified weekly from 12 January.
const clock = (events: ClockEvent[], asOf: string): ClockResult =>
  computeClock({ dateOfBirth: '1980-05-15', disposals: [{ id: 'd1', kind: 'life', relevantDate: '2020-01-10' }], events: [spell, ...weekly, ...events], asOf });
const note = (id: string, kind: 'initial' | 'periodic' | 'change-of-address', date: string): ClockEvent => ({ type: 'notification', id, kind, date });
const nfa = (from: string, to: string | null): ClockEvent => ({ type: 'no-fixed-address', id: 'f1', from, to });
// In custody until the relevant date, so the review date has what it needs; not what these rows are about.
const spell: ClockEvent = { type: 'spell', id: 's0', kind: 'custody', from: '2019-12-01', to: '2020-01-10' };
const weekly = [note('n0', 'initial', '2020-01-12'), note('n1', 'periodic', '2020-01-19'), note('n2', 'periodic', '2020-01-26'), note('n3', 'periodic', '2020-02-02')];
const overdue = (r: ClockResult) => r.overdue.map((d) => `${d.duty} ${d.triggerId} ${d.dueBy}`);

describe('s.85(5)-(6): weekly while there is no fixed abode; yearly again from the notification of a home', () => {
  type Row = [string, ClockEvent[], string, string | null, string[]];
  const rows: Row[] = [
    ['no fixed abode continuing: weekly, due 7 days after the last notification', [nfa('2020-01-01', null)], '2020-02-05', '2020-02-09', []],
    ['no fixed abode continuing, a week missed: overdue', [nfa('2020-01-01', null)], '2020-02-12', '2020-02-09', ['periodic n3 2020-02-09']],
    [
      'a home from 7 February, notified that day (the spell recorded as ending that day): yearly from that notification, nothing overdue',
      [nfa('2020-01-01', '2020-02-07'), { type: 'change', id: 'c1', kind: 'change-of-address', date: '2020-02-07' }, note('n4', 'change-of-address', '2020-02-07')],
      '2020-03-01',
      '2021-02-07',
      [],
    ],
    [
      'a home from 7 February, notified on 9 February: the week from 2 February closed on time, yearly from 9 February',
      [nfa('2020-01-01', '2020-02-07'), { type: 'change', id: 'c1', kind: 'change-of-address', date: '2020-02-07' }, note('n4', 'change-of-address', '2020-02-09')],
      '2020-03-01',
      '2021-02-09',
      [],
    ],
    [
      'a home from 7 February, not notified: the week from 2 February is overdue, and so is the move',
      [nfa('2020-01-01', '2020-02-07'), { type: 'change', id: 'c1', kind: 'change-of-address', date: '2020-02-07' }],
      '2020-03-01',
      '2020-02-09',
      ['periodic n3 2020-02-09', 'change c1 2020-02-09'],
    ],
    ['a notification on the first day without a home is weekly', [nfa('2020-02-02', null)], '2020-02-05', '2020-02-09', []],
    ['the spell ended before the last weekly notification: yearly from it', [nfa('2020-01-01', '2020-02-02')], '2020-03-01', '2021-02-02', []],
  ];
  it.each(rows)('%s', (_name, events, asOf, next, late) => {
    const r = clock(events, asOf);
    expect(r.nextPeriodicBy).toBe(next);
    expect(overdue(r)).toEqual(late);
  });

  it('a spell of no fixed abode ending on the day of a notification never makes the window after it weekly', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOf('2020-01-13'), max: dayOf('2024-12-31') }), fc.integer({ min: 1, max: 400 }), (notified, length) => {
        const r = computeClock({
          dateOfBirth: '1980-05-15',
          disposals: [{ id: 'd1', kind: 'life', relevantDate: '2020-01-10' }],
          events: [spell, note('n0', 'initial', '2020-01-12'), nfa(isoOf(notified - length), isoOf(notified)), note('home', 'change-of-address', isoOf(notified))],
          asOf: isoOf(notified),
        });
        expect(r.nextPeriodicBy).toBe(isoOf(yearOn(notified)));
      }),
      { numRuns: 300 },
    );
  });
});
