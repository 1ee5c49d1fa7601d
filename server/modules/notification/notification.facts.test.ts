import { describe, expect, it } from 'vitest';
import { ukToday } from '../../shared/clock.ts';
import { reviewDecision, toClockInput } from './notification.facts.ts';
import { statusRows } from './notification.status.ts';
import type { ClockResult } from './notification.types.ts';

const disposal = { id: 'd1', kind: 'caution' as const, relevant_date: '2026-01-10', sentence_months: null, discharge_months: null, removed_at: null };
const event = (over: Record<string, unknown>) => ({
  id: 'e',
  type: 'notification' as const,
  kind: null,
  on_date: null,
  from_date: null,
  to_date: null,
  notified_at: null,
  departure_at: null,
  details_known_earlier: null,
  removed_at: null,
  ...over,
});
const review = { id: 'r1', outcome: null, decided_on: null, appeal_outcome: null, appeal_decided_on: null };

describe('toClockInput', () => {
  it('maps disposals and each kind of event, leaving out removed rows', () => {
    const input = toClockInput(
      '1980-05-01',
      [disposal, { ...disposal, id: 'd2', kind: 'imprisonment', sentence_months: 12, removed_at: new Date() }],
      [
        event({ id: 'n1', kind: 'initial', on_date: '2026-01-11' }),
        event({ id: 'c1', type: 'change', kind: 'change-of-address', on_date: '2026-02-01' }),
        event({ id: 's1', type: 'spell', kind: 'custody', from_date: '2026-03-01', to_date: null }),
        event({ id: 'f1', type: 'no-fixed-address', from_date: '2026-04-01', to_date: '2026-04-10' }),
        event({ id: 'o1', type: 'shpo', from_date: '2026-01-10', to_date: null }),
        event({ id: 't1', type: 'travel', notified_at: new Date('2026-05-01T10:00:00Z'), departure_at: new Date('2026-05-09T10:00:00Z'), details_known_earlier: true }),
        event({ id: 'x1', kind: 'initial', on_date: '2026-01-12', removed_at: new Date() }),
      ],
      [],
      '2026-06-01',
    );
    expect(input.dateOfBirth).toBe('1980-05-01');
    expect(input.asOf).toBe('2026-06-01');
    expect(input.disposals).toEqual([{ id: 'd1', kind: 'caution', relevantDate: '2026-01-10' }]);
    expect(input.events).toEqual([
      { type: 'notification', id: 'n1', kind: 'initial', date: '2026-01-11' },
      { type: 'change', id: 'c1', kind: 'change-of-address', date: '2026-02-01' },
      { type: 'spell', id: 's1', kind: 'custody', from: '2026-03-01', to: null },
      { type: 'no-fixed-address', id: 'f1', from: '2026-04-01', to: '2026-04-10' },
      { type: 'shpo', id: 'o1', from: '2026-01-10', to: null },
      { type: 'travel', id: 't1', notifiedAt: '2026-05-01T10:00:00.000Z', departure: '2026-05-09T10:00:00.000Z', detailsKnownEarlier: true },
    ]);
  });

  it('reads a term in weeks or days, the day of sentence, Schedule 3 and how a term runs (migration 0035)', () => {
    const input = toClockInput(
      null,
      [
        { ...disposal, kind: 'imprisonment', sentence_days: 196, sentenced_on: '2026-02-01', schedule3: true },
        { ...disposal, id: 'd2', kind: 'imprisonment', sentence_months: 12, runs: 'partly-concurrent', runs_with: 'd1', overlap_length: 3, overlap_unit: 'weeks' },
        { ...disposal, id: 'd3', kind: 'imprisonment', sentence_months: 6, runs: 'consecutive', runs_with: 'd1', overlap_length: null, overlap_unit: null, schedule3: false },
        { ...disposal, id: 'd4', kind: 'imprisonment', sentence_months: 6, runs: 'partly-concurrent', runs_with: 'd1', overlap_length: 2, overlap_unit: 'months' },
      ],
      [],
      [],
      '2026-06-01',
    );
    expect(input.disposals).toEqual([
      { id: 'd1', kind: 'imprisonment', relevantDate: '2026-01-10', sentenceDays: 196, sentencedOn: '2026-02-01', schedule3: true },
      { id: 'd2', kind: 'imprisonment', relevantDate: '2026-01-10', sentenceMonths: 12, runs: 'partly-concurrent', runsWith: 'd1', overlapDays: 21 },
      { id: 'd3', kind: 'imprisonment', relevantDate: '2026-01-10', sentenceMonths: 6, runs: 'consecutive', runsWith: 'd1', schedule3: false },
      { id: 'd4', kind: 'imprisonment', relevantDate: '2026-01-10', sentenceMonths: 6, runs: 'partly-concurrent', runsWith: 'd1', overlapMonths: 2 },
    ]);
  });

  it('keeps the date a change notified in advance is expected (migration 0036)', () => {
    const input = toClockInput(null, [disposal], [event({ id: 'a1', kind: 'change-of-address', on_date: '2026-03-01', expected_on: '2026-03-10' })], [], '2026-06-01');
    expect(input.events).toEqual([{ type: 'notification', id: 'a1', kind: 'change-of-address', date: '2026-03-01', expectedOn: '2026-03-10' }]);
  });

  it('reads a stay at other premises (migration 0038); one without its premises is skipped', () => {
    const input = toClockInput(null, [disposal], [event({ id: 's1', type: 'stay', premises: '1 Example Road', from_date: '2026-03-01', to_date: '2026-03-07' }), event({ id: 's2', type: 'stay', from_date: '2026-03-01' })], [], '2026-06-01');
    expect(input.events).toEqual([{ type: 'stay', id: 's1', premises: '1 Example Road', from: '2026-03-01', to: '2026-03-07' }]);
  });

  it('reads where a trip goes (migration 0039): another country, or none recorded, is left out', () => {
    const trip = { type: 'travel', notified_at: new Date('2026-05-01T10:00:00Z'), departure_at: new Date('2026-05-09T10:00:00Z'), details_known_earlier: false };
    const input = toClockInput(null, [disposal], [event({ id: 't1', ...trip, destination: 'northern-ireland' }), event({ id: 't2', ...trip, destination: 'other-country' }), event({ id: 't3', ...trip })], [], '2026-06-01');
    expect(input.events.map((e) => (e.type === 'travel' ? [e.id, e.destination] : null))).toEqual([['t1', 'northern-ireland'], ['t2', undefined], ['t3', undefined]]);
  });

  it('keeps the sentence and discharge lengths', () => {
    const input = toClockInput(null, [{ ...disposal, kind: 'imprisonment', sentence_months: 30 }, { ...disposal, id: 'd3', kind: 'conditional-discharge', discharge_months: 18 }], [], [], '2026-06-01');
    expect(input.disposals).toEqual([
      { id: 'd1', kind: 'imprisonment', relevantDate: '2026-01-10', sentenceMonths: 30 },
      { id: 'd3', kind: 'conditional-discharge', relevantDate: '2026-01-10', dischargeMonths: 18 },
    ]);
  });
});

