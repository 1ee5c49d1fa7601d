import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isAppError, notFound } from '../errors.ts';

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path === '/health' || !!req.get('authorization');

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

interface Described {
  status: number;
  id: string;
  message: string;
  view: string;
}

function describe(err: unknown): Described {
  if (isAppError(err)) {
    const view = err.status === 404 ? 'errors/404' : err.status === 401 ? 'errors/401' : 'errors/error';
    return { status: err.status, id: err.id, message: err.message, view };
  }
  const e = err as { status?: number; statusCode?: number; type?: string; code?: string };
  const status = e.status ?? e.statusCode;
  if (e.code === 'EBADCSRFTOKEN') {
    return {
      status: 403,
      id: 'form-expired',
      message: 'This form has expired or was sent from another page. Go back, reload the page and try again.',
      view: 'errors/error',
    };
  }
  // A path whose percent escapes do not decode: the router marks its own decoding failures 400.
  if (err instanceof URIError && status === 400) {
    return { status: 400, id: 'bad-address', message: 'That address is not valid. Check the link and try again.', view: 'errors/error' };
  }
  if (status === 413 || e.type === 'entity.too.large') {
    return { status: 413, id: 'too-large', message: 'What you sent is too large. Send less and try again.', view: 'errors/error' };
  }
  if (status === 400 && e.type) {
    return { status: 400, id: 'malformed-request', message: 'The request could not be read. Check what you sent and try again.', view: 'errors/error' };
  }
  if (isDatabaseDown(err)) {
    return {
      status: 503,
      id: 'unavailable',
      message: 'Vigil cannot reach its database just now. Nothing you sent was saved. Try again in a few minutes.',
      view: 'errors/error',
    };
  }
  return { status: 500, id: 'internal-error', message: 'Sorry, there is a problem with the service. Try again later.', view: 'errors/500' };
}

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003'].includes(e.code ?? '') ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? '')
  );
}

/** Never a stack on a page, in any environment: the log has it, under the reference the page shows. */
export function errorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const d = describe(err);
    if (d.status >= 500) req.log?.error({ err, errorId: d.id }, 'request failed');
    res.status(d.status);
    if (d.status === 401 && req.session && req.method === 'GET') req.session.returnTo = req.originalUrl;
    if (wantsJson(req)) {
      // API clients get every field's message too, to fix them all at once.
      const fields = isAppError(err) && err.fieldErrors.length ? { fields: err.fieldErrors } : {};
      res.json({ error: { id: d.id, message: d.message, ...fields } });
      return;
    }
    const locals = {
      status: d.status,
      errorId: d.id,
      message: d.message,
      correlationId: req.ctx?.correlationId,
    };
    res.render(d.view, locals, (renderError, html) => {
      if (!renderError) return void res.send(html);
      // The error page itself failed (a broken template, or no session store): plain text, never a stack.
      req.log?.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send(`${d.message}\nReference: ${locals.correlationId ?? 'none'}\n`);
    });
  };
}
