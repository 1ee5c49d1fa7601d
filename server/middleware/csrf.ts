import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser tokens kept in the session: every form carries `_csrf`, and
 * script clients send the X-CSRF-Token header.
 */
export function csrfProtection(): RequestHandler[] {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? req.get('x-csrf-token'),
    errorConfig: { statusCode: 403, message: 'invalid csrf token', code: 'EBADCSRFTOKEN' },
    // A bearer token cannot be sent by a browser on its own, so it needs no CSRF token.
    // The /api/v1 routes take nothing but bearer tokens (a session never acts there), so they need none either.
    skipCsrfProtection: (req) => !!req.ctx?.apiClient || req.path.startsWith('/api/v1/'),
  });
  const exposeToken: RequestHandler = (req, res, next) => {
    // A token is minted only for GET pages that render forms: any page may, so expose lazily.
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
  return [exposeToken, csrfSynchronisedProtection];
}