describe('reviewDecision', () => {
  it('gives nothing while a review is undecided', () => {
    expect(reviewDecision(review)).toBeNull();
  });
  it('gives the decision on its date', () => {
    expect(reviewDecision({ ...review, outcome: 'refused', decided_on: '2041-03-01' })).toEqual({ type: 'review-decision', id: 'r1', date: '2041-03-01', outcome: 'refused' });
  });
  it('counts a refusal overturned on appeal as a discharge on the appeal date', () => {
    expect(reviewDecision({ ...review, outcome: 'refused', decided_on: '2041-03-01', appeal_outcome: 'allowed', appeal_decided_on: '2041-06-15' })).toEqual({
      type: 'review-decision',
      id: 'r1',
      date: '2041-06-15',
      outcome: 'discharged',
    });
  });
  it('leaves a refusal standing when the appeal is dismissed', () => {
    expect(reviewDecision({ ...review, outcome: 'refused', decided_on: '2041-03-01', appeal_outcome: 'dismissed', appeal_decided_on: '2041-06-15' })).toMatchObject({ date: '2041-03-01', outcome: 'refused' });
  });
});

describe('statusRows', () => {
  const result: ClockResult = {
    subject: true,
    period: { kind: 'fixed', months: 24, endsOn: '2028-01-10', governingDisposalId: 'd1' },
    ended: false,
    duties: [
      { duty: 'initial', triggerId: 'd1', triggeredOn: '2026-01-10', dueBy: '2026-01-13', metOn: '2026-01-11', status: 'met', section: 's.83(1)' },
      { duty: 'change', changeKind: 'change-of-address', triggerId: 'c1', triggeredOn: '2026-02-01', dueBy: '2026-02-04', metOn: null, status: 'overdue', section: 's.84(1)' },
      { duty: 'periodic', triggerId: 'n1', triggeredOn: '2026-01-11', dueBy: '2027-01-10', metOn: null, status: 'due', section: 's.85(1)' },
    ],
    nextPeriodicBy: '2027-01-10',
    overdue: [],
    travel: [],
    review: { eligibleFrom: null, blockedBy: 'not-indefinite' },
    warnings: [],
  };
  result.overdue = [result.duties[1]!];

  it('keeps only open duties, with the summary the work lists read', () => {
    const now = new Date('2026-06-01T09:00:00Z');
    const rows = statusRows('nom', result, '2026-06-01', now);
    expect(rows.duties.map((d) => [d.duty, d.status, d.change_kind])).toEqual([
      ['change', 'overdue', 'change-of-address'],
      ['periodic', 'due', null],
    ]);
    expect(rows.status).toMatchObject({ nominal_id: 'nom', period_kind: 'fixed', period_ends_on: '2028-01-10', next_due_by: '2026-02-04', overdue_count: 1, computed_for: '2026-06-01', review_blocked_by: 'not-indefinite' });
  });

  it('keeps the codes of the facts to complete, each once, sorted; none is null', () => {
    const warned = statusRows('nom', { ...result, warnings: [{ code: 'terms-unanswered', ids: ['a', 'b'], section: 's.82(3)-(4)' }, { code: 'term-missing', ids: ['a'], section: 's.82(1)' }, { code: 'term-missing', ids: ['c'], section: 's.82(1)' }] }, '2026-06-01');
    expect(warned.status?.warnings).toBe('term-missing,terms-unanswered');
    expect(statusRows('nom', result, '2026-06-01').status?.warnings).toBeNull();
  });

  it('gives no status row for someone with no disposals', () => {
    expect(statusRows('nom', { ...result, subject: false, period: null, duties: [], overdue: [] }, '2026-06-01')).toEqual({ nominalId: 'nom', status: null, duties: [] });
  });
});

describe("the clock's as-of day (ukToday)", () => {
  it('is the UK calendar date, not the UTC one', () => {
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(ukToday(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});

describe('breachTiming', () => {
  it('counts the 24 hours from the start of the day proven, UK time', async () => {
    const { breachTiming } = await import('./notification.presenter.ts');
    // Summer: the day starts at 23:00 UTC the evening before.
    expect(breachTiming('2026-07-01', new Date('2026-07-01T22:59:00Z'))).toEqual({ withinTarget: true, text: 'Recorded within 24 hours' });
    expect(breachTiming('2026-07-01', new Date('2026-07-01T23:30:00Z'))).toEqual({ withinTarget: false, text: 'Recorded after 24 hours' });
    expect(breachTiming('2026-12-01', new Date('2026-12-03T06:00:00Z'))).toEqual({ withinTarget: false, text: 'Recorded after 54 hours' });
  });
});

describe('londonInstant', () => {
  it('reads a UK wall-clock time in winter and in summer', async () => {
    const { londonInstant } = await import('./notification.schemas.ts');
    expect(londonInstant('2026-01-15', '14:30').toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(londonInstant('2026-07-15', '14:30').toISOString()).toBe('2026-07-15T13:30:00.000Z');
  });
});
