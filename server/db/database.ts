import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { applicationName, EmbeddedServerError, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { sendRegisteredByName } from './prepared.ts';
import type { DB } from './schema.ts';

// Counts and ids fit in a JavaScript number; dates stay as 'YYYY-MM-DD' strings so
// that no time zone ever moves a date of birth by a day.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** Always PostgreSQL: DATABASE_URL's server or the embedded one (see `embedded`). */
export type Engine = 'postgresql';

export interface Database {
  engine: Engine;
  /** True for the embedded server Vigil runs itself under VIGIL_DATA_DIR. */
  embedded?: boolean;
  pool: pg.Pool;
  db: Kysely<DB>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

function wrap(engine: Engine, pool: pg.Pool, onClose: () => Promise<void>): Database {
  // An idle client that loses its server must not take the process down with it:
  // the next query fails, /health says so, and the pool reconnects when it can.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine,
    pool,
    db,
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ever used it; code that used the pool directly needs this.
      if (!pool.ended) await pool.end();
      await onClose();
    },
  };
}

export function fromUrl(url: string, max = 10, onClose: () => Promise<void> = async () => {}): Database {
  // Pipelining lets a transaction's BEGIN travel with its first statement (see transaction.ts).
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, pipeline: true, application_name: applicationName() } as pg.PoolConfig);
  pool.on('connect', sendRegisteredByName);
  return wrap('postgresql', pool, onClose);
}

/** Turns a driver error into one line a person can act on. */
export function describeConnectionError(error: unknown, url: string): string {
  let where = 'the database server';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    // keep the generic description: the URL itself was malformed
  }
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to PostgreSQL at ${where}: connection refused. Is the server running, and is DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to PostgreSQL at ${where}: the host name was not found. Check DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `Cannot connect to PostgreSQL at ${where}: the connection timed out. Check DATABASE_URL and the network.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the sign-in: ${e.message}. Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `PostgreSQL at ${where} has no such database: ${e.message}. Create it or fix DATABASE_URL.`;
    default:
      return `Cannot connect to PostgreSQL at ${where}: ${e.message ?? String(error)}`;
  }
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** The server process: it adopts an embedded server left running by a Vigil that was killed, and stops it when done. */
  adopt?: boolean;
  poolSize?: number;
}

/** The database Vigil keeps its data in, on the embedded server. */
const EMBEDDED_DATABASE = 'vigil';

/**
 * Opens the configured database and proves it answers, or throws one clear line: DATABASE_URL's
 * server, or else the embedded PostgreSQL server under the data directory, started if need be.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const database = fromUrl(options.databaseUrl, options.poolSize);
    try {
      await database.pool.query('select 1');
    } catch (error) {
      await database.close().catch(() => {});
      throw new DatabaseUnavailableError(describeConnectionError(error, options.databaseUrl));
    }
    return database;
  }
  let server: EmbeddedServer;
  try {
    server = await startEmbedded({ dataDir: options.dataDir, adopt: options.adopt });
  } catch (error) {
    if (error instanceof EmbeddedServerError) throw new DatabaseUnavailableError(error.message);
    throw error;
  }
  try {
    await ensureDatabase(server.url(), EMBEDDED_DATABASE);
    const database = fromUrl(server.url(EMBEDDED_DATABASE), options.poolSize, () => server.stop());
    database.embedded = true;
    await database.pool.query('select 1');
    return database;
  } catch (error) {
    await server.stop().catch(() => {});
    throw new DatabaseUnavailableError(`The embedded database started but could not be used: ${(error as Error).message}`);
  }
}

/** Creates the named database on a server if it is not there yet (the first start). */
async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: applicationName() });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rows.length) await client.query(`create database ${name}`).catch((e: { code?: string }) => {
      // Two processes starting at once: the other made it first.
      if (e.code !== '42P04') throw e;
    });
  } finally {
    await client.end();
  }
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// CREATE DATABASE copies a template for one session at a time: callers take turns on this lock.
const CREATE_DATABASE_LOCK = 7_351_002;

/**
 * A new database beside the one `url` names (empty, or copied from `template`),
 * for tests and benchmarks that must never touch real data. `drop()` removes it.
 */
export async function createScratchDatabase(url: string, name: string, options: { template?: string; poolSize?: number } = {}) {
  const admin = fromUrl(url, 1);
  const client = await admin.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [CREATE_DATABASE_LOCK]);
    await client.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [CREATE_DATABASE_LOCK]);
    client.release();
  }
  const scratchUrl = withDatabaseName(url, name);
  const database = fromUrl(scratchUrl, options.poolSize ?? 5);
  return {
    database,
    url: scratchUrl,
    async drop() {
      await database.close();
      await admin.pool.query(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

export async function serverVersion(database: Database): Promise<string> {
  const { rows } = await database.pool.query<{ v: string }>("select current_setting('server_version') as v");
  return rows[0]?.v ?? 'unknown';
}
