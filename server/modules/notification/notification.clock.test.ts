import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, dayFromYmd, dayOf, isoOf, lastDayOf, periodicEnd } from './notification.clock.days.ts';
import { computeClock, periodEnd } from './notification.clock.ts';
import { DEFAULT_CLOCK_CONFIG, type ClockEvent, type ClockInput, type ClockResult, type Disposal, type Duty, type NotificationKind } from './notification.types.ts';

// Synthetic facts only. Every row names the facts, the day the clock is read (asOf) and what it must say.
const ADULT = '1980-05-15';

function clock(facts: Partial<ClockInput> & { disposals: Disposal[] }, config?: Parameters<typeof computeClock>[1]): ClockResult {
  return computeClock({ dateOfBirth: ADULT, events: [], asOf: '2026-06-01', ...facts }, config);
}
const disposal = (kind: Disposal['kind'], relevantDate: string, extra: Partial<Disposal> = {}, id = 'd1'): Disposal => ({ id, kind, relevantDate, ...extra });
const note = (id: string, kind: NotificationKind, date: string): ClockEvent => ({ type: 'notification', id, kind, date });
const change = (id: string, kind: 'change-of-name' | 'change-of-address' | 'qualifying-stay' | 'household-with-child', date: string): ClockEvent => ({ type: 'change', id, kind, date });
const spell = (id: string, kind: 'custody' | 'hospital' | 'abroad', from: string, to: string | null): ClockEvent => ({ type: 'spell', id, kind, from, to });
const nfa = (id: string, from: string, to: string | null): ClockEvent => ({ type: 'no-fixed-address', id, from, to });
const dutyOf = (r: ClockResult, kind: Duty['duty'], triggerId?: string) => r.duties.find((d) => d.duty === kind && (triggerId === undefined || d.triggerId === triggerId));
const brief = (d: Duty | undefined) => (d ? { dueBy: d.dueBy, metOn: d.metOn, status: d.status } : undefined);

