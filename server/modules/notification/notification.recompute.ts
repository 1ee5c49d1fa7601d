import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemClock } from '../../shared/clock.ts';
import { systemContext } from '../../shared/context.ts';
import { computeBatch } from './notification.recompute.compute.ts';
import * as repo from './notification.recompute.repository.ts';
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
  /** Periods and review dates found changed and listed for the managing officers. */
  dateChanges: number;
  seconds: number;
}

/** Batches read (each on its own connection) ahead of the one being computed and the one being written. */
const AHEAD = 2;

/**
 * Recomputes every due date: reads the facts of a batch of nominals in one statement, runs the
 * clock on each in this process, and rewrites only the nominals whose rows changed, in one
 * transaction per batch with set-based SQL. Later batches are read while a batch is computed
 * and another written, so the database (on both cores) and the clock work at the same time.
 * Batches are keyed on nominal id, so a batch costs the same at the end of the register as at
 * the start.
 */
export async function recomputeClock(database: Database, o: RecomputeOptions): Promise<RecomputeResult> {
  const started = performance.now();
  const size = o.batchSize ?? 5_000;
  const clock = o.clock ?? DEFAULT_CLOCK_CONFIG;
  const now = o.now ?? systemClock.now();
  // Lower case, as PostgreSQL returns uuids: the batch's ids and the facts' ids are compared.
  const given = o.nominalIds ? [...new Set(o.nominalIds.map((id) => id.toLowerCase()))].sort() : undefined;

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
  const next = () => {
    const ids = idsInOrder.then(nextIds);
    idsInOrder = ids;
    const batch = ids.then(async (ids) => {
      if (!ids.length) return { ids, found: new Set<string>(), result: { changed: [], duties: 0, dateChanges: [] } };
      const facts = await repo.factsFor(database.db, ids, { run: !given });
      const result = computeBatch({ facts, asOf: o.asOf, clock, now });
      return { ids, found: new Set(facts.map((f) => f.id)), result };
    });
    // Awaited in turn; this only stops an unhandled rejection meanwhile.
    batch.catch(() => {});
    return batch;
  };

  let nominals = 0;
  let duties = 0;
  let dateChanges = 0;
  const ahead = Array.from({ length: AHEAD }, next);
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const { ids, found, result } = await ahead.shift()!;
      if (!ids.length) break;
      ahead.push(next());
      // Most records' rows are the same as yesterday's: rewrite only those that changed (and
      // those given that have no facts left); leave the rest as they are.
      // (A subject whose first disposal was recorded between reading the ids and the facts is
      // in the facts only: it is rewritten too if its rows changed.)
      const rewrite = [...result.changed.map((r) => r.nominalId), ...ids.filter((id) => !found.has(id))];
      // One batch written at a time, while later ones are read and computed.
      await writing;
      const write = async (tx: { db: Parameters<typeof repo.replaceStatuses>[0] }) => {
        await repo.replaceStatuses(tx.db, rewrite, result.changed, now);
        await repo.insertDateChanges(tx.db, result.dateChanges, o.asOf);
      };
      writing = (rewrite.length ? withTransaction(database, systemContext(now), write) : Promise.resolve()).then(() => {
        nominals += ids.length;
        duties += result.duties;
        dateChanges += result.dateChanges.length;
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
  return { nominals, duties, dateChanges, seconds: (performance.now() - started) / 1000 };
}
