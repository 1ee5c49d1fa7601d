import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOf } from './notification.clock.days.ts';
import { computeClock } from './notification.clock.ts';
import type { ClockEvent, ClockResult, Duty } from './notification.types.ts';

// Synthetic facts only: changes notified before they happen (s.84(2)-(4)). Other disposal on
// 10 January 2025, initial notification the next day; a move notified on 1 April, expected on 10 April.
const clock = (events: ClockEvent[], asOf: string): ClockResult =>
  computeClock({ dateOfBirth: '1980-05-15', disposals: [{ id: 'd1', kind: 'other', relevantDate: '2025-01-10' }], events: [note('n0', 'initial', '2025-01-11'), ...events], asOf });
const note = (id: string, kind: 'initial' | 'change-of-address' | 'change-of-name' | 'periodic' | 'non-occurrence', date: string, expectedOn?: string): ClockEvent =>
  expectedOn ? { type: 'notification', id, kind, date, expectedOn } : { type: 'notification', id, kind, date };
const move = (id: string, date: string): ClockEvent => ({ type: 'change', id, kind: 'change-of-address', date });
const spell = (id: string, from: string, to: string | null): ClockEvent => ({ type: 'spell', id, kind: 'custody', from, to });
const advance = note('a1', 'change-of-address', '2025-04-01', '2025-04-10');
const changeDuties = (r: ClockResult) => r.duties.filter((d) => d.duty === 'change').map((d) => [d.triggerId, d.section, d.triggeredOn, d.dueBy, d.status] as [string, string, string, string, Duty['status']]);

