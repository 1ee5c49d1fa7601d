import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed number: every Vigil process that starts at once waits on the same lock.
const MIGRATION_LOCK = 7_351_001;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

const ensureTable = `create table if not exists schema_migration (
  version text primary key, name text not null, checksum text not null,
  applied_at timestamptz not null default now())`;

/** Applies every pending migration, each in its own transaction. Returns what it applied. */
export async function migrate(database: Database): Promise<string[]> {
  const client = await database.pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(ensureTable);
    const { rows } = await client.query<{ version: string; checksum: string }>(
      'select version, checksum from schema_migration',
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of listMigrations()) {
      const previous = done.get(m.version);
      if (previous) {
        if (previous !== m.checksum) {
          throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied. Add a new migration instead.`);
        }
        continue;
      }
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(error as Error).message}`);
      }
      applied.push(`${m.version}_${m.name}`);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

/** 'current' when every migration file has been applied, else 'pending'. */
export async function migrationStatus(database: Database): Promise<'current' | 'pending'> {
  const exists = await database.pool.query<{ ok: boolean }>("select to_regclass('schema_migration') is not null as ok");
  if (!exists.rows[0]?.ok) return 'pending';
  const { rows } = await database.pool.query<{ version: string }>('select version from schema_migration');
  const applied = new Set(rows.map((r) => r.version));
  return listMigrations().every((m) => applied.has(m.version)) ? 'current' : 'pending';
}
