import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config.ts';
import { createScratchDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { withTransaction } from '../../db/transaction.ts';
import { buildServices } from '../../index.ts';
import { createLogger } from '../../logger.ts';
import { systemContext, type RequestContext } from '../../shared/context.ts';
import { hashPassword } from '../identity/identity.passwords.ts';
import { demoPeople } from '../seed/seed.demo.ts';
import { seedNominals } from '../seed/seed.large.ts';
import { createProgress } from '../seed/seed.progress.ts';
import { seedWorld } from '../seed/seed.world.ts';
import { busiestUnitOfficer, seedClockFacts, settleTables } from './notification.bench.repository.ts';
import { systemClock, ukToday } from '../../shared/clock.ts';
import { recomputeClock } from './notification.recompute.ts';

export interface ClockBenchOptions {
  /** A PostgreSQL server: the benchmark creates its own database there and drops it at the end. */
  databaseUrl: string;
  nominals: number;
  /** How many times the unit's work list is read. */
  repeats: number;
  progress(line: string): void;
}

export interface ClockBenchResult {
  recompute: { nominals: number; seconds: number; per_s: number; duties: number; first_seconds: number };
  worklist: { p50_ms: number; p95_ms: number; repeats: number; unit_records: number; rows: number };
  engine: 'postgresql';
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The notification clock at register scale, on a scratch PostgreSQL database: the demo world's
 * staff, `nominals` synthetic records (the same loader as `vigil bench register`), notification
 * facts for each made in SQL, then every due date computed (first every row written, then again
 * as the daily job does, writing only what changed), then the
 * busiest unit's work list read `repeats` times through its service operation (scoping,
 * counts, one page of rows and the access-log entry, as a page view does, without the HTML).
 */
export async function benchClock(o: ClockBenchOptions): Promise<ClockBenchResult> {
  const scratch = await createScratchDatabase(o.databaseUrl, `vigil_bench_clock_${randomBytes(4).toString('hex')}`, { poolSize: 8 });
  const { database } = scratch;
  const config = loadConfig(process.env, { databaseUrl: scratch.url, env: 'production', demo: false, sessionSecret: randomBytes(32).toString('hex'), dataKey: randomBytes(32), logLevel: 'silent' });
  const services = buildServices(config, database, createLogger('silent'));
  try {
    await migrate(database);
    o.progress(`world: the demo world's agencies and staff`);
    await withTransaction(database, systemContext(), async (tx) => seedWorld(tx, demoPeople(), { passwordHash: await hashPassword(randomBytes(12).toString('base64url')), isDemo: false, now: tx.ctx.now }));
    const bar = createProgress(o.nominals, `register: ${o.nominals} synthetic records`);
    const loaded = await seedNominals(database, o.nominals, (n) => bar.update(n));
    bar.finish();
    o.progress(`register: loaded in ${loaded.seconds.toFixed(1)} s`);
    const today = ukToday(systemClock.now());
    const facts = await seedClockFacts(database.db, today);
    o.progress(`facts: ${facts.disposals} disposals and ${facts.events} notifications, changes and spells`);

    o.progress('recompute: every due date, the first time (every row written)');
    const first = await recomputeClock(database, { asOf: today });
    await settleTables(database.db);
    o.progress(`recompute: first in ${first.seconds.toFixed(1)} s; again, as the daily job does (rows compared, only changes written)`);
    const recompute = await recomputeClock(database, { asOf: today });

    const who = await busiestUnitOfficer(database.db);
    if (!who) throw new Error('no cleared officer in the scratch register');
    const actor = await services.signIn.resolveActor(who.userId);
    if (!actor) throw new Error('the officer whose work list is timed is not active');
    const ctx = (): RequestContext => ({ correlationId: randomBytes(8).toString('hex'), actor, ip: '127.0.0.1', userAgent: 'vigil-bench', now: new Date(), system: false });
    o.progress(`work list: the unit owning ${who.records} records, overdue list, ${o.repeats} times (after 20 to warm up)`);
    for (let i = 0; i < 20; i++) await services.worklists.viewWorklist(ctx(), { scope: 'unit', list: 'overdue' });
    const latencies: number[] = [];
    let rows = 0;
    for (let i = 0; i < o.repeats; i++) {
      const t0 = performance.now();
      const view = await services.worklists.viewWorklist(ctx(), { scope: 'unit', list: 'overdue', page: String(1 + (i % 3)) });
      latencies.push(performance.now() - t0);
      rows = view.total;
    }
    latencies.sort((a, b) => a - b);
    return {
      recompute: { nominals: recompute.nominals, seconds: round(recompute.seconds), per_s: Math.round(recompute.nominals / recompute.seconds), duties: recompute.duties, first_seconds: round(first.seconds) },
      worklist: { p50_ms: round(percentile(latencies, 50)), p95_ms: round(percentile(latencies, 95)), repeats: o.repeats, unit_records: who.records, rows },
      engine: 'postgresql',
    };
  } finally {
    await scratch.drop();
  }
}
