import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createScratchDatabase, fromUrl } from '../../server/db/database.ts';
import { ROOT } from '../../server/views.ts';
import { ACCOUNTS_TEMPLATE, DEMO_TEMPLATE } from './templates.ts';

const BIN = path.join(ROOT, 'bin/vigil.js');

export interface RunningVigil {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

// Each journey's data directory names its own database, a copy made on the run's one server.
const URL_FILE = 'journey-database-url';
const databaseOf = (dataDir: string) => (existsSync(path.join(dataDir, URL_FILE)) ? readFileSync(path.join(dataDir, URL_FILE), 'utf8') : undefined);

const baseEnv = (dataDir: string) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  VIGIL_DATA_DIR: dataDir,
  ...(databaseOf(dataDir) ? { DATABASE_URL: databaseOf(dataDir) } : {}),
});

/** A data directory and a database of its own: empty, or a copy of one of the run's templates. */
async function dataDirWith(template?: string): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-journey-'));
  const scratch = await createScratchDatabase(inject('journeyDatabaseUrl'), `vigil_j_${randomBytes(5).toString('hex')}`, { template, poolSize: 1 });
  await scratch.database.close();
  writeFileSync(path.join(dataDir, URL_FILE), scratch.url);
  return dataDir;
}

/** An empty database: `vigil` migrates it, and `serve --demo` seeds it. */
export const newDataDir = (): Promise<string> => dataDirWith();

/** The demo world, copied from the run's template: `serve --demo` finds it there and starts at once. */
export const demoDataDir = (): Promise<string> => dataDirWith(DEMO_TEMPLATE);

/** Drops the journey's database once its server has stopped. */
async function dropDatabaseOf(dataDir: string): Promise<void> {
  const url = databaseOf(dataDir);
  if (!url) return;
  const name = new URL(url).pathname.slice(1);
  const admin = fromUrl(inject('journeyDatabaseUrl'), 1);
  await admin.pool.query(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.close();
}

/** Runs a `vigil` command to completion against the data directory, returning what it printed. */
export function vigilCommand(dataDir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(dataDir), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`vigil ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Starts the real server, as `npm start` does, on a free port. */
export async function startVigil(dataDir: string, options: { demo?: boolean } = {}): Promise<RunningVigil> {
  const args = [BIN, 'serve', '--port', '0', ...(options.demo ? ['--demo'] : [])];
  const env = { ...baseEnv(dataDir), ...(process.env.VIGIL_JOURNEY_LOG ? { LOG_LEVEL: 'info' } : {}) };
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, { cwd: ROOT, env });
  // VIGIL_JOURNEY_LOG=FILE keeps the server's own log of a journey, to see what a hung page was waiting for.
  if (process.env.VIGIL_JOURNEY_LOG) {
    const { createWriteStream } = await import('node:fs');
    const log = createWriteStream(process.env.VIGIL_JOURNEY_LOG, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Vigil did not start: ${out}${err}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Vigil exited (${code}): ${out}${err}`)));
  });
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A server that does not stop within 15 s is killed, so a stuck run never outlives its test.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      await dropDatabaseOf(dataDir);
    },
  };
}

/**
 * A data directory holding the demo's accounts (no register records, so `serve --demo` seeds
 * nothing more) and whatever `write` adds with the accounts' ids by username, written before the
 * server starts: for journeys that need a case the demo world does not hold.
 */
export async function demoAccountsWith(write: (database: import('../../server/db/database.ts').Database, ids: Record<string, string>) => Promise<void>): Promise<string> {
  const dataDir = await dataDirWith(ACCOUNTS_TEMPLATE);
  const database = fromUrl(databaseOf(dataDir)!, 2);
  try {
    const ids = Object.fromEntries((await database.db.selectFrom('app_user').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
    await write(database, ids);
    return dataDir;
  } finally {
    await database.close();
  }
}
