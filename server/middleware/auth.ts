import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { forbidden, unauthenticated } from '../errors.ts';
import { hasRole, type Actor, type Role } from '../shared/context.ts';

export interface AuthOptions {
  absoluteMs: number;
  resolveActor(userId: string): Promise<Actor | undefined>;
}

/**
 * Turns the session into an actor on every request. A session past its
 * absolute lifetime, or whose user has been disabled since, is ended here,
 * so disablement takes effect on the user's very next request.
 */
export function loadActor(options: AuthOptions): RequestHandler {
  return async (req, res, next) => {
    const userId = req.session?.userId;
    // A bearer request acts as its client (and its acting user), never as a session's user;
    // the /api/v1 routes take bearer tokens only.
    if (!userId || req.ctx.apiClient || req.path.startsWith('/api/v1/')) return next();
    // Real time, as signedInAt was set and as express-session expires sessions: a duration, not a date.
    const expired = !req.session.signedInAt || Date.now() - req.session.signedInAt > options.absoluteMs;
    const actor = expired ? undefined : await options.resolveActor(userId);
    if (!actor) {
      // A fresh, empty session rather than none: the sign-in form needs one for its CSRF token.
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      res.locals.sessionEnded = true;
      return next();
    }
    req.ctx.actor = actor;
    res.locals.user = actor;
    next();
  };
}

export const requireUser: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  if (!req.ctx.actor) return next(unauthenticated());
  next();
};

/** Signed in, and holding at least one of the roles. */
export function requireRole(...roles: [Role, ...Role[]]): RequestHandler {
  return (req, _res, next) => {
    if (!req.ctx.actor) return next(unauthenticated());
    if (!roles.some((role) => hasRole(req.ctx.actor, role))) return next(forbidden());
    next();
  };
}
