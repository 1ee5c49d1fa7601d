import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { computeClock } from './notification.clock.ts';
import { toClockInput } from './notification.facts.ts';
import * as repo from './notification.recompute.repository.ts';
import { statusRows, type StatusRows } from './notification.status.ts';
import { DEFAULT_CLOCK_CONFIG, type ClockConfig, type IsoDate } from './notification.types.ts';

export interface RecomputeOptions {
  /** The day the clock computes for (UK calendar date). */
  asOf: IsoDate;
  /** Only these nominals (those without disposals lose their status); every subject when absent. */
  nominalIds?: readonly string[];
  batchSize?: number;
  clock?: ClockConfig;
  /** When the rows say they were computed; defaults to now. */
  now?: Date;
  onProgress?(done: number): void;
}

export interface RecomputeResult {
  nominals: number;
  duties: number;
  seconds: number;
}

/** The clock run for each nominal of a batch, from its facts to the rows the work lists read. */
export function computeBatch(facts: readonly repo.NominalFacts[], asOf: IsoDate, clock: ClockConfig, now: Date): StatusRows[] {
  return facts.map((f) => statusRows(f.id, computeClock(toClockInput(f.dateOfBirth, f.disposals, f.events, f.reviews, asOf), clock), asOf, now));
}

/** Reads in flight while a batch is computed and another written: the database has two cores' worth of work to overlap with the clock. */
const READS_AHEAD = 2;

/**
 * Recomputes every due date: reads the facts of a batch of nominals in one statement, runs the
 * clock on each in this process, and rewrites only the nominals whose rows changed, in one
 * transaction per batch with set-based SQL. The next two batches are read while a batch is
 * computed and the one before written, so the database and this process work at the same
 * time. Batches are keyed on nominal id, so a batch costs the same at the end of the register
 * as at the start.
 */
export async function recomputeClock(database: Database, o: RecomputeOptions): Promise<RecomputeResult> {
  const started = performance.now();
  const size = o.batchSize ?? 5_000;
  const clock = o.clock ?? DEFAULT_CLOCK_CONFIG;
  const now = o.now ?? new Date();
  const given = o.nominalIds ? [...new Set(o.nominalIds)].sort() : undefined;

  let after: string | null = null;
  let offset = 0;
  const nextIds = async (): Promise<string[]> => {
    if (given) {
      const ids = given.slice(offset, offset + size);
      offset += size;
      return ids;
    }
    const ids = await repo.nextSubjects(database.db, after, size);
    after = ids.at(-1) ?? after;
    return ids;
  };
  // Each batch's ids follow the previous batch's (keyset), so the id look-ups run one after another.
  let idsInOrder: Promise<unknown> = Promise.resolve();
  const read = () => {
    const ids = idsInOrder.then(nextIds);
    idsInOrder = ids;
    const batch = ids.then(async (ids) => ({ ids, facts: await repo.factsFor(database.db, ids) }));
    // Awaited in turn; this only stops an unhandled rejection meanwhile.
    batch.catch(() => {});
    return batch;
  };

  let nominals = 0;
  let duties = 0;
  const ahead = Array.from({ length: READS_AHEAD }, read);
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const { ids, facts } = await ahead.shift()!;
      if (!ids.length) break;
      ahead.push(read());
      const rows = computeBatch(facts, o.asOf, clock, now);
      // Most records' rows are the same as yesterday's: rewrite only those that changed (and
      // those given that have no facts left); leave the rest as they are.
      const storedOf = new Map(facts.map((f) => [f.id, f.stored]));
      const changed = rows.filter((r) => {
        const stored = storedOf.get(r.nominalId);
        return !stored || !repo.storedMatches(stored, r);
      });
      const changedIds = new Set(changed.map((r) => r.nominalId));
      const rewrite = ids.filter((id) => changedIds.has(id) || !storedOf.has(id));
      // One batch written at a time, while the next are read and computed.
      await writing;
      writing = (rewrite.length ? withTransaction(database, systemContext(now), (tx) => repo.replaceStatuses(tx.db, rewrite, changed, now)) : Promise.resolve()).then(() => {
        nominals += ids.length;
        duties += rows.reduce((n, r) => n + r.duties.length, 0);
        o.onProgress?.(nominals);
      });
      writing.catch(() => {});
    }
    await writing;
  } finally {
    // Reads already started finish before the caller may close the pool.
    await Promise.allSettled([writing, ...ahead]);
  }
  if (!given) await withTransaction(database, systemContext(now), (tx) => repo.clearFormerSubjects(tx.db));
  return { nominals, duties, seconds: (performance.now() - started) / 1000 };
}
