import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import '../shared/express.ts';
import type { Clock } from '../shared/clock.ts';
import { isUuid } from '../shared/ids.ts';

/**
 * Gives every request a correlation id (taken from X-Correlation-Id when a
 * caller sends a valid one), a context for operations, and a child logger.
 */
export function requestContext(logger: Logger, clock: Clock): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-correlation-id');
    const correlationId = given && isUuid(given) ? given : randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);
    req.ctx = {
      correlationId,
      actor: null,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
      now: clock.now(),
      system: false,
    };
    req.log = logger.child({ correlationId });
    // A duration, not a time of day: measured on the monotonic clock, whatever the app's clock says.
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Method, route pattern and status only: paths and queries can carry personal data.
      req.log.info({ method: req.method, route: req.route?.path ?? null, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  };
}