describe('day arithmetic', () => {
  it.each([
    ['1970-01-01', 0],
    ['2000-02-29', 11016],
    ['2024-02-29', 19782],
    ['1969-12-31', -1],
    ['2100-03-01', 47541],
  ])('%s is day %i, the same as Date.UTC, and back', (iso, day) => {
    expect(dayOf(iso)).toBe(day);
    expect(dayOf(iso)).toBe(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);
    expect(isoOf(day)).toBe(iso);
  });
  it('agrees with Date.UTC on every day from 1900 to 2150', () => {
    for (let day = dayFromYmd(1900, 1, 1); day <= dayFromYmd(2150, 12, 31); day++) {
      expect(isoOf(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
  });
  it.each([
    ['2024-02-29', 12, '2025-02-28', true],
    ['2024-02-29', 48, '2028-02-29', false],
    ['2025-08-31', 6, '2026-02-28', true],
    ['2025-01-31', 3, '2025-04-30', true],
    ['2025-11-15', 2, '2026-01-15', false],
  ])('%s plus %i months is %s (clamped %s)', (from, months, to, clamped) => {
    expect(addMonths(dayOf(from), months)).toEqual({ day: dayOf(to), clamped });
  });
  it.each([
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
    ['2005-06-10', '2023-06-10', 18],
    ['2005-06-10', '2023-06-09', 17],
  ])('born %s is %i on %s', (birth, on, age) => {
    expect(ageOn(dayOf(birth), dayOf(on))).toBe(age);
  });
});

describe('counting days that count', () => {
  // Runs of days disregarded (wholly inside): a spell's first day to the day before release.
  const runs = (...pairs: [string, string][]) => pairs.map(([from, to]) => ({ from: dayOf(from), to: dayOf(to) }));
  it.each([
    ['nothing disregarded: the day itself and the next two', runs(), '2025-03-12'],
    ['days disregarded before the start change nothing', runs(['2025-01-01', '2025-03-09']), '2025-03-12'],
    ['days disregarded from before the start: the 3 days begin the day after them', runs(['2025-03-01', '2025-03-20']), '2025-03-23'],
    ['two runs inside the window push it twice', runs(['2025-03-11', '2025-03-11'], ['2025-03-13', '2025-03-14']), '2025-03-15'],
    ['a run beginning on the last day pushes it past the run', runs(['2025-03-12', '2025-03-12']), '2025-03-13'],
    ['a run beginning the day after the deadline changes nothing', runs(['2025-03-13', '2025-04-01']), '2025-03-12'],
  ])('%s', (_name, uncounted, dueBy) => {
    expect(isoOf(lastDayOf(dayOf('2025-03-10'), 3, uncounted))).toBe(dueBy);
  });
  it.each([
    ['nothing disregarded: the year ends on its own day', runs(), '2026-01-12'],
    ['inside over the last day: released the day after the run, due 2 days after that', runs(['2025-12-01', '2026-01-20']), '2026-01-23'],
    ['inside only on the last day', runs(['2026-01-12', '2026-01-12']), '2026-01-15'],
    ['a run ending the day before the last day changes nothing', runs(['2025-12-01', '2026-01-11']), '2026-01-12'],
    ['a run beginning the day after changes nothing', runs(['2026-01-13', '2026-02-01']), '2026-01-12'],
  ])('s.85(3): a window ending on 12 January 2026, %s', (_name, uncounted, dueBy) => {
    expect(isoOf(periodicEnd(dayOf('2026-01-12'), uncounted))).toBe(dueBy);
  });
  it.each([
    ['2020-01-10', 24, '2022-01-09'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-28'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-03-01', 12, '2026-02-28'],
  ])('a period of %s plus %i months ends on %s', (start, months, end) => {
    expect(isoOf(periodEnd(dayOf(start), months))).toBe(end);
  });
});

describe('s.82: the notification period from each disposal', () => {
  type Row = [string, Disposal, string | null, 'indefinite' | { months: number; endsOn: string }];
  const rows: Row[] = [
    ['life', disposal('life', '2020-01-10'), ADULT, 'indefinite'],
    ['IPP', disposal('ipp', '2020-01-10'), ADULT, 'indefinite'],
    ['imprisonment of exactly 30 months', disposal('imprisonment', '2020-01-10', { sentenceMonths: 30 }), ADULT, 'indefinite'],
    ['imprisonment of 8 years', disposal('imprisonment', '2020-01-10', { sentenceMonths: 96 }), ADULT, 'indefinite'],
    ['hospital order with restriction', disposal('hospital-restricted', '2020-01-10'), ADULT, 'indefinite'],
    ['life, under 18: never halved', disposal('life', '2020-01-10'), '2004-01-01', 'indefinite'],
    ['imprisonment with no term recorded: read as indefinite', disposal('imprisonment', '2020-01-10'), ADULT, 'indefinite'],
    ['imprisonment of 29 months: 10 years', disposal('imprisonment', '2020-01-10', { sentenceMonths: 29 }), ADULT, { months: 120, endsOn: '2030-01-09' }],
    ['imprisonment of 7 months: 10 years', disposal('imprisonment', '2020-01-10', { sentenceMonths: 7 }), ADULT, { months: 120, endsOn: '2030-01-09' }],
    ['imprisonment of exactly 6 months: 7 years', disposal('imprisonment', '2020-01-10', { sentenceMonths: 6 }), ADULT, { months: 84, endsOn: '2027-01-09' }],
    ['imprisonment of 1 month: 7 years', disposal('imprisonment', '2020-01-10', { sentenceMonths: 1 }), ADULT, { months: 84, endsOn: '2027-01-09' }],
    ['hospital order without restriction: 7 years', disposal('hospital', '2020-01-10'), ADULT, { months: 84, endsOn: '2027-01-09' }],
    ['caution: 2 years', disposal('caution', '2020-01-10'), ADULT, { months: 24, endsOn: '2022-01-09' }],
    ['conditional discharge of 12 months: its period', disposal('conditional-discharge', '2020-01-10', { dischargeMonths: 12 }), ADULT, { months: 12, endsOn: '2021-01-09' }],
    ['conditional discharge of 3 years', disposal('conditional-discharge', '2020-01-10', { dischargeMonths: 36 }), ADULT, { months: 36, endsOn: '2023-01-09' }],
    ['conditional discharge with no period recorded: the longest, 3 years', disposal('conditional-discharge', '2020-01-10'), ADULT, { months: 36, endsOn: '2023-01-09' }],
    ['any other disposal: 5 years', disposal('other', '2020-01-10'), ADULT, { months: 60, endsOn: '2025-01-09' }],
    ['under 18, imprisonment of 12 months: 10 years halved', disposal('imprisonment', '2020-01-10', { sentenceMonths: 12 }), '2004-01-01', { months: 60, endsOn: '2025-01-09' }],
    ['under 18, imprisonment of 6 months: 7 years halved to 42 months', disposal('imprisonment', '2020-01-10', { sentenceMonths: 6 }), '2004-01-01', { months: 42, endsOn: '2023-07-09' }],
    ['under 18, hospital without restriction: 42 months', disposal('hospital', '2020-01-10'), '2004-01-01', { months: 42, endsOn: '2023-07-09' }],
    ['under 18, other disposal: 5 years halved to 30 months', disposal('other', '2020-01-10'), '2004-01-01', { months: 30, endsOn: '2022-07-09' }],
    ['under 18, caution: 1 year', disposal('caution', '2020-01-10'), '2004-01-01', { months: 12, endsOn: '2021-01-09' }],
    ['under 18, conditional discharge: not halved', disposal('conditional-discharge', '2020-01-10', { dischargeMonths: 12 }), '2004-01-01', { months: 12, endsOn: '2021-01-09' }],
    ['exactly 18 on the relevant date: adult', disposal('hospital', '2020-01-10'), '2002-01-10', { months: 84, endsOn: '2027-01-09' }],
    ['18 the day after the relevant date: halved', disposal('hospital', '2020-01-10'), '2002-01-11', { months: 42, endsOn: '2023-07-09' }],
    ['date of birth unknown: adult', disposal('other', '2020-01-10'), null, { months: 60, endsOn: '2025-01-09' }],
    ['born 29 February, relevant date 28 February of the 18th year: still 17', disposal('caution', '2022-02-28'), '2004-02-29', { months: 12, endsOn: '2023-02-27' }],
    ['born 29 February, relevant date 1 March of the 18th year: adult', disposal('caution', '2022-03-01'), '2004-02-29', { months: 24, endsOn: '2024-02-29' }],
    ['relevant date 29 February, caution: ends 28 February two years on', disposal('caution', '2024-02-29'), ADULT, { months: 24, endsOn: '2026-02-28' }],
    ['relevant date 29 February, 4 years to another 29 February: ends the day before', disposal('conditional-discharge', '2024-02-29', { dischargeMonths: 36 }), ADULT, { months: 36, endsOn: '2027-02-28' }],
    ['relevant date 31 August, 6-month discharge: no 31 February, ends 28 February', disposal('conditional-discharge', '2025-08-31', { dischargeMonths: 6 }), ADULT, { months: 6, endsOn: '2026-02-28' }],
  ];
  it.each(rows)('%s', (_name, d, dateOfBirth, expected) => {
    const r = clock({ disposals: [d], dateOfBirth });
    expect(r.subject).toBe(true);
    expect(r.period).toEqual(expected === 'indefinite' ? { kind: 'indefinite', governingDisposalId: 'd1' } : { kind: 'fixed', governingDisposalId: 'd1', ...expected });
  });
});

describe('several disposals: the longest governs', () => {
  it.each([
    ['an indefinite one beats a later fixed one', [disposal('life', '2010-01-01', {}, 'a'), disposal('other', '2025-01-01', {}, 'b')], 'a', 'indefinite'],
    ['the later end wins between fixed ones', [disposal('other', '2020-01-10', {}, 'a'), disposal('caution', '2024-01-10', {}, 'b')], 'b', 'fixed'],
    ['an earlier but longer period wins', [disposal('imprisonment', '2020-01-10', { sentenceMonths: 12 }, 'a'), disposal('caution', '2024-01-10', {}, 'b')], 'a', 'fixed'],
    ['two indefinite: the earlier one', [disposal('ipp', '2015-01-01', {}, 'b'), disposal('life', '2012-01-01', {}, 'a')], 'a', 'indefinite'],
  ] as [string, Disposal[], string, string][])('%s', (_name, disposals, governing, kind) => {
    const r = clock({ disposals });
    expect(r.period?.governingDisposalId).toBe(governing);
    expect(r.period?.kind).toBe(kind);
  });

  it('a conviction while already subject needs no new initial notification (s.83(2))', () => {
    const r = clock({ disposals: [disposal('other', '2023-01-10', {}, 'a'), disposal('other', '2024-01-10', {}, 'b')], events: [note('n1', 'initial', '2023-01-11')] });
    expect(r.duties.filter((d) => d.duty === 'initial').map((d) => d.triggerId)).toEqual(['a']);
  });

  it('a disposal after an earlier period ended starts a new period with its own initial duty', () => {
    const r = clock({
      asOf: '2025-06-01',
      disposals: [disposal('conditional-discharge', '2015-01-10', { dischargeMonths: 12 }, 'a'), disposal('caution', '2025-03-01', {}, 'b')],
      events: [note('n1', 'initial', '2015-01-11'), note('n2', 'initial', '2025-03-02')],
    });
    expect(r.duties.filter((d) => d.duty === 'initial').map((d) => [d.triggerId, d.status])).toEqual([['a', 'met'], ['b', 'met']]);
    // The 2015 window ran past the January 2016 end of the first period: it lapsed, and nothing between the periods is owed.
    expect(r.duties.filter((d) => d.duty === 'periodic').map((d) => d.triggerId)).toEqual(['n2']);
    expect(r.overdue).toEqual([]);
  });

  it.each([
    ['on the last day of the first period: joins it, no new initial duty', '2022-01-09', ['a']],
    ['the day after the first period ended: a new period and a new initial duty', '2022-01-10', ['a', 'b']],
  ])('a second caution %s', (_name, relevantDate, initials) => {
    const r = clock({ disposals: [disposal('caution', '2020-01-10', {}, 'a'), disposal('caution', relevantDate, {}, 'b')], events: [note('n0', 'initial', '2020-01-11')], asOf: '2022-03-01' });
    expect(r.duties.filter((d) => d.duty === 'initial').map((d) => d.triggerId)).toEqual(initials);
    expect(r.period).toMatchObject({ governingDisposalId: 'b' });
  });

  it('no disposals: not subject, nothing else', () => {
    expect(clock({ disposals: [], events: [note('n1', 'initial', '2025-01-01')] })).toEqual({
      subject: false,
      period: null,
      ended: false,
      duties: [],
      nextPeriodicBy: null,
      overdue: [],
      travel: [],
      review: { eligibleFrom: null, blockedBy: null },
      warnings: [],
    });
  });
});

const briefWithSection = (d: Duty | undefined) => (d ? { ...brief(d), section: d.section } : undefined);

describe('s.83: the initial notification (relevant date 10 March 2025, due 12 March)', () => {
  type Row = [string, ClockEvent[], string, { dueBy: string; metOn: string | null; status: Duty['status'] }];
  const rows: Row[] = [
    ['met the next day', [note('n1', 'initial', '2025-03-11')], '2025-06-01', { dueBy: '2025-03-12', metOn: '2025-03-11', status: 'met' }],
    ['met on the relevant date itself', [note('n1', 'initial', '2025-03-10')], '2025-06-01', { dueBy: '2025-03-12', metOn: '2025-03-10', status: 'met' }],
    ['met on the deadline day, the third day beginning with the relevant date: on time', [note('n1', 'initial', '2025-03-12')], '2025-06-01', { dueBy: '2025-03-12', metOn: '2025-03-12', status: 'met' }],
    ['met the day after the deadline: late', [note('n1', 'initial', '2025-03-13')], '2025-06-01', { dueBy: '2025-03-12', metOn: '2025-03-13', status: 'late' }],
    ['not met, read the day after the deadline: overdue', [], '2025-03-13', { dueBy: '2025-03-12', metOn: null, status: 'overdue' }],
    ['not met, read on the deadline day: still due', [], '2025-03-12', { dueBy: '2025-03-12', metOn: null, status: 'due' }],
    ['a change notification does not meet it', [note('n1', 'change-of-address', '2025-03-11')], '2025-04-01', { dueBy: '2025-03-12', metOn: null, status: 'overdue' }],
    ['in custody on the relevant date: the 3 days begin with the day of release', [spell('s1', 'custody', '2025-03-10', '2025-09-30')], '2025-10-01', { dueBy: '2025-10-02', metOn: null, status: 'due' }],
    ['remanded before the relevant date, released after it', [spell('s1', 'custody', '2025-01-05', '2025-04-02')], '2025-06-01', { dueBy: '2025-04-04', metOn: null, status: 'overdue' }],
    ['custody still going (open spell): 3 days beginning today at the earliest', [spell('s1', 'custody', '2025-03-10', null)], '2025-12-01', { dueBy: '2025-12-03', metOn: null, status: 'due' }],
    ['in hospital from the next day: extended by the days there', [spell('s1', 'hospital', '2025-03-11', '2025-03-20')], '2025-03-21', { dueBy: '2025-03-21', metOn: null, status: 'due' }],
    ['abroad from the last day of the window: extended past the return', [spell('s1', 'abroad', '2025-03-12', '2025-03-15')], '2025-03-15', { dueBy: '2025-03-15', metOn: null, status: 'due' }],
    ['abroad and back on the same day: no whole day disregarded', [spell('s1', 'abroad', '2025-03-11', '2025-03-11')], '2025-03-13', { dueBy: '2025-03-12', metOn: null, status: 'overdue' }],
    ['custody beginning the day after the deadline changes nothing', [spell('s1', 'custody', '2025-03-13', '2025-05-01')], '2025-03-20', { dueBy: '2025-03-12', metOn: null, status: 'overdue' }],
    ['released, then met on the third day (the day of release is the first)', [spell('s1', 'custody', '2025-03-10', '2025-06-01'), note('n1', 'initial', '2025-06-03')], '2025-07-01', { dueBy: '2025-06-03', metOn: '2025-06-03', status: 'met' }],
    ['released, then met on the fourth day: late', [spell('s1', 'custody', '2025-03-10', '2025-06-01'), note('n1', 'initial', '2025-06-04')], '2025-07-01', { dueBy: '2025-06-03', metOn: '2025-06-04', status: 'late' }],
  ];
  it.each(rows)('%s', (_name, events, asOf, expected) => {
    const r = clock({ disposals: [disposal('other', '2025-03-10')], events, asOf });
    expect(brief(dutyOf(r, 'initial'))).toEqual(expected);
    expect(dutyOf(r, 'initial')).toMatchObject({ triggerId: 'd1', triggeredOn: '2025-03-10', section: 's.83(1)' });
  });

  it.each([
    ['the last day of a month: due 2 days into the next', '2025-03-31', '2025-04-02'],
    ['30 April: due 2 May', '2025-04-30', '2025-05-02'],
    ['28 February in a common year: due 2 March', '2025-02-28', '2025-03-02'],
    ['28 February in a leap year: due 1 March', '2024-02-28', '2024-03-01'],
    ['31 December: due 2 January', '2024-12-31', '2025-01-02'],
  ])('relevant date on %s', (_name, relevantDate, dueBy) => {
    const r = clock({ disposals: [disposal('other', relevantDate)], asOf: '2025-06-01' });
    expect(dutyOf(r, 'initial')?.dueBy).toBe(dueBy);
  });
});

describe('s.84: changes within the 3 days beginning with the change (other disposal 10 January 2025, initial notification the next day)', () => {
  type Row = [string, ClockEvent[], string, string, { dueBy: string; metOn: string | null; status: Duty['status']; section: string }];
  const rows: Row[] = [
    ['address change met on the deadline day', [change('c1', 'change-of-address', '2025-04-01'), note('n1', 'change-of-address', '2025-04-03')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-03', status: 'met', section: 's.84(1)(b)' }],
    ['address change met the day after the deadline: late', [change('c1', 'change-of-address', '2025-04-01'), note('n1', 'change-of-address', '2025-04-04')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-04', status: 'late', section: 's.84(1)(b)' }],
    ['address change notified the same day', [change('c1', 'change-of-address', '2025-04-01'), note('n1', 'change-of-address', '2025-04-01')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-01', status: 'met', section: 's.84(1)(b)' }],
    ['not notified, read the day after the deadline: overdue', [change('c1', 'change-of-address', '2025-04-01')], '2025-04-04', 'c1', { dueBy: '2025-04-03', metOn: null, status: 'overdue', section: 's.84(1)(b)' }],
    ['not notified, read on the deadline day: due', [change('c1', 'change-of-address', '2025-04-01')], '2025-04-03', 'c1', { dueBy: '2025-04-03', metOn: null, status: 'due', section: 's.84(1)(b)' }],
    ['a change on the last day of a month: due 2 days into the next', [change('c1', 'change-of-address', '2025-04-30')], '2025-05-03', 'c1', { dueBy: '2025-05-02', metOn: null, status: 'overdue', section: 's.84(1)(b)' }],
    ['change of name not met by an address notification', [change('c1', 'change-of-name', '2025-04-01'), note('n1', 'change-of-address', '2025-04-02')], '2025-04-10', 'c1', { dueBy: '2025-04-03', metOn: null, status: 'overdue', section: 's.84(1)(a)' }],
    ['a notification before the change does not meet it', [change('c1', 'change-of-address', '2025-04-01'), note('n1', 'change-of-address', '2025-03-31')], '2025-04-10', 'c1', { dueBy: '2025-04-03', metOn: null, status: 'overdue', section: 's.84(1)(b)' }],
    ['qualifying stay elsewhere', [change('c1', 'qualifying-stay', '2025-04-01'), note('n1', 'qualifying-stay', '2025-04-03')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-03', status: 'met', section: 's.84(1)(c)' }],
    ['staying in a household with a child', [change('c1', 'household-with-child', '2025-04-01'), note('n1', 'household-with-child', '2025-04-06')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-06', status: 'late', section: 's.84(1)(ca)' }],
    ['custody across the deadline extends it by the days from remand to the day before release (s.84(5))', [change('c1', 'change-of-address', '2025-04-01'), spell('s1', 'custody', '2025-04-02', '2025-04-20'), note('n1', 'change-of-address', '2025-04-21')], '2025-06-01', 'c1', { dueBy: '2025-04-21', metOn: '2025-04-21', status: 'met', section: 's.84(1)(b)' }],
    ['custody still going: not yet due', [change('c1', 'change-of-address', '2025-04-01'), spell('s1', 'custody', '2025-04-02', null)], '2025-05-01', 'c1', { dueBy: '2025-05-02', metOn: null, status: 'due', section: 's.84(1)(b)' }],
    ['two address changes, one notification after both: the first met by it', [change('c1', 'change-of-address', '2025-04-01'), change('c2', 'change-of-address', '2025-04-03'), note('n1', 'change-of-address', '2025-04-03')], '2025-06-01', 'c1', { dueBy: '2025-04-03', metOn: '2025-04-03', status: 'met', section: 's.84(1)(b)' }],
    ['two address changes, one notification after both: the second too', [change('c1', 'change-of-address', '2025-04-01'), change('c2', 'change-of-address', '2025-04-03'), note('n1', 'change-of-address', '2025-04-03')], '2025-06-01', 'c2', { dueBy: '2025-04-05', metOn: '2025-04-03', status: 'met', section: 's.84(1)(b)' }],
    ['release from custody after the relevant date, notified on the third day (the day of release is the first)', [spell('s1', 'custody', '2025-02-01', '2025-03-01'), note('n1', 'release', '2025-03-03')], '2025-06-01', 's1', { dueBy: '2025-03-03', metOn: '2025-03-03', status: 'met', section: 's.84(1)(d)' }],
    ['release from custody notified on the fourth day: late', [spell('s1', 'custody', '2025-02-01', '2025-03-01'), note('n1', 'release', '2025-03-04')], '2025-06-01', 's1', { dueBy: '2025-03-03', metOn: '2025-03-04', status: 'late', section: 's.84(1)(d)' }],
    ['release from hospital not notified: overdue', [spell('s1', 'hospital', '2025-02-01', '2025-03-01')], '2025-03-10', 's1', { dueBy: '2025-03-03', metOn: null, status: 'overdue', section: 's.84(1)(d)' }],
    ['return from abroad notified', [spell('s1', 'abroad', '2025-02-01', '2025-02-10'), note('n1', 'release', '2025-02-12')], '2025-06-01', 's1', { dueBy: '2025-02-12', metOn: '2025-02-12', status: 'met', section: 's.84(1)(d)' }],
  ];
  it.each(rows)('%s', (_name, events, asOf, triggerId, expected) => {
    const r = clock({ disposals: [disposal('other', '2025-01-10')], events: [note('n0', 'initial', '2025-01-11'), ...events], asOf });
    expect(briefWithSection(dutyOf(r, 'change', triggerId))).toEqual(expected);
  });

  it('overlapping spells of different kinds count each day once', () => {
    const r = clock({
      disposals: [disposal('other', '2025-01-10')],
      events: [note('n0', 'initial', '2025-01-11'), change('c1', 'change-of-address', '2025-04-01'), spell('s1', 'custody', '2025-04-02', '2025-04-10'), spell('s2', 'hospital', '2025-04-08', '2025-04-15'), spell('s3', 'abroad', '2025-04-16', '2025-04-16')],
      asOf: '2025-04-17',
    });
    // Disregarded: 2 to 14 April (the hospital to the day before discharge); abroad and back on the 16th is no whole day.
    expect(dutyOf(r, 'change', 'c1')?.dueBy).toBe('2025-04-16');
  });

  it('no release duty for custody that began at the relevant date: that is the initial duty (s.83(6))', () => {
    const r = clock({ disposals: [disposal('imprisonment', '2025-01-10', { sentenceMonths: 12 })], events: [spell('s1', 'custody', '2025-01-10', '2025-07-09')], asOf: '2025-08-01' });
    expect(r.duties.filter((d) => d.duty === 'change')).toEqual([]);
    expect(dutyOf(r, 'initial')?.dueBy).toBe('2025-07-11');
  });
});

describe('s.85: periodic notification (life, 10 January 2020; initial notification 12 January 2020)', () => {
  type Row = [string, ClockEvent[], string, { next: string | null; overdue?: [string, string][]; statuses?: [string, Duty['status']][] }];
  const rows: Row[] = [
    ['one year from the initial notification', [], '2020-06-01', { next: '2021-01-12', overdue: [] }],
    ['the anniversary moves with a change notification', [change('c1', 'change-of-address', '2020-05-03'), note('n1', 'change-of-address', '2020-05-05')], '2020-06-01', { next: '2021-05-05', statuses: [['n0', 'met']] }],
    ['and with a periodic notification', [note('n1', 'periodic', '2021-01-10')], '2021-06-01', { next: '2022-01-10', statuses: [['n0', 'met']] }],
    ['met on the anniversary itself', [note('n1', 'periodic', '2021-01-12')], '2021-06-01', { next: '2022-01-12', statuses: [['n0', 'met']] }],
    ['met the day after: late, and the next year runs from the late notification', [note('n1', 'periodic', '2021-01-13')], '2021-06-01', { next: '2022-01-13', statuses: [['n0', 'late']] }],
    ['missed for years: one overdue duty, not a chain', [], '2025-06-01', { next: '2021-01-12', overdue: [['n0', '2021-01-12']] }],
    ['weekly while there is no fixed address', [nfa('f1', '2020-01-01', null)], '2020-01-15', { next: '2020-01-19' }],
    ['weekly, a week missed: overdue', [nfa('f1', '2020-01-01', null)], '2020-02-01', { next: '2020-01-19', overdue: [['n0', '2020-01-19']] }],
    ['no fixed address ended before the last notification: yearly again', [nfa('f1', '2020-01-01', '2020-01-20'), note('n1', 'periodic', '2020-01-19'), note('n2', 'periodic', '2020-01-25')], '2020-03-01', { next: '2021-01-25', statuses: [['n0', 'met'], ['n1', 'met']] }],
    // s.85(3)-(4): time inside does not lengthen the year; only a year ending while the person is inside runs on.
    ['custody across the anniversary: due 2 days after the day of release', [spell('s1', 'custody', '2020-12-01', '2021-02-10')], '2021-02-11', { next: '2021-02-12', overdue: [] }],
    ['taken into custody on the anniversary: the year ends inside, so it runs on', [spell('s1', 'custody', '2021-01-12', '2021-01-20')], '2021-01-21', { next: '2021-01-22', overdue: [] }],
    ['released on the anniversary: out when the year ends, no longer', [spell('s1', 'custody', '2020-12-01', '2021-01-12')], '2021-01-13', { next: '2021-01-12', overdue: [['n0', '2021-01-12']] }],
    ['a spell that ends before the anniversary changes nothing', [spell('s1', 'custody', '2020-12-01', '2020-12-31')], '2021-01-20', { next: '2021-01-12', overdue: [['n0', '2021-01-12']] }],
    ['a spell wholly inside the year changes nothing', [spell('s1', 'hospital', '2020-03-01', '2020-09-30')], '2020-10-01', { next: '2021-01-12', overdue: [] }],
    ['abroad and still away when the year ends: 3 days beginning today at the earliest', [spell('s1', 'abroad', '2020-12-01', null)], '2021-03-01', { next: '2021-03-03', overdue: [] }],
    ['abroad and still away before the anniversary: the anniversary stands', [spell('s1', 'abroad', '2020-12-01', null)], '2020-12-20', { next: '2021-01-12', overdue: [] }],
    ['weekly, in custody when the week ends: due 2 days after release', [nfa('f1', '2020-01-01', null), spell('s1', 'custody', '2020-01-15', '2020-01-30')], '2020-01-31', { next: '2020-02-01', overdue: [] }],
    ['a travel notification does not move it', [note('n1', 'travel', '2020-05-01')], '2020-06-01', { next: '2021-01-12' }],
    ['notified on 29 February: due 28 February the next year', [note('n1', 'periodic', '2024-02-29')], '2024-06-01', { next: '2025-02-28' }],
    ['a window across 29 February: one calendar year', [note('n1', 'periodic', '2023-06-01')], '2023-07-01', { next: '2024-06-01' }],
  ];
  it.each(rows)('%s', (_name, events, asOf, expected) => {
    const r = clock({ disposals: [disposal('life', '2020-01-10')], events: [note('n0', 'initial', '2020-01-12'), ...events], asOf });
    expect(r.nextPeriodicBy).toBe(expected.next);
    if (expected.overdue) expect(r.overdue.filter((d) => d.duty === 'periodic').map((d) => [d.triggerId, d.dueBy])).toEqual(expected.overdue);
    for (const [id, status] of expected.statuses ?? []) expect(dutyOf(r, 'periodic', id)?.status).toBe(status);
  });

  it('no notification yet: no periodic duty and no next date', () => {
    const r = clock({ disposals: [disposal('life', '2020-01-10')], asOf: '2020-06-01' });
    expect(r.nextPeriodicBy).toBeNull();
    expect(r.duties.map((d) => d.duty)).toEqual(['initial']);
  });
});

describe('a fixed period that ends (caution 10 January 2020, ends 9 January 2022)', () => {
  const base = [note('n0', 'initial', '2020-01-11'), note('n1', 'periodic', '2021-01-10')];
  it.each([
    ['read after the end: ended, nothing next; the last window ran past the end and lapsed', base, '2022-06-01', { ended: true, next: null, periodic: ['n0'], overdue: [] as string[] }],
    ['read on the last day: not ended, but the window past the end is not owed', base, '2022-01-09', { ended: false, next: null, periodic: ['n0'], overdue: [] }],
    ['read before the end with a window inside it', [note('n0', 'initial', '2020-01-11')], '2020-06-01', { ended: false, next: '2021-01-11', periodic: ['n0'], overdue: [] }],
    ['a duty missed during the period stays overdue after it', [note('n0', 'initial', '2020-01-11')], '2023-01-01', { ended: true, next: null, periodic: ['n0'], overdue: ['n0'] }],
  ] as [string, ClockEvent[], string, { ended: boolean; next: string | null; periodic: string[]; overdue: string[] }][])('%s', (_name, events, asOf, expected) => {
    const r = clock({ disposals: [disposal('caution', '2020-01-10')], events, asOf });
    expect(r.period).toMatchObject({ kind: 'fixed', endsOn: '2022-01-09' });
    expect(r.ended).toBe(expected.ended);
    expect(r.nextPeriodicBy).toBe(expected.next);
    expect(r.duties.filter((d) => d.duty === 'periodic').map((d) => d.triggerId)).toEqual(expected.periodic);
    expect(r.overdue.map((d) => d.triggerId)).toEqual(expected.overdue);
  });

  it.each([
    ['a change after the end creates no duty', [change('c1', 'change-of-address', '2022-03-01')], undefined],
    ['a change the day before the end, not notified: its deadline is after the end, so it lapses', [change('c1', 'change-of-address', '2022-01-08')], undefined],
    ['a change the day before the end, notified before the end: met', [change('c1', 'change-of-address', '2022-01-08'), note('n2', 'change-of-address', '2022-01-09')], 'met'],
    ['a change two days before the end, not notified: due on the last day, so overdue', [change('c1', 'change-of-address', '2022-01-07')], 'overdue'],
    ['a change a week before the end, not notified: overdue for ever', [change('c1', 'change-of-address', '2022-01-02')], 'overdue'],
  ] as [string, ClockEvent[], Duty['status'] | undefined][])('%s', (_name, events, status) => {
    const r = clock({ disposals: [disposal('caution', '2020-01-10')], events: [...base, ...events], asOf: '2022-06-01' });
    expect(dutyOf(r, 'change', 'c1')?.status).toBe(status);
  });
});

describe('s.86: foreign travel counted from the time of departure, the first version\'s reading, kept as a setting (life, 2020)', () => {
  const byTime = { ...DEFAULT_CLOCK_CONFIG, travelCounting: 'departure-time' as const };
  const trip = (notifiedAt: string, departure: string, detailsKnownEarlier: boolean): ClockEvent => ({ type: 'travel', id: 't1', notifiedAt, departure, detailsKnownEarlier });
  it.each([
    ['notified exactly 7 days before departure', trip('2025-05-01T10:00:00Z', '2025-05-08T10:00:00Z', true), undefined, '2025-05-01T10:00:00.000Z', true],
    ['notified 6 days before', trip('2025-05-02T10:00:00Z', '2025-05-08T10:00:00Z', true), undefined, '2025-05-01T10:00:00.000Z', false],
    ['notified a minute too late', trip('2025-05-01T10:01:00Z', '2025-05-08T10:00:00Z', true), undefined, '2025-05-01T10:00:00.000Z', false],
    ['details not known in time, notified 13 hours before', trip('2025-05-07T21:00:00Z', '2025-05-08T10:00:00Z', false), undefined, '2025-05-07T22:00:00.000Z', true],
    ['details not known in time, notified 11 hours before', trip('2025-05-07T23:00:00Z', '2025-05-08T10:00:00Z', false), undefined, '2025-05-07T22:00:00.000Z', false],
    ['details known earlier but notified only 2 days before', trip('2025-05-06T10:00:00Z', '2025-05-08T10:00:00Z', true), undefined, '2025-05-01T10:00:00.000Z', false],
    ['departure given in British Summer Time', trip('2025-07-01T08:00:00Z', '2025-07-08T09:00:00+01:00', true), undefined, '2025-07-01T08:00:00.000Z', true],
    ['short notice set to 24 hours', trip('2025-05-07T21:00:00Z', '2025-05-08T10:00:00Z', false), { ...byTime, travelShortNoticeHours: 24 }, '2025-05-07T10:00:00.000Z', false],
    ['lead time set to 3 days', trip('2025-05-04T10:00:00Z', '2025-05-08T10:00:00Z', true), { ...byTime, travelLeadDays: 3 }, '2025-05-05T10:00:00.000Z', true],
  ] as [string, ClockEvent, Parameters<typeof computeClock>[1], string, boolean][])('%s', (_name, event, config, requiredBy, compliant) => {
    const r = clock({ disposals: [disposal('life', '2020-01-10')], events: [event] }, config ?? byTime);
    expect(r.travel).toEqual([{ eventId: 't1', requiredBy, compliant, rule: (event as { detailsKnownEarlier: boolean }).detailsKnownEarlier ? 'seven-days' : 'short-notice', counting: 'departure-time' }]);
  });

  it('travel before the person was subject is not checked', () => {
    const r = clock({ disposals: [disposal('life', '2020-01-10')], events: [trip('2019-05-01T10:00:00Z', '2019-05-02T10:00:00Z', true)] });
    expect(r.travel).toEqual([]);
  });
});

describe('s.91A-91F: review of indefinite notification (life, 10 March 2010)', () => {
  const refused = (date: string): ClockEvent => ({ type: 'review-decision', id: 'r1', date, outcome: 'refused' });
  const shpo = (from: string, to: string | null): ClockEvent => ({ type: 'shpo', id: 'o1', from, to });
  type Row = [string, Partial<ClockInput>, ClockResult['review']];
  const initial = note('n0', 'initial', '2010-03-12');
  // On remand until the relevant date (time served): released that day, so the initial notification is the first after release (s.91B(2)).
  const remand = spell('c0', 'custody', '2009-11-01', '2010-03-10');
  const rows: Row[] = [
    ['adult: 15 years from the initial notification, not yet', { events: [remand, initial], asOf: '2020-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: 'not-yet' }],
    ['the day before', { events: [remand, initial], asOf: '2025-03-11' }, { eligibleFrom: '2025-03-12', blockedBy: 'not-yet' }],
    ['on the day itself: may apply', { events: [remand, initial], asOf: '2025-03-12' }, { eligibleFrom: '2025-03-12', blockedBy: null }],
    ['under 18 on the relevant date: 8 years', { events: [remand, initial], asOf: '2020-01-01', dateOfBirth: '1995-01-01' }, { eligibleFrom: '2018-03-12', blockedBy: null }],
    ['no notification after release recorded: the earliest date, from the day it was due, and no application yet', { events: [remand], asOf: '2020-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: 'no-relevant-notification' }],
    ['in custody at the relevant date, first notified after release', { events: [spell('s1', 'custody', '2010-03-10', '2014-03-01'), note('n0', 'initial', '2014-03-02')], asOf: '2020-01-01' }, { eligibleFrom: '2029-03-02', blockedBy: 'not-yet' }],
    ['after a refusal: 8 years from the decision', { events: [remand, initial, refused('2025-06-01')], asOf: '2026-01-01' }, { eligibleFrom: '2033-06-01', blockedBy: 'not-yet' }],
    ['a sexual harm prevention order in force blocks it', { events: [remand, initial, shpo('2020-01-01', null)], asOf: '2026-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: 'shpo' }],
    ['an order that has expired does not', { events: [remand, initial, shpo('2020-01-01', '2025-01-01')], asOf: '2026-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: null }],
    ['an order that expires today still blocks it', { events: [remand, initial, shpo('2020-01-01', '2026-01-01')], asOf: '2026-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: 'shpo' }],
    ['an order starting later does not block it yet', { events: [remand, initial, shpo('2027-01-01', null)], asOf: '2026-01-01' }, { eligibleFrom: '2025-03-12', blockedBy: null }],
    ['initial notification on 29 February: the 15 years end on 28 February, apply from 1 March', { disposals: [disposal('life', '2012-02-27')], events: [spell('c0', 'custody', '2011-12-01', '2012-02-27'), note('n0', 'initial', '2012-02-29')], asOf: '2020-01-01' }, { eligibleFrom: '2027-03-01', blockedBy: 'not-yet' }],
    ['refused on 29 February: 8 years on is a 29 February again', { events: [remand, initial, refused('2028-02-29')], asOf: '2030-01-01' }, { eligibleFrom: '2036-02-29', blockedBy: 'not-yet' }],
    ['a fixed period: no review', { disposals: [disposal('other', '2024-01-10')], asOf: '2025-01-01' }, { eligibleFrom: null, blockedBy: 'not-indefinite' }],
  ];
  it.each(rows)('%s', (_name, facts, expected) => {
    expect(clock({ disposals: [disposal('life', '2010-03-10')], ...facts }).review).toEqual(expected);
  });

  it('a discharge ends indefinite notification on the day of the decision: nothing owed from then', () => {
    const r = clock({
      disposals: [disposal('life', '2010-03-10')],
      events: [initial, note('n1', 'periodic', '2025-03-01'), { type: 'review-decision', id: 'r1', date: '2025-06-01', outcome: 'discharged' }, change('c1', 'change-of-address', '2025-06-02')],
      asOf: '2025-07-01',
    });
    expect(r.period).toEqual({ kind: 'indefinite', governingDisposalId: 'd1', dischargedOn: '2025-06-01' });
    expect(r.ended).toBe(true);
    expect(r.nextPeriodicBy).toBeNull();
    expect(r.review).toEqual({ eligibleFrom: null, blockedBy: 'not-indefinite' });
    expect(r.duties.map((d) => d.triggerId)).toEqual(['d1', 'n0']);
  });

  it('a discharge leaves a later fixed period running', () => {
    const r = clock({
      disposals: [disposal('life', '2010-03-10'), disposal('other', '2024-01-10', {}, 'd2')],
      events: [initial, { type: 'review-decision', id: 'r1', date: '2025-06-01', outcome: 'discharged' }],
      asOf: '2025-07-01',
    });
    expect(r.period).toEqual({ kind: 'fixed', months: 60, endsOn: '2029-01-09', governingDisposalId: 'd2' });
    expect(r.ended).toBe(false);
  });
});

describe('what is overdue', () => {
  it('lists overdue duties earliest deadline first, the duties by when they arose', () => {
    const r = clock({
      disposals: [disposal('other', '2024-01-10')],
      events: [change('c1', 'change-of-address', '2024-02-01'), change('c2', 'change-of-name', '2024-01-20'), change('c3', 'qualifying-stay', '2024-02-20'), note('n1', 'qualifying-stay', '2024-02-21')],
      asOf: '2024-03-01',
    });
    expect(r.overdue.map((d) => [d.triggerId, d.dueBy])).toEqual([['d1', '2024-01-12'], ['c2', '2024-01-22'], ['c1', '2024-02-03']]);
    expect(r.duties.map((d) => d.triggerId)).toEqual(['d1', 'c2', 'c1', 'c3', 'n1']);
    expect(r.overdue.every((d) => d.status === 'overdue')).toBe(true);
  });
});
