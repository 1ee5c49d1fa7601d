import { describe, expect, it } from 'vitest';
import { allowedMoves, APPLICATION_EVENTS, APPLICATION_STATES, isDecided, nextState } from './vetting.states.ts';

describe('the vetting application state machine', () => {
  const allowed = new Set(allowedMoves().map(([s, e]) => `${s} ${e}`));

  it('refuses every move the lifecycle does not allow, with a reason in words', () => {
    let refused = 0;
    for (const state of APPLICATION_STATES) {
      for (const event of APPLICATION_EVENTS) {
        if (allowed.has(`${state} ${event}`)) continue;
        const move = nextState(state, event);
        expect(move.ok, `${event} from ${state}`).toBe(false);
        if (!move.ok) expect(move.reason).toMatch(/^[A-Z].+\.$/);
        refused++;
      }
    }
    expect(refused).toBe(APPLICATION_STATES.length * APPLICATION_EVENTS.length - allowed.size);
  });

  it.each([
    ['sponsored', 'start', 'in-progress'],
    ['in-progress', 'submit', 'submitted'],
    ['submitted', 'return-for-information', 'returned'],
    ['returned', 'resubmit', 'submitted'],
    ['submitted', 'take-case', 'checks'],
    ['checks', 'grant', 'granted'],
    ['checks', 'grant-with-conditions', 'granted-with-conditions'],
    ['checks', 'propose-refusal', 'refusal-proposed'],
    ['refusal-proposed', 'agree-refusal', 'refused'],
    ['refusal-proposed', 'reject-refusal', 'checks'],
    ['checks', 'discontinue', 'discontinued'],
    ['in-progress', 'withdraw', 'withdrawn'],
    ['refused', 'lodge-appeal', 'appealed'],
    ['appealed', 'allow-appeal', 'appeal-allowed'],
    ['appealed', 'dismiss-appeal', 'appeal-dismissed'],
  ] as const)('%s, then %s, leads to %s', (from, event, to) => {
    expect(nextState(from, event)).toEqual({ ok: true, to });
  });

  it('returns an application for information once only', () => {
    expect(nextState('submitted', 'return-for-information', { returnedBefore: true })).toMatchObject({ ok: false, reason: expect.stringContaining('already been returned') });
  });

  it('never decides without checks, and never refuses without a second officer', () => {
    for (const state of ['sponsored', 'in-progress', 'submitted', 'returned'] as const) {
      expect(nextState(state, 'grant').ok).toBe(false);
      expect(nextState(state, 'agree-refusal').ok).toBe(false);
    }
    expect(nextState('checks', 'agree-refusal').ok).toBe(false);
  });

  it('treats a decided application as final, except a refusal, which may be appealed', () => {
    for (const state of APPLICATION_STATES.filter(isDecided)) {
      const moves = APPLICATION_EVENTS.filter((e) => nextState(state, e).ok);
      expect(moves).toEqual(state === 'refused' ? ['lodge-appeal'] : []);
    }
  });
});
