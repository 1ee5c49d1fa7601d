import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';

export interface ApiAuthOptions {
  authenticate(token: string, now: Date): Promise<{ id: string; name: string; scopes: string[] } | undefined>;
}

/** Bearer tokens for machine clients. A token that is wrong, expired or revoked is refused outright. */
export function apiAuth(options: ApiAuthOptions): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const m = /^Bearer (\S+)$/.exec(header);
    const client = m ? await options.authenticate(m[1]!, req.ctx.now) : undefined;
    if (!client) return next(new AppError(401, 'invalid-token', 'The API token is not valid: it may be wrong, expired or revoked.'));
    req.ctx.apiClient = client;
    next();
  };
}
