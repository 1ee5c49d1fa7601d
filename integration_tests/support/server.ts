import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../server/views.ts';

const BIN = path.join(ROOT, 'bin/vigil.js');

export interface RunningVigil {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const baseEnv = (dataDir: string) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  VIGIL_DATA_DIR: dataDir,
  ...(process.env.VIGIL_JOURNEY_DATABASE_URL ? { DATABASE_URL: process.env.VIGIL_JOURNEY_DATABASE_URL } : {}),
});

export function newDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'vigil-journey-'));
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
    },
  };
}

/**
 * A data directory holding the demo's accounts (no register records, so `serve --demo` seeds
 * nothing more) and whatever `write` adds with the accounts' ids by username, written before the
 * server starts: for journeys that need a case the demo world does not hold.
 */
export async function demoAccountsWith(write: (database: import('../../server/db/database.ts').Database, ids: Record<string, string>) => Promise<void>): Promise<string> {
  const { openDatabase } = await import('../../server/db/database.ts');
  const { migrate } = await import('../../server/db/migrate.ts');
  const { seedDemo } = await import('../../server/modules/seed/seed.demo.ts');
  const dataDir = newDataDir();
  const database = await openDatabase({ dataDir, databaseUrl: process.env.VIGIL_JOURNEY_DATABASE_URL });
  try {
    await migrate(database);
    await seedDemo(database, { nominals: 0 });
    const ids = Object.fromEntries((await database.db.selectFrom('app_user').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
    await write(database, ids);
    return dataDir;
  } finally {
    await database.close();
  }
}
