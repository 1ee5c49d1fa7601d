import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
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
}

/**
 * Gives queued entries their leaf index in one total order with no gaps,
 * integrates them into the tree, and signs a checkpoint when the tree has grown.
 */
export function createSequencer(database: Database, o: SequencerOptions) {
  const batchSize = o.batchSize ?? 5_000;
  const intervalMs = o.intervalMs ?? 200;
  const checkpointMs = o.checkpointMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let lastCheckpointAt = 0;

  /** Sequences one batch. Returns how many entries it integrated and the tree size after. */
  async function sequenceBatch(now = new Date()): Promise<{ sequenced: number; treeSize: number }> {
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
  async function checkpoint(now = new Date()): Promise<number | null> {
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

  /** Drains the queue, then signs: what tests and commands call to bring the log up to date. */
  async function catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const { sequenced } = await sequenceBatch();
      total += sequenced;
      if (sequenced < batchSize) break;
    }
    await checkpoint();
    return total;
  }

  async function tick() {
    try {
      const { sequenced } = await sequenceBatch();
      if (Date.now() - lastCheckpointAt >= checkpointMs) {
        lastCheckpointAt = Date.now();
        await checkpoint();
      }
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
    catchUp,
    start() {
      if (!timer) timer = setTimeout(() => (running = tick()), intervalMs);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Sequencer = ReturnType<typeof createSequencer>;
