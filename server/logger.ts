import { pino, type Logger } from 'pino';

/**
 * JSON logs. Record content never goes here: log ids, actions and outcomes only.
 * Request bodies, cookies and authorisation headers are redacted as a backstop.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'vigil' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'body', 'password', '*.password'],
      remove: true,
    },
  });
}

export type { Logger };
