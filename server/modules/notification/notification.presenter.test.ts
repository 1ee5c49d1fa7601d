import { describe, expect, it } from 'vitest';
import { computeClock } from './notification.clock.ts';
import { clockPage } from './notification.presenter.ts';
import type { ClockFacts } from './notification.repository.ts';

// Synthetic facts only: a life disposal, as the clock page reads it.
const facts = {
  dateOfBirth: null,
  nominalType: null,
  disposals: [{ id: 'd1', kind: 'life', relevant_date: '2010-03-10', sentence_months: null, discharge_months: null, court: 'Exampleton Crown Court' }],
  events: [],
  reviews: [],
} as unknown as ClockFacts;
const disposals = [{ id: 'd1', kind: 'life' as const, relevantDate: '2010-03-10' }];

describe('the clock page: the notification period', () => {
  it('indefinite', () => {
    const clock = computeClock({ dateOfBirth: null, disposals, events: [], asOf: '2025-07-01' });
    expect(clockPage('2025-07-01', clock, facts, [], new Map()).period).toEqual({ text: 'Indefinite', indefinite: true, ended: false });
  });

  it('discharged on review: the day of the decision is shown, and the period has ended', () => {
    const clock = computeClock({ dateOfBirth: null, disposals, events: [{ type: 'review-decision', id: 'r1', date: '2025-06-01', outcome: 'discharged' }], asOf: '2025-07-01' });
    expect(clockPage('2025-07-01', clock, facts, [], new Map()).period).toEqual({ text: 'Indefinite, discharged on review on 1 June 2025', indefinite: true, ended: true });
  });
});
