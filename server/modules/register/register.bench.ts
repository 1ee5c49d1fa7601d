import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generateSecret, generateSync } from 'otplib';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { serverVersion } from '../../db/database.ts';
import { scratchDatabase } from '../../db/scratch.ts';
import { migrate } from '../../db/migrate.ts';
import { withTransaction } from '../../db/transaction.ts';
import { buildServices } from '../../index.ts';
import { createLogger } from '../../logger.ts';
import { systemContext } from '../../shared/context.ts';
import { sealSecret } from '../identity/identity.mfa.ts';
import { hashPassword } from '../identity/identity.passwords.ts';
import { demoPeople } from '../seed/seed.demo.ts';
import { seedNominals } from '../seed/seed.large.ts';
import { createProgress } from '../seed/seed.progress.ts';
import { seedWorld } from '../seed/seed.world.ts';
import { createRawLogTable, rawRecordView, sampleReadable } from './register.bench.repository.ts';
import { cpuMeter, forDuration, pickRecord, startPageLoad, type LoadResult, type PageReader } from './register.bench.load.ts';

export interface RegisterBenchOptions {
  /**
   * A PostgreSQL server: the benchmark creates its own database there and drops it at the end.
   * Without one, it starts an embedded server of its own in a fresh temporary directory, as Vigil's
   * default does, and removes it at the end.
   */
  databaseUrl?: string;
  nominals: number;
  concurrency: number;
  seconds: number;
  /** The open loop: record pages requested a second, whatever the replies do, and for how long. */
  rate: number;
  openSeconds: number;
  progress(line: string): void;
}

export interface RegisterBenchResult {
  vigil: { per_s: number; p50_ms: number; p99_ms: number; requests: number; errors: number };
  raw: { per_s: number; p50_ms: number; p99_ms: number; operations: number };
  ratio: number;
  /**
   * The open loop: `rate` record pages a second, latency from each request's scheduled time (so
   * time spent queueing counts); errors are answers other than 200, socket errors, and requests
   * still unanswered when the wait after the last one ended.
   */
  open: { rate: number; p50_ms: number; p99_ms: number; errors: number };
  /**
   * CPU ms per page and per raw operation: the server's thread, the whole bench process (with the
   * load thread standing in for browsers on the Vigil side), and the database's backends. Where
   * /proc cannot be read, absent.
   */
  cpu_ms: { vigil: CpuPer; raw: CpuPer; open: CpuPer };
  nominals: number;
  users: number;
  concurrency: number;
  seconds: number;
  open_seconds: number;
  /** embedded: a server the bench started itself, as Vigil's default; postgresql: DATABASE_URL's server. */
  engine: 'embedded' | 'postgresql';
  server_version: string;
}

type CpuPer = { server?: number; process?: number; database?: number };

const round = (n: number) => Math.round(n * 100) / 100;

