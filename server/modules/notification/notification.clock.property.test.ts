import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOf } from './notification.clock.days.ts';
import { computeClock } from './notification.clock.ts';
import type { ClockEvent, ClockInput, ClockResult, Disposal, Duty, NotificationKind } from './notification.types.ts';

// Random records of synthetic facts, between 2018 and 2026 so that they meet, read on a random day.
const FROM = dayOf('2018-01-01');
const TO = dayOf('2026-12-31');
const date = fc.integer({ min: FROM, max: TO }).map(isoOf);
const instant = fc.integer({ min: FROM * 86_400, max: TO * 86_400 }).map((s) => new Date(s * 1000).toISOString());
const id = fc.uuid();
const shortSpell = (d: string, days: number) => isoOf(dayOf(d) + days);

const disposalArb: fc.Arbitrary<Disposal> = fc
  .record(
    {
      id,
      kind: fc.constantFrom('imprisonment', 'imprisonment', 'life', 'ipp', 'hospital-restricted', 'hospital', 'caution', 'conditional-discharge', 'absolute-discharge', 'other'),
      relevantDate: date,
      sentenceMonths: fc.integer({ min: 0, max: 240 }),
      sentenceDays: fc.integer({ min: 1, max: 1200 }),
      sentencedOn: date,
      dischargeMonths: fc.integer({ min: 1, max: 36 }),
      schedule3: fc.boolean(),
      runs: fc.constantFrom('concurrent', 'consecutive', 'partly-concurrent') as fc.Arbitrary<'concurrent' | 'consecutive' | 'partly-concurrent'>,
      overlapMonths: fc.integer({ min: 0, max: 24 }),
      overlapDays: fc.integer({ min: 0, max: 200 }),
    },
    { requiredKeys: ['id', 'kind', 'relevantDate'] },
  )
  .map((d) => ({ ...d }));
/** Disposals, some of whose terms run with another of the same record (s.82(3)-(4)). */
const disposalsArb = fc.tuple(fc.array(disposalArb, { minLength: 0, maxLength: 4 }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 })).map(([ds, picks]) =>
  ds.map((d, i) => (d.runs !== undefined && ds.length > 1 ? { ...d, runsWith: ds[(i + 1 + (picks[i]! % (ds.length - 1))) % ds.length]!.id } : d)),
);
const notificationKind = fc.constantFrom<NotificationKind>(
  'initial',
  'change-of-name',
  'change-of-address',
  'qualifying-stay',
  'household-with-child',
  'bank-account',
  'payment-card',
  'identity-document',
  'release',
  'periodic',
  'travel',
  'non-occurrence',
);
const changeKind = fc.constantFrom('change-of-name', 'change-of-address', 'qualifying-stay', 'household-with-child', 'bank-account', 'payment-card', 'identity-document') as fc.Arbitrary<
  Extract<ClockEvent, { type: 'change' }>['kind']
>;
const run = fc.tuple(date, fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }));
const spellArb = fc.tuple(id, fc.constantFrom('custody', 'hospital', 'abroad') as fc.Arbitrary<'custody' | 'hospital' | 'abroad'>, run).map(
  ([i, kind, [from, len]]): ClockEvent => ({ type: 'spell', id: i, kind, from, to: len === null ? null : shortSpell(from, len) }),
);
const eventArb: fc.Arbitrary<ClockEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('notification' as const), id, kind: notificationKind, date }) },
  // A change notified in advance (s.84(2)), expected up to 60 days after it was given.
  {
    weight: 2,
    arbitrary: fc.tuple(id, changeKind, date, fc.integer({ min: 1, max: 60 })).map(([i, kind, on, ahead]): ClockEvent => ({ type: 'notification', id: i, kind, date: on, expectedOn: isoOf(dayOf(on) + ahead) })),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('change' as const), id, kind: changeKind, date }) },
  { weight: 2, arbitrary: spellArb },
  { weight: 1, arbitrary: fc.tuple(id, run).map(([i, [from, len]]): ClockEvent => ({ type: 'no-fixed-address', id: i, from, to: len === null ? null : shortSpell(from, len) })) },
  // Stays at one of two premises (s.84(1)(c)), up to a fortnight, or still going.
  {
    weight: 2,
    arbitrary: fc.tuple(id, fc.constantFrom('1 Example Road', '2 Sample Street'), date, fc.option(fc.integer({ min: 0, max: 14 }), { nil: null })).map(
      ([i, premises, from, len]): ClockEvent => ({ type: 'stay', id: i, premises, from, to: len === null ? null : shortSpell(from, len) }),
    ),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('travel' as const), id, notifiedAt: instant, departure: instant, detailsKnownEarlier: fc.boolean() }) },
  { weight: 1, arbitrary: fc.tuple(id, run).map(([i, [from, len]]): ClockEvent => ({ type: 'shpo', id: i, from, to: len === null ? null : shortSpell(from, len) })) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('review-decision' as const), id, date, outcome: fc.constantFrom('discharged', 'refused') as fc.Arbitrary<'discharged' | 'refused'> }) },
);
const inputArb: fc.Arbitrary<ClockInput> = fc.record({
  dateOfBirth: fc.option(fc.integer({ min: dayOf('1950-01-01'), max: dayOf('2025-01-01') }).map(isoOf), { nil: null }),
  disposals: disposalsArb,
  events: fc.array(eventArb, { maxLength: 25 }),
  asOf: date,
});

