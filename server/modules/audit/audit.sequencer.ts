import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { signCheckpoint, type Signer } from './audit.checkpoint.ts';
import { canonicalLeafHash } from './audit.entry.ts';
import * as repo from './audit.repository.ts';
import type { TreeCache } from './audit.tree.ts';

export interface SequencerOptions {
  signer: Signer;
  origin: string;
  tree: TreeCache;
  logger: Logger;
  batchSize?: number;
  intervalMs?: number;
  checkpointMs?: number;
  /** When leaves are integrated and checkpoints signed: the app's clock (the system clock if none is given). */
  clock?: Clock;
}

/**
 * Gives queued entries their leaf index in one total order with no gaps,
 * integrates them into the tree, and signs a checkpoint when the tree has grown.
 */
export function createSequencer(database: Database, o: SequencerOptions) {
  const batchSize = o.batchSize ?? 5_000;
  const intervalMs = o.intervalMs ?? 200;
  const checkpointMs = o.checkpointMs ?? 1_000;
  const clock = o.clock ?? systemClock;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let started = false;
  // When this process last tried to sign; -Infinity: never, so its first step signs.
  let lastCheckpointAt = -Infinity;

  /** Sequences one batch. Returns how many entries it integrated and the tree size after. */
  async function sequenceBatch(now = clock.now()): Promise<{ sequenced: number; treeSize: number }> {
    return database.db.transaction().execute(async (trx) => {
      await repo.takeSequencerLock(trx);
      const next = await repo.nextLeafIndex(trx);
      const entries = await repo.claimPending(trx, batchSize);
      const leaves = entries.map((e, i) => ({ leafIndex: next + i, entryId: e.id, leafHash: canonicalLeafHash(e.canonical) }));
      await repo.insertLeaves(trx, leaves, now);
      return { sequenced: leaves.length, treeSize: next + leaves.length };
    });
  }

  /** Signs the current tree if it is larger than the last checkpoint. Never re-signs an old size. */
  async function checkpoint(now = clock.now()): Promise<number | null> {
    return database.db.transaction().execute(async (trx) => {
      await repo.takeSequencerLock(trx);
      const size = await repo.nextLeafIndex(trx);
      const latest = await repo.latestCheckpoint(trx);
      if (latest && latest.treeSize >= size) return null;
      if (!latest && size === 0) return null;
      const tree = await o.tree.ensure(trx, size);
      const c = { origin: o.origin, treeSize: size, rootHash: tree.root(size) };
      await repo.insertCheckpoint(trx, { treeSize: size, rootHash: c.rootHash, note: signCheckpoint(o.signer, c) }, now);
      return size;
    });
  }

  /** Signs if a checkpoint interval has passed since this process last did. */
  async function signIfDue(now: Date): Promise<void> {
    if (now.getTime() - lastCheckpointAt < checkpointMs) return;
    await checkpoint(now);
    lastCheckpointAt = now.getTime();
  }

  /**
   * One turn of the sequencer: signs first, if due, then sequences a batch. Signing first
   * means that leaves sequenced before a pause (a stop, a crash, the database away) get a
   * checkpoint of their own before anything new is sequenced, so no checkpoint covers leaves
   * sequenced further apart than the checkpoint interval: `vigil audit verify` relies on that.
   */
  async function step(now = clock.now()): Promise<{ sequenced: number; treeSize: number }> {
    await signIfDue(now);
    return sequenceBatch(now);
  }

  /** Drains the queue, then signs: what tests and commands call to bring the log up to date. */
  async function catchUp(): Promise<number> {
    let total = 0;
    await checkpoint();
    lastCheckpointAt = clock.now().getTime();
    for (;;) {
      const { sequenced } = await sequenceBatch();
      total += sequenced;
      if (sequenced < batchSize) break;
      // A long drain signs as it goes, as the running sequencer would.
      await signIfDue(clock.now());
    }
    await checkpoint();
    lastCheckpointAt = clock.now().getTime();
    return total;
  }

  async function tick() {
    try {
      const { sequenced } = await step();
      timer = setTimeout(() => (running = tick()), sequenced === batchSize ? 0 : intervalMs);
    } catch (err) {
      // The database may be away; entries wait safely in the queue until it returns.
      o.logger.warn({ err }, 'access log sequencer could not run; will retry');
      timer = setTimeout(() => (running = tick()), Math.max(intervalMs, 1_000));
    }
  }

  return {
    sequenceBatch,
    checkpoint,
    step,
    catchUp,
    start() {
      started = true;
      if (!timer) timer = setTimeout(() => (running = tick()), intervalMs);
    },
    /** Stops, after sequencing what is queued and signing it, so a stopped log has no unsigned tail. */
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
      clearTimeout(timer);
      timer = undefined;
      if (!started) return;
      started = false;
      try {
        await catchUp();
      } catch (err) {
        o.logger.warn({ err }, 'access log sequencer could not sign on stopping; it signs when Vigil next starts');
      }
    },
  };
}

export type Sequencer = ReturnType<typeof createSequencer>;
