import { hash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { scratchDatabase } from '../../db/scratch.ts';
import { systemClock } from '../../shared/clock.ts';
import { migrate } from '../../db/migrate.ts';
import { withTransaction } from '../../db/transaction.ts';
import { createLogger } from '../../logger.ts';
import { systemContext } from '../../shared/context.ts';
import { createSigner } from './audit.checkpoint.ts';
import { canonicalEntry, type AccessLogEntry } from './audit.entry.ts';
import { setValueHashKey } from './audit.log.ts';
import { createSequencer } from './audit.sequencer.ts';
import { TreeCache } from './audit.tree.ts';
import { verifyLog } from './audit.verify.ts';

export interface AuditBenchOptions {
  databaseUrl?: string;
  signingKey: string;
  origin: string;
  operations: number;
  concurrency: number;
  verifyEntries: number;
  progress(line: string): void;
}

export interface AuditBenchResult {
  engine: string;
  write: { vigil_per_s: number; raw_per_s: number; p50_ms: number; p99_ms: number; raw_p50_ms: number; raw_p99_ms: number; operations: number; concurrency: number };
  sequencer_per_s: number;
  verify: { entries: number; entries_per_s: number; hashes_per_s: number; raw_hash_per_s: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs `total` calls of `op` with `concurrency` in flight; returns the rate and latencies. */
async function load(total: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function benchAudit(o: AuditBenchOptions): Promise<AuditBenchResult> {
  setValueHashKey(randomBytes(32));
  // A scratch database (on an embedded server without a URL), so the benchmark never touches a real log.
  const { database, embedded, drop } = await scratchDatabase(o.databaseUrl, { prefix: 'vigil_bench', poolSize: 40 });
  try {
    await migrate(database);
    const signer = createSigner(o.signingKey, o.origin);
    const sequencer = createSequencer(database, { signer, origin: o.origin, tree: new TreeCache(), logger: createLogger('silent'), batchSize: 5_000 });
    const ctx = systemContext();
    const entry = (i: number) => ({ kind: 'consultation' as const, action: 'register.nominal-viewed', subjectType: 'nominal', subjectId: `N${i}`, purposeCode: 'case-management' as const, policyIds: ['register.partner-read'] });

    o.progress(`write: ${o.operations} operations, ${o.concurrency} at a time: each one access-log entry in its own transaction,`);
    o.progress('beside the same row shape inserted straight into a plain copy of the table (rounds alternate, so both see the same conditions)');
    await sql`create table bench_raw (like audit_entry including defaults including identity including indexes)`.execute(database.db);
    // The same columns and values, as plain columns (LIKE copies no generation expressions), and the same indexes.
    const rawInsert = `insert into bench_raw (canonical, recorded_at, kind, action, actor_user_id, actor_unit_id, actor_agency_id, subject_type,
      subject_id, subject_agency_id, purpose_code, purpose_text, recipient, decision, policy_ids, break_glass, correlation_id, changes)
      values ($1, $2, 'consultation', 'register.nominal-viewed', null, null, null, 'nominal', $3, null, 'case-management', null, null,
      'allowed', $4::text[], false, $5, null)`;
    const rawValues = (i: number) => {
      const now = new Date();
      const e = { ...entry(i), recordedAt: now, actorUserId: null, actorUnitId: null, actorAgencyId: null, subjectAgencyId: null, purposeText: null, recipient: null, decision: 'allowed' as const, breakGlass: false, correlationId: ctx.correlationId, changes: null };
      return [canonicalEntry(e), now, `N${i}`, ['register.partner-read'], ctx.correlationId];
    };
    const vigilOp = (i: number) => withTransaction(database, { ...ctx, now: systemClock.now() }, (tx) => tx.log(entry(i)));
    const rawOp = (i: number) => database.pool.query(rawInsert, rawValues(i));
    await load(200, o.concurrency, vigilOp);
    await load(200, o.concurrency, rawOp);
    const rounds = 3;
    const per = Math.ceil(o.operations / rounds);
    const v: Awaited<ReturnType<typeof load>>[] = [];
    const r: Awaited<ReturnType<typeof load>>[] = [];
    for (let k = 0; k < rounds; k++) {
      r.push(await load(per, o.concurrency, rawOp));
      v.push(await load(per, o.concurrency, vigilOp));
    }
    const mean = (xs: Awaited<ReturnType<typeof load>>[], f: (x: Awaited<ReturnType<typeof load>>) => number) => xs.reduce((a, x) => a + f(x), 0) / xs.length;
    const vigil = { perSecond: mean(v, (x) => x.perSecond), p50: mean(v, (x) => x.p50), p99: Math.max(...v.map((x) => x.p99)) };
    const raw = { perSecond: mean(r, (x) => x.perSecond), p50: mean(r, (x) => x.p50), p99: Math.max(...r.map((x) => x.p99)) };

    o.progress(`verify: generating ${o.verifyEntries} entries`);
    const have = 200 + per * rounds;
    for (let done = have; done < o.verifyEntries; done += 100_000) {
      const n = Math.min(100_000, o.verifyEntries - done);
      await sql`
        with e as (
          insert into audit_entry (canonical)
          select '["vigil-access-log-entry/v1","' || to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            || '","consultation","register.nominal-viewed",null,null,null,"nominal","N' || g
            || '",null,"case-management",null,null,"allowed",["register.partner-read"],false,"' || ${ctx.correlationId} || '",null]'
          from generate_series(1, ${n}) g
          returning id)
        insert into audit_pending (entry_id) select id from e`.execute(database.db);
      o.progress(`  ${done + n} entries`);
    }

    o.progress('sequencer: integrating every queued entry and signing the checkpoint');
    const seqStart = performance.now();
    const sequenced = await sequencer.catchUp();
    const sequencerPerS = sequenced / ((performance.now() - seqStart) / 1000);

    o.progress(`verify: recomputing the tree over ${sequenced} entries`);
    const vStart = performance.now();
    const verified = await verifyLog(database, signer, { now: systemClock.now(), onProgress: (n) => n % 200_000 === 0 && o.progress(`  ${n}`) });
    const verifySeconds = (performance.now() - vStart) / 1000;
    if (!verified.ok) throw new Error(`verification failed in the benchmark: ${verified.problem}`);

    // The raw rate: SHA-256 over the same canonical entry bytes (with the leaf prefix), node:crypto's
    // fastest one-shot call, no database. Verification does one leaf hash and, on average, one
    // node hash per entry, so its hash throughput is about twice its entry rate.
    const sample: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) {
      const e: AccessLogEntry = { recordedAt: new Date(), kind: 'consultation', action: 'register.nominal-viewed', actorUserId: null, actorUnitId: null, actorAgencyId: null, subjectType: 'nominal', subjectId: `N${i}`, subjectAgencyId: null, purposeCode: 'case-management', purposeText: null, recipient: null, decision: 'allowed', policyIds: ['register.partner-read'], breakGlass: false, correlationId: ctx.correlationId, changes: null };
      sample.push(Buffer.concat([Buffer.from([0]), Buffer.from(canonicalEntry(e), 'utf8')]));
    }
    const hStart = performance.now();
    const hashes = Math.max(1_000_000, verified.entries);
    for (let i = 0; i < hashes; i++) hash('sha256', sample[i % sample.length]!, 'buffer');
    const rawHashPerS = hashes / ((performance.now() - hStart) / 1000);

    return {
      engine: embedded ? 'embedded PostgreSQL' : 'PostgreSQL',
      write: {
        vigil_per_s: round(vigil.perSecond),
        raw_per_s: round(raw.perSecond),
        p50_ms: round(vigil.p50),
        p99_ms: round(vigil.p99),
        raw_p50_ms: round(raw.p50),
        raw_p99_ms: round(raw.p99),
        operations: o.operations,
        concurrency: o.concurrency,
      },
      sequencer_per_s: round(sequencerPerS),
      verify: {
        entries: verified.entries,
        entries_per_s: round(verified.entries / verifySeconds),
        // A tree of n leaves has n leaf hashes and n - 1 node hashes.
        hashes_per_s: round((2 * verified.entries - 1) / verifySeconds),
        raw_hash_per_s: round(rawHashPerS),
      },
    };
  } finally {
    await drop();
  }
}
