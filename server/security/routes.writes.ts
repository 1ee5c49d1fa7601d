import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Tables a refused request may rightly write: the access log (a refusal is logged), sessions, the
 * outbox, and the throttles that count failed attempts.
 */
export const REFUSALS_MAY_WRITE = [
  'audit_entry', 'audit_leaf', 'audit_pending', 'audit_checkpoint',
  'user_session', 'outbox_event',
  'sign_in_throttle', 'api_rate_window', 'vetting_relative_link_throttle',
];

/** Bookkeeping a refused request may rightly update: a client's "last used" time is written whatever it asked. */
export const BOOKKEEPING: Record<string, string[]> = { api_client: ['last_used_at'] };

/**
 * A cheap fingerprint of the database that also sees updates (which row counts would not): a row
 * trigger on every other table counts the rows each committed statement wrote, in a side table.
 * A refused request that rolls back leaves the counts alone; one that committed half its work moves
 * them. Test databases only.
 */
export async function watchWrites(database: Database): Promise<void> {
  const db = database.db;
  await sql`create table walk_write (table_name text primary key, n bigint not null)`.execute(db);
  await sql`create function walk_write_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and tg_argv[0] is not null and (to_jsonb(new) - tg_argv[0]::text[]) = (to_jsonb(old) - tg_argv[0]::text[]) then
        return null;
      end if;
      insert into walk_write values (tg_table_name, 1) on conflict (table_name) do update set n = walk_write.n + 1;
      return null;
    end $$`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'walk_write'`.execute(db);
  for (const { name } of tables.rows) {
    if (REFUSALS_MAY_WRITE.includes(name)) continue;
    const ignored = BOOKKEEPING[name] ? `'{${BOOKKEEPING[name].join(',')}}'` : '';
    await sql.raw(`create trigger walk_write_${name} after insert or update or delete on "${name}" for each row execute function walk_write_count(${ignored})`).execute(db);
  }
}

export type Writes = Map<string, number>;

export async function writesSoFar(database: Database): Promise<Writes> {
  const rows = await sql<{ table_name: string; n: number }>`select table_name, n from walk_write`.execute(database.db);
  return new Map(rows.rows.map((r) => [r.table_name, Number(r.n)]));
}

/** The tables written between two fingerprints, with how many rows. */
export function written(before: Writes, after: Writes): string[] {
  return [...after].filter(([t, n]) => n !== (before.get(t) ?? 0)).map(([t, n]) => `${t} (${n - (before.get(t) ?? 0)} rows)`);
}
