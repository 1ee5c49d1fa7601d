import type { RequestHandler } from 'express';
import { AppError, forbidden } from '../errors.ts';
import type { Actor } from '../shared/context.ts';

export interface ApiAuthOptions {
  authenticate(token: string, now: Date): Promise<
    | { id: string; name: string; scopes: string[]; actingUserId?: string | null; pending?: boolean; issuedBy?: string | null; approvedBy?: string | null }
    | undefined
  >;
  /** The acting user as an actor, only while their account is active. */
  resolveActor(userId: string): Promise<Actor | undefined>;
  /** Counts the request against the client's limit; refused ones say when to try again. */
  admit(clientId: string, now: Date): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/**
 * Bearer tokens for machine clients. A token that is wrong, expired or revoked is refused outright.
 * A client with an acting user acts as that user on the API only: its clearance, unit and roles
 * decide what the client sees, through the same operations as the pages. Pages never accept a
 * token, so a token can never drive a form as its user.
 */
export function apiAuth(options: ApiAuthOptions): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const m = /^Bearer (\S+)$/.exec(header);
    const client = m ? await options.authenticate(m[1]!, req.ctx.now) : undefined;
    if (!client) return next(new AppError(401, 'invalid-token', 'The API token is not valid: it may be wrong, expired or revoked.'));
    const admitted = await options.admit(client.id, req.ctx.now);
    if (!admitted.allowed) {
      res.set('Retry-After', String(admitted.retryAfterSeconds));
      return next(new AppError(429, 'too-many-requests', `This API client has made more requests this minute than its limit allows. Try again in ${admitted.retryAfterSeconds} seconds.`));
    }
    if (client.pending) {
      return next(forbidden('This API client is waiting for approval by the person it acts as, or by a second administrator. It works once approved.'));
    }
    req.ctx.apiClient = { id: client.id, name: client.name, scopes: client.scopes, issuedBy: client.issuedBy ?? null, approvedBy: client.approvedBy ?? null };
    if (client.actingUserId && req.path.startsWith('/api/')) {
      const actor = await options.resolveActor(client.actingUserId);
      if (!actor) return next(forbidden('The user this API client acts as is disabled. Ask an administrator to issue a new token.'));
      req.ctx.actor = actor;
    }
    next();
  };
}

/** An API route for bearer tokens holding one scope: 401 with no token, 403 naming the scope it lacks. */
export function requireScope(scope: string): RequestHandler {
  return (req, _res, next) => {
    const client = req.ctx.apiClient;
    if (!client) return next(new AppError(401, 'api-token-required', 'Send an API token in the Authorization header: Bearer vgl_...'));
    if (!client.scopes.includes(scope)) return next(forbidden(`This API token does not have the ${scope} scope.`));
    next();
  };
}
