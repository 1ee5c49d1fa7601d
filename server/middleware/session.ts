import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { registerPrepared } from '../db/prepared.ts';

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
  const store = new PgStore({
    pool: options.pool,
    tableName: 'user_session',
    createTableIfMissing: false,
    pruneSessionInterval: options.pruneIntervalSeconds,
  });
  throttleTouches(store, Math.min(60_000, options.idleMs / 10));
  // Every signed-in request reads its session: prepared on each connection rather than parsed and
  // planned each time. The text is the store's own; should a new version change it, it is simply
  // sent unnamed again.
  const table = (store as unknown as { quotedTable(): string }).quotedTable();
  registerPrepared(`SELECT sess FROM ${table} WHERE sid = $1 AND expire >= to_timestamp($2)`);
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store,
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

/**
 * Renewing a session's idle timeout is an UPDATE; doing it on every request doubled the writes of
 * a page view. Once per interval per session is enough: the timeout then ends within one interval
 * of its set length. Changed sessions are still saved at once (that is `set`, not `touch`).
 */
function throttleTouches(store: session.Store, intervalMs: number) {
  const touch = store.touch?.bind(store);
  if (!touch) return;
  const last = new Map<string, number>();
  store.touch = (sid, sess, callback) => {
    const now = Date.now();
    if (now - (last.get(sid) ?? 0) < intervalMs) return callback?.();
    // A bound on memory, not on correctness: forgetting only means the next touch is written.
    if (last.size > 50_000) last.clear();
    last.set(sid, now);
    touch(sid, sess, callback);
  };
}

/**
 * Saves a changed session before any redirect leaves. express-session sends the headers before its
 * own save ends, so a quick browser could otherwise load the next page without the sign-in, the
 * flash or the conflict message it was sent there with. Compared as express-session compares (the
 * session's JSON), so an unchanged or never-started session costs no write.
 */
export const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const before = req.session ? { id: req.sessionID, data: JSON.stringify(req.session) } : undefined;
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const current = req.session;
    const changed = !!current && (!before || req.sessionID !== before.id || JSON.stringify(current) !== before.data);
    if (!changed) return redirect(...args);
    current.save((err) => (err ? next(err) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};
