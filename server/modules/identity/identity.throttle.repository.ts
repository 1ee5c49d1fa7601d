import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;
export type ThrottleScope = 'account' | 'address';

export async function lockedUntil(db: Q, scope: ThrottleScope, key: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/**
 * Counts one failure inside a rolling window; once `max` failures fall in one
 * window the key is locked for `lockMs`. One statement, so concurrent failures
 * are all counted.
 */
export async function countFailure(
  db: Q,
  scope: ThrottleScope,
  key: string,
  now: Date,
  max: number,
  windowMs: number,
  lockMs: number,
): Promise<void> {
  const windowStart = new Date(now.getTime() - windowMs);
  const lockUntil = new Date(now.getTime() + lockMs);
  await sql`
    insert into sign_in_throttle as t (scope, key, failures, window_started_at, locked_until)
    values (${scope}, ${key}, 1, ${now}, case when 1 >= ${max} then ${lockUntil}::timestamptz end)
    on conflict (scope, key) do update set
      failures = case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end,
      locked_until = case
        when (case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end) >= ${max}
        then ${lockUntil}::timestamptz else t.locked_until end`.execute(db);
}

export async function clearFailures(db: Q, scope: ThrottleScope, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('scope', '=', scope).where('key', '=', key).execute();
}