// With the day it arose: generated ids repeat (two disposals with one id give two initial duties).
const key = (d: Duty) => `${d.duty}:${d.triggerId}:${d.triggeredOn}`;
const plusDays = (iso: string, days: number) => isoOf(dayOf(iso) + days);

describe('notification clock properties', () => {
  it('never throws, and the same facts in any order give the same result', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const a = computeClock(input);
        expect(computeClock(structuredClone(input))).toEqual(a);
        const shuffle = <T>(xs: T[]) => xs.map((x, i) => [((seed ^ (i * 2654435761)) >>> 0) % 1000, x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
        expect(computeClock({ ...input, disposals: shuffle(input.disposals), events: shuffle(input.events) })).toEqual(a);
      }),
      { numRuns: 400 },
    );
  });

  it('no deadline precedes what triggered it; initial and change deadlines are at least the trigger + 2 (3 days beginning with it); travel never notified is overdue', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const d of computeClock(input).duties) {
          expect(d.dueBy >= d.triggeredOn).toBe(true);
          // Travel never notified (s.86(1)) arose when it was due: 7 days before the date of leaving.
          if (d.duty === 'travel') expect(d.status).toBe('overdue');
          else if (d.duty !== 'periodic') expect(d.dueBy >= plusDays(d.triggeredOn, 2)).toBe(true);
          if (d.metOn !== null) expect(d.metOn >= d.triggeredOn).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a spell in custody, in hospital or abroad never makes any deadline earlier', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('custody', 'hospital', 'abroad') as fc.Arbitrary<'custody' | 'hospital' | 'abroad'>, run, (input, kind, [from, len]) => {
        const before = computeClock(input);
        const after = computeClock({ ...input, events: [...input.events, { type: 'spell', id: 'added-spell', kind, from, to: len === null ? null : shortSpell(from, len) }] });
        const dueBefore = new Map(before.duties.map((d) => [key(d), d.dueBy]));
        for (const d of after.duties) {
          const was = dueBefore.get(key(d));
          if (was !== undefined) expect(d.dueBy >= was).toBe(true);
        }
        if (before.nextPeriodicBy !== null && after.nextPeriodicBy !== null) expect(after.nextPeriodicBy >= before.nextPeriodicBy).toBe(true);
        expect(after.period).toEqual(before.period);
      }),
      { numRuns: 400 },
    );
  });

  it('s.85(3): a periodic date moves only when a spell covers the day its window would end, and then only later', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const spells = input.events.filter((e) => e.type === 'spell');
        const plain = computeClock({ ...input, events: input.events.filter((e) => e.type !== 'spell') });
        const plainDue = new Map(plain.duties.filter((d) => d.duty === 'periodic').map((d) => [key(d), d.dueBy]));
        for (const d of computeClock(input).duties) {
          const was = d.duty === 'periodic' ? plainDue.get(key(d)) : undefined;
          if (was === undefined || d.dueBy === was) continue;
          expect(d.dueBy > was).toBe(true);
          // Inside on that day: from the day the spell began to the day before release (an open spell ends on "as of").
          const inside = spells.some((e) => e.type === 'spell' && e.from <= was && (e.to ?? input.asOf) > was);
          expect(inside).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an indefinite disposal always gives an indefinite period, unless discharged on review', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('life', 'ipp', 'hospital-restricted') as fc.Arbitrary<Disposal['kind']>, date, (input, kind, relevantDate) => {
        const events = input.events.filter((e) => !(e.type === 'review-decision' && e.outcome === 'discharged'));
        const r = computeClock({ ...input, events, disposals: [...input.disposals, { id: 'indefinite', kind, relevantDate }] });
        expect(r.period?.kind).toBe('indefinite');
        expect(r.subject).toBe(true);
        expect(r.ended).toBe(false);
        expect(r.review.blockedBy).not.toBe('not-indefinite');
        // s.91B(2): a date exactly when there is a release from custody or hospital to count from (or a refusal).
        expect(r.review.eligibleFrom === null).toBe(r.review.blockedBy === 'custody-not-recorded' || r.review.blockedBy === 'not-released');
      }),
      { numRuns: 300 },
    );
  });

  it('statuses follow their definitions; overdue is exactly the overdue duties, earliest first', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r: ClockResult = computeClock(input);
        expect(r.subject).toBe(input.disposals.some((d) => d.kind !== 'absolute-discharge' && d.schedule3 !== false));
        for (const d of r.duties) {
          const expected = d.metOn !== null ? (d.metOn <= d.dueBy ? 'met' : 'late') : d.dueBy < input.asOf ? 'overdue' : 'due';
          expect(d.status).toBe(expected);
        }
        expect(r.overdue).toEqual(r.duties.filter((d) => d.status === 'overdue').sort((a, b) => (a.dueBy < b.dueBy ? -1 : a.dueBy > b.dueBy ? 1 : 0)));
        if (r.ended) expect(r.nextPeriodicBy).toBeNull();
        // The next periodic date is the open year's last day, when there is one.
        const periodic = r.duties.filter((d) => d.duty === 'periodic');
        if (r.nextPeriodicBy !== null) expect(periodic.some((d) => d.metOn === null && d.dueBy === r.nextPeriodicBy)).toBe(true);
        // One open periodic year at most in each continuous period (no more periods than disposals): never a chain.
        expect(r.warnings).toEqual([...r.warnings].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.ids.join() < b.ids.join() ? -1 : a.ids.join() > b.ids.join() ? 1 : 0)));
        expect(periodic.filter((d) => d.metOn === null).length).toBeLessThanOrEqual(input.disposals.length);
        if (r.period?.kind === 'fixed') {
          expect(r.review).toEqual({ eligibleFrom: null, blockedBy: 'not-indefinite' });
          expect(r.ended).toBe(r.period.endsOn < input.asOf);
        }
      }),
      { numRuns: 400 },
    );
  });
  // How long the period runs, comparable: not subject < any fixed end < indefinite.
  const reach = (r: ClockResult) => (!r.period ? -Infinity : r.period.kind === 'indefinite' ? Infinity : dayOf(r.period.endsOn));
  const noDischarge = (input: ClockInput) => ({ ...input, events: input.events.filter((e) => !(e.type === 'review-decision' && e.outcome === 'discharged')) });

  it('s.82(3)-(4): a Schedule 3 term added consecutively to another never shortens the period', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 60 }), fc.nat(), (raw, months, pick) => {
        const input = noDischarge(raw);
        const terms = input.disposals.filter((d) => d.kind === 'imprisonment');
        fc.pre(terms.length > 0);
        const other = terms[pick % terms.length]!;
        const added: Disposal = { id: 'added-term', kind: 'imprisonment', relevantDate: other.relevantDate, sentenceMonths: months, runs: 'consecutive', runsWith: other.id };
        expect(reach(computeClock({ ...input, disposals: [...input.disposals, added] }))).toBeGreaterThanOrEqual(reach(computeClock(input)));
      }),
      { numRuns: 300 },
    );
  });

  it('s.82(3)-(4): terms imposed the same day and left unanswered are never read shorter than when answered', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('concurrent', 'consecutive', 'partly-concurrent') as fc.Arbitrary<'concurrent' | 'consecutive' | 'partly-concurrent'>, (raw, x, y, runs) => {
        const input = noDischarge(raw);
        const a: Disposal = { id: 'same-day-a', kind: 'imprisonment', relevantDate: '2024-03-01', sentenceMonths: x };
        const b: Disposal = { id: 'same-day-b', kind: 'imprisonment', relevantDate: '2024-03-01', sentenceMonths: y };
        const answered = { ...b, runs, runsWith: a.id, ...(runs === 'partly-concurrent' ? { overlapMonths: Math.min(x, y) - 1 } : {}) };
        const unanswered = computeClock({ ...input, disposals: [...input.disposals, a, b] });
        expect(reach(unanswered)).toBeGreaterThanOrEqual(reach(computeClock({ ...input, disposals: [...input.disposals, a, answered] })));
        expect(unanswered.warnings.some((w) => w.code === 'terms-unanswered' && w.ids.includes(a.id) && w.ids.includes(b.id))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('s.80 and s.134: an absolute discharge, or an offence outside Schedule 3, changes nothing', () => {
    fc.assert(
      fc.property(inputArb, disposalArb, (input, extra) => {
        const none = { ...extra, id: 'not-notifiable', runsWith: undefined, ...(extra.kind === 'absolute-discharge' ? {} : { schedule3: false }) };
        const before = computeClock(input);
        const after = computeClock({ ...input, disposals: [...input.disposals, none] });
        expect(after.period).toEqual(before.period);
        expect(after.duties).toEqual(before.duties);
      }),
      { numRuns: 300 },
    );
  });
});
