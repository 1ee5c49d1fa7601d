import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';

export const SESSION_COOKIE = 'vigil.sid';

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  idleMs: number;
  secure: boolean;
  pruneIntervalSeconds: number | false;
}

/**
 * Sessions live in PostgreSQL so any number of Vigil processes can serve a
 * user. The cookie's life is the idle timeout, renewed on every request.
 */
export function sessions(options: SessionOptions): RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: new PgStore({
      pool: options.pool,
      tableName: 'user_session',
      createTableIfMissing: false,
      pruneSessionInterval: options.pruneIntervalSeconds,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
      maxAge: options.idleMs,
    },
  });
}