describe('s.84(2)-(4): a change notified before it happens (notified 1 April, expected 10 April)', () => {
  type Row = [string, ClockEvent[], string, [string, string, string, string, Duty['status']][]];
  const rows: Row[] = [
    ['s.84(2): the move happens on the day given: the notice stands, nothing more is owed', [advance, move('c1', '2025-04-10')], '2025-06-01', []],
    ['s.84(3): 2 days before the day given: it stands', [advance, move('c1', '2025-04-08')], '2025-06-01', []],
    ['s.84(4): on the third day beginning with the day given (2 days after): it stands', [advance, move('c1', '2025-04-12')], '2025-06-01', []],
    ['s.84(3): 3 days before the day given: the notice does not count, the move is owed as usual', [advance, move('c1', '2025-04-07')], '2025-06-01', [['c1', 's.84(1)(b)', '2025-04-07', '2025-04-09', 'overdue']]],
    [
      's.84(4): 3 days after: owed as usual, and the person had to say it had not happened, by the sixth day beginning with the day given',
      [advance, move('c1', '2025-04-13')],
      '2025-06-01',
      [
        ['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'overdue'],
        ['c1', 's.84(1)(b)', '2025-04-13', '2025-04-15', 'overdue'],
      ],
    ],
    ['s.84(4): no move yet, read within the 3 days: nothing owed yet', [advance], '2025-04-12', []],
    ['s.84(4)(b): no move, read the day after the 3 days: due by the sixth day (15 April)', [advance], '2025-04-13', [['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'due']]],
    ['s.84(4)(b): no move, not reported by the sixth day: overdue', [advance], '2025-04-16', [['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'overdue']]],
    ['s.84(4)(b): reported on 14 April that it did not happen: met', [advance, note('x1', 'non-occurrence', '2025-04-14')], '2025-06-01', [['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'met']]],
    ['s.84(4)(b): said on 11 April, before the 3 days were over, is not the report the Act asks for', [advance, note('x1', 'non-occurrence', '2025-04-11')], '2025-04-16', [['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'overdue']]],
    [
      's.84(5): custody from 12 April to 20 April is disregarded in the 6 days too',
      [advance, spell('s1', '2025-04-12', '2025-04-20')],
      '2025-04-21',
      [
        ['a1', 's.84(4)(b)', '2025-04-13', '2025-04-23', 'due'],
        ['s1', 's.84(1)(d)', '2025-04-20', '2025-04-22', 'due'],
      ],
    ],
    [
      'a change of another kind is not the one notified: owed as usual, and the move not happening must be reported',
      [advance, { type: 'change', id: 'c1', kind: 'change-of-name', date: '2025-04-10' }],
      '2025-06-01',
      [
        ['c1', 's.84(1)(a)', '2025-04-10', '2025-04-12', 'overdue'],
        ['a1', 's.84(4)(b)', '2025-04-13', '2025-04-15', 'overdue'],
      ],
    ],
    ['a date expected on a notification that is not of a change is ignored: an ordinary notification', [note('n1', 'periodic', '2025-04-01', '2025-04-10')], '2025-06-01', []],
    ['a move before the notice was given is another change: owed as usual', [move('c0', '2025-03-20'), advance, move('c1', '2025-04-10')], '2025-06-01', [['c0', 's.84(1)(b)', '2025-03-20', '2025-03-22', 'late']]],
  ];
  it.each(rows)('%s', (_name, events, asOf, expected) => {
    expect(changeDuties(clock(events, asOf))).toEqual(expected);
  });

  it.each([
    ['before the move: the periodic year still runs from the initial notification', [advance], '2025-04-05', '2026-01-11'],
    ['the move happened within the days allowed: the notice counts from the day it was given (s.85(2)(b))', [advance, move('c1', '2025-04-10')], '2025-06-01', '2026-04-01'],
    ['the move happened too early: the notice counts for nothing, the year runs from the initial notification', [advance, move('c1', '2025-04-05')], '2025-04-06', '2026-01-11'],
    ['the report that a move did not happen does not move the year', [advance, note('x1', 'non-occurrence', '2025-04-14')], '2025-06-01', '2026-01-11'],
  ] as [string, ClockEvent[], string, string][])('s.85: %s', (_name, events, asOf, next) => {
    expect(clock(events, asOf).nextPeriodicBy).toBe(next);
  });
});

describe('s.84(2)-(4) properties', () => {
  const day = fc.integer({ min: dayOf('2025-02-01'), max: dayOf('2026-06-01') });
  it('a change notified in advance that happens within 2 days of the date given is never owed; one that never happens is reported or owed', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 120 }), (given, ahead, drift, later) => {
        const expected = given + ahead;
        const happened = Math.max(given, expected + drift);
        const asOf = isoOf(expected + later);
        const withMove = clock([note('a1', 'change-of-address', isoOf(given), isoOf(expected)), move('c1', isoOf(happened))], asOf);
        expect(withMove.duties.some((d) => d.duty === 'change')).toBe(false);
        const without = clock([note('a1', 'change-of-address', isoOf(given), isoOf(expected))], asOf);
        const report = without.duties.filter((d) => d.duty === 'change');
        expect(report.length).toBe(later >= 3 ? 1 : 0);
        if (report.length) expect(report[0]).toMatchObject({ section: 's.84(4)(b)', triggeredOn: isoOf(expected + 3), dueBy: isoOf(expected + 5) });
      }),
      { numRuns: 300 },
    );
  });
});

describe('s.84(1)(c) and (6): a qualifying stay, counted from the stays recorded', () => {
  const stay = (id: string, premises: string, from: string, to: string | null): ClockEvent => ({ type: 'stay', id, premises, from, to });
  const stayDuties = (r: ClockResult) => r.duties.filter((d) => d.changeKind === 'qualifying-stay').map((d) => [d.triggerId, d.section, d.triggeredOn, d.dueBy, d.status] as [string, string, string, string, Duty['status']]);
  type Row = [string, ClockEvent[], string, [string, string, string, string, Duty['status']][]];
  const rows: Row[] = [
    ['s.84(6)(a): 7 days from 1 March (the first and the last day both count): reached on 7 March, due by 9 March', [stay('s1', '1 Example Road', '2025-03-01', '2025-03-07')], '2025-06-01', [['s1', 's.84(1)(c)', '2025-03-07', '2025-03-09', 'overdue']]],
    ['6 days: no qualifying period', [stay('s1', '1 Example Road', '2025-03-01', '2025-03-06')], '2025-06-01', []],
    [
      's.84(6)(b): 4 days in March and 3 in May at the same premises: reached on the third day in May',
      [stay('s1', '1 Example Road', '2025-03-01', '2025-03-04'), stay('s2', '1 Example Road', '2025-05-10', '2025-05-12')],
      '2025-06-01',
      [['s2', 's.84(1)(c)', '2025-05-12', '2025-05-14', 'overdue']],
    ],
    [
      's.84(6)(b): the same 4 and 3 days more than 12 months apart: no qualifying period',
      [stay('s1', '1 Example Road', '2025-03-01', '2025-03-04'), stay('s2', '1 Example Road', '2026-03-05', '2026-03-07')],
      '2026-06-01',
      [],
    ],
    [
      'the same premises typed differently are the same premises',
      [stay('s1', '1 Example Road', '2025-03-01', '2025-03-04'), stay('s2', '1, example road ', '2025-03-20', '2025-03-22')],
      '2025-06-01',
      [['s2', 's.84(1)(c)', '2025-03-22', '2025-03-24', 'overdue']],
    ],
    ['4 days at each of two premises: no qualifying period at either', [stay('s1', '1 Example Road', '2025-03-01', '2025-03-04'), stay('s2', '2 Sample Street', '2025-03-05', '2025-03-08')], '2025-06-01', []],
    ['still staying: counted to today, reached on the seventh day', [stay('s1', '1 Example Road', '2025-03-01', null)], '2025-03-08', [['s1', 's.84(1)(c)', '2025-03-07', '2025-03-09', 'due']]],
    ['still staying, the sixth day: nothing yet', [stay('s1', '1 Example Road', '2025-03-01', null)], '2025-03-06', []],
    [
      'notified on 8 March: met; a later stay there adds nothing (the address has been notified)',
      [stay('s1', '1 Example Road', '2025-03-01', '2025-03-07'), { type: 'notification', id: 'n1', kind: 'qualifying-stay', date: '2025-03-08' }, stay('s2', '1 Example Road', '2025-04-01', '2025-04-30')],
      '2025-06-01',
      [['s1', 's.84(1)(c)', '2025-03-07', '2025-03-09', 'met']],
    ],
    ['days before the period of notification began do not count: from 10 January, the seventh day is 16 January', [stay('s1', '1 Example Road', '2025-01-05', '2025-01-16')], '2025-06-01', [['s1', 's.84(1)(c)', '2025-01-16', '2025-01-18', 'overdue']]],
    [
      's.84(5): custody the day after the seventh day is disregarded in the 3 days',
      [stay('s1', '1 Example Road', '2025-03-01', '2025-03-07'), spell('c1', '2025-03-08', '2025-03-20')],
      '2025-03-21',
      [['s1', 's.84(1)(c)', '2025-03-07', '2025-03-21', 'due']],
    ],
  ];
  it.each(rows)('%s', (_name, events, asOf, expected) => {
    expect(stayDuties(clock(events, asOf))).toEqual(expected);
  });

  it('stays adding up to fewer than 7 days in every 12 months never give a duty; 7 days in a row always do', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: dayOf('2025-02-01'), max: dayOf('2027-12-01') }), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 6 }), (raw) => {
        const stays = raw.map(([from, len], i) => stay(`s${i}`, '1 Example Road', isoOf(from), isoOf(from + len)));
        const r = clock(stays, '2028-06-01');
        const days = [...new Set(raw.flatMap(([from, len]) => Array.from({ length: len + 1 }, (_, k) => from + k)))].sort((a, b) => a - b);
        // The most days within any window of 365 days (a year or a day less than 12 months).
        const inYear = Math.max(...days.map((d) => days.filter((x) => x > d - 365 && x <= d).length));
        const owed = stayDuties(r).length;
        if (inYear < 7) expect(owed).toBe(0);
        if (raw.some(([, len]) => len >= 6)) expect(owed).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('s.84(1)(ca) and the 2012 Regulations: the prescribed information, each change to be notified within 3 days', () => {
  const change = (id: string, kind: 'bank-account' | 'payment-card' | 'identity-document' | 'household-with-child', date: string): ClockEvent => ({ type: 'change', id, kind, date });
  const told = (id: string, kind: 'bank-account' | 'payment-card' | 'identity-document' | 'change-of-address', date: string): ClockEvent => ({ type: 'notification', id, kind, date });
  it.each([
    ['a bank account opened on 1 April, notified on 3 April: met', [change('c1', 'bank-account', '2025-04-01'), told('n1', 'bank-account', '2025-04-03')], '2025-06-01', ['c1', 's.84(1)(ca)', '2025-04-03', 'met']],
    ['a debit card obtained, notified on the fourth day: late', [change('c1', 'payment-card', '2025-04-01'), told('n1', 'payment-card', '2025-04-04')], '2025-06-01', ['c1', 's.84(1)(ca)', '2025-04-03', 'late']],
    ['a new passport, not notified: overdue', [change('c1', 'identity-document', '2025-04-01')], '2025-04-04', ['c1', 's.84(1)(ca)', '2025-04-03', 'overdue']],
    ['a new account is not met by a notification of another kind', [change('c1', 'bank-account', '2025-04-01'), told('n1', 'change-of-address', '2025-04-02')], '2025-04-10', ['c1', 's.84(1)(ca)', '2025-04-03', 'overdue']],
    ['a household with a child is prescribed too (regulation 10)', [change('c1', 'household-with-child', '2025-04-01')], '2025-04-02', ['c1', 's.84(1)(ca)', '2025-04-03', 'due']],
  ] as [string, ClockEvent[], string, [string, string, string, Duty['status']]][])('%s', (_name, events, asOf, expected) => {
    const d = clock(events, asOf).duties.find((x) => x.triggerId === 'c1');
    expect(d ? [d.triggerId, d.section, d.dueBy, d.status] : undefined).toEqual(expected);
  });

  it('a notification of a new account moves the periodic year (s.85(2)(b): a notification under s.84(1))', () => {
    expect(clock([change('c1', 'bank-account', '2025-04-01'), told('n1', 'bank-account', '2025-04-02')], '2025-06-01').nextPeriodicBy).toBe('2026-04-02');
  });

  it('a new account notified in advance (s.84(2)) stands like any change', () => {
    const r = clock([{ type: 'notification', id: 'a1', kind: 'bank-account', date: '2025-04-01', expectedOn: '2025-04-05' }, change('c1', 'bank-account', '2025-04-05')], '2025-06-01');
    expect(r.duties.filter((d) => d.duty === 'change')).toEqual([]);
  });
});