/** One browser's cookie jar, enough for Vigil's session and CSRF cookies. */
class Session {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(this.base + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: this.cookie,
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * Signed-in record views over HTTP beside the same rows read and one log row written by hand, on
 * a scratch PostgreSQL database holding `nominals` synthetic records. The bench's own staff
 * (the demo world's, with a random password and an authenticator whose secret only this process
 * knows) sign in through the real pages: password, then a TOTP code. No demo mode, no shortcut.
 */
export async function benchRegister(o: RegisterBenchOptions): Promise<RegisterBenchResult> {
  if (!o.databaseUrl) o.progress('engine: starting an embedded PostgreSQL server in a temporary directory');
  const scratch = await scratchDatabase(o.databaseUrl, { prefix: 'vigil_bench', poolSize: o.concurrency + 8 });
  return benchOn(scratch, scratch.embedded ? 'embedded' : 'postgresql', o);
}

async function benchOn(scratch: Awaited<ReturnType<typeof scratchDatabase>>, engine: RegisterBenchResult['engine'], o: RegisterBenchOptions): Promise<RegisterBenchResult> {
  const { database } = scratch;
  // Connections stay open for the whole run: the database's CPU is read from its backends, and one
  // that ended between two readings (idle through the slower open loop) would take its share with it.
  database.pool.options.idleTimeoutMillis = 0;
  const config = loadConfig(process.env, {
    databaseUrl: scratch.url,
    // As deployed: templates compiled once and cached (development recompiles them per request).
    env: 'production',
    demo: false,
    sessionSecret: randomBytes(32).toString('hex'),
    dataKey: randomBytes(32),
    logLevel: 'silent',
    port: 0,
    host: '127.0.0.1',
  });
  const services = buildServices(config, database, createLogger('silent'));
  const server = createApp(services).listen(0, '127.0.0.1');
  try {
    await migrate(database);
    o.progress(`world: the demo world's agencies and staff, each with a password and an authenticator`);
    const password = randomBytes(12).toString('base64url');
    const totpSecret = generateSecret();
    const people = demoPeople();
    const world = await withTransaction(database, systemContext(), async (tx) =>
      seedWorld(tx, people, { passwordHash: await hashPassword(password), isDemo: false, mfaSecretSealed: sealSecret(config.dataKey, totpSecret), now: tx.ctx.now }),
    );
    const bar = createProgress(o.nominals, `register: ${o.nominals} synthetic records`);
    const loaded = await seedNominals(database, o.nominals, (n) => bar.update(n));
    bar.finish();
    o.progress(`register: loaded in ${loaded.seconds.toFixed(1)} s`);
    await createRawLogTable(database.db);
    services.sequencer.start();
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    o.progress('sign-in: every practitioner and manager through the sign-in pages, password then authenticator code');
    const readers: { userId: string; session: Session; records: string[] }[] = [];
    for (const [unitKey, ids] of world.officers) {
      for (const userId of ids) {
        const username = [...world.userIds].find(([, id]) => id === userId)![0];
        const session = new Session(base);
        const page = await session.request('/sign-in');
        const step = await session.request('/sign-in', { method: 'POST', form: { _csrf: csrfIn(page.text), username, password } });
        if (step.location !== '/sign-in/mfa') throw new Error(`sign-in of ${username} went to ${step.location} (${step.status})`);
        const mfa = await session.request('/sign-in/mfa');
        const done = await session.request('/sign-in/mfa', { method: 'POST', form: { _csrf: csrfIn(mfa.text), code: generateSync({ secret: totpSecret }) } });
        if (done.status !== 303 || done.location?.startsWith('/sign-in')) throw new Error(`second factor of ${username} refused (${done.status} ${done.location})`);
        const records = await sampleReadable(database.db, userId, world.units.get(unitKey)!.id, 2_000);
        if (records.length) readers.push({ userId, session, records });
      }
    }
    o.progress(`sign-in: ${readers.length} users signed in`);

    const pages: PageReader[] = readers.map((r) => ({ cookie: r.session.cookie, records: r.records }));
    const load = startPageLoad();
    const meter = cpuMeter(async () => {
      const { rows } = await database.pool.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'");
      return rows.map((r) => r.pid);
    });
    const cpuTotals = { vigil: { main: 0, process: 0, database: 0, n: 0 }, raw: { main: 0, process: 0, database: 0, n: 0 } };
    let cpuKnown = { main: true, database: true };
    const metered = async <R extends LoadResult>(side: 'vigil' | 'raw', work: () => Promise<R>): Promise<R> => {
      const before = await meter.snapshot();
      const result = await work();
      const per = meter.perUnit(before, await meter.snapshot(), 1);
      const t = cpuTotals[side];
      t.process += per.process ?? 0;
      t.main += per.main ?? 0;
      t.database += per.database ?? 0;
      t.n += result.count;
      cpuKnown = { main: cpuKnown.main && per.main !== undefined, database: cpuKnown.database && per.database !== undefined };
      return result;
    };
    const vigilRun = (seconds: number) => metered('vigil', () => load.run({ base, readers: pages, concurrency: o.concurrency, seconds }));
    const canonical = JSON.stringify(['vigil-access-log-entry/v1', new Date().toISOString(), 'consultation', 'register.nominal-viewed']);
    const rawOp = async (worker: number, i: number) => {
      const { r, id } = pickRecord(readers, worker, i);
      const client = await database.pool.connect();
      try {
        await rawRecordView(client, r.userId, id, canonical);
      } finally {
        client.release();
      }
    };
    const rawRun = (seconds: number) => metered('raw', () => forDuration(seconds, o.concurrency, rawOp));

    o.progress(`warm-up: 3 s of each`);
    await load.run({ base, readers: pages, concurrency: o.concurrency, seconds: 3 });
    await forDuration(3, o.concurrency, rawOp);
    // Halves in turn, so both sides see the same conditions (the sequencer, autovacuum, neighbours).
    const half = o.seconds / 2;
    o.progress(`measuring: ${o.seconds} s of record pages and ${o.seconds} s of raw SQL, ${o.concurrency} at a time, in alternating halves`);
    const v1 = await vigilRun(half);
    const r1 = await rawRun(half);
    const r2 = await rawRun(half);
    const v2 = await vigilRun(half);
    o.progress(`open loop: ${o.rate} record pages a second for ${o.openSeconds} s, whatever the replies do`);
    const openBefore = await meter.snapshot();
    const opened = await load.open({ base, readers: pages, rate: o.rate, seconds: o.openSeconds });
    const openCpu = meter.perUnit(openBefore, await meter.snapshot(), opened.scheduled);
    await load.stop();
    if (opened.maxSendLagMs > 5) o.progress(`warning: the load thread sent a request up to ${Math.round(opened.maxSendLagMs)} ms late (counted in the latencies)`);
    const errors = v1.errors + v2.errors;
    const vigil = { per_s: (v1.perSecond + v2.perSecond) / 2, p50: (v1.p50 + v2.p50) / 2, p99: Math.max(v1.p99, v2.p99), count: v1.count + v2.count };
    const raw = { per_s: (r1.perSecond + r2.perSecond) / 2, p50: (r1.p50 + r2.p50) / 2, p99: Math.max(r1.p99, r2.p99), count: r1.count + r2.count };
    const cpuPer = (side: 'vigil' | 'raw'): CpuPer => {
      const t = cpuTotals[side];
      const n = Math.max(1, t.n);
      return {
        ...(side === 'vigil' && cpuKnown.main ? { server: round(t.main / n) } : {}),
        process: round(t.process / n),
        ...(cpuKnown.database ? { database: round(t.database / n) } : {}),
      };
    };
    const cpu = { vigil: cpuPer('vigil'), raw: cpuPer('raw') };
    o.progress(`record pages: ${Math.round((v1.bytesPerPage + v2.bytesPerPage) / 2 / 1024)} KiB each`);
    if (errors) o.progress(`warning: ${errors} record pages did not answer 200`);
    if (opened.errors) o.progress(`warning: in the open loop, ${opened.errors} of ${opened.scheduled} record pages did not answer 200 in time`);
    return {
      vigil: { per_s: round(vigil.per_s), p50_ms: round(vigil.p50), p99_ms: round(vigil.p99), requests: vigil.count, errors },
      raw: { per_s: round(raw.per_s), p50_ms: round(raw.p50), p99_ms: round(raw.p99), operations: raw.count },
      ratio: round(vigil.per_s / raw.per_s),
      open: { rate: o.rate, p50_ms: round(opened.p50), p99_ms: round(opened.p99), errors: opened.errors },
      cpu_ms: {
        ...cpu,
        open: {
          ...(openCpu.main !== undefined ? { server: round(openCpu.main) } : {}),
          ...(openCpu.process !== undefined ? { process: round(openCpu.process) } : {}),
          ...(openCpu.database !== undefined ? { database: round(openCpu.database) } : {}),
        },
      },
      nominals: o.nominals,
      users: readers.length,
      concurrency: o.concurrency,
      seconds: o.seconds,
      open_seconds: o.openSeconds,
      engine,
      server_version: await serverVersion(database),
    };
  } finally {
    await services.sequencer.stop();
    server.closeAllConnections();
    server.close();
    await scratch.drop();
  }
}
