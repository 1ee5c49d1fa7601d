import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { saveBeforeRedirect } from './session.ts';

/** A request with a session whose save completes later, and a response that records when it redirected. */
function exchange(session: Record<string, unknown> | undefined) {
  const order: string[] = [];
  let finishSave: (() => void) | undefined;
  const s = session && Object.assign(session, { save: vi.fn((cb: (err?: unknown) => void) => { order.push('save started'); finishSave = () => { order.push('saved'); cb(); }; }) });
  const req = { session: s, sessionID: 'sid-1' } as unknown as Request;
  const res = { redirect: vi.fn(() => order.push('redirected')) } as unknown as Response;
  saveBeforeRedirect(req, res, vi.fn() as NextFunction);
  return { req, res, order, finish: () => finishSave?.() };
}

describe('saving the session before a redirect', () => {
  it('waits for a changed session to be saved before the redirect leaves', () => {
    const { req, res, order, finish } = exchange({ userId: 'u1' });
    (req.session as unknown as Record<string, unknown>).flash = { heading: 'Record created' };
    res.redirect(303, '/nominals/1');
    expect(order).toEqual(['save started']);
    finish();
    expect(order).toEqual(['save started', 'saved', 'redirected']);
  });

  it('saves a regenerated session (a new id), as at sign-in', () => {
    const { req, res, order, finish } = exchange({});
    (req as unknown as { sessionID: string }).sessionID = 'sid-2';
    res.redirect(303, '/');
    finish();
    expect(order).toEqual(['save started', 'saved', 'redirected']);
  });

  it('writes nothing for an unchanged session, or none at all', () => {
    const unchanged = exchange({ userId: 'u1' });
    unchanged.res.redirect(303, '/sign-in');
    expect(unchanged.order).toEqual(['redirected']);
    const none = exchange(undefined);
    none.res.redirect(303, '/sign-in');
    expect(none.order).toEqual(['redirected']);
  });
});
