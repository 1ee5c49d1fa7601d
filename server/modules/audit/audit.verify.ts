import type { Database } from '../../db/database.ts';
import { CheckpointError, openCheckpoint } from './audit.checkpoint.ts';
import { entryLeafHash } from './audit.entry.ts';
import { RootAccumulator, toHex } from './audit.merkle.ts';
import * as repo from './audit.repository.ts';

const PAGE = 20_000;

export type VerifyResult =
  | { ok: true; entries: number; root: string; latestCheckpoint: number }
  | { ok: false; problem: string };

/**
 * Recomputes the tree from the stored entries (not from the stored hashes),
 * and checks every checkpoint's root and signature. Reports the first thing
 * that does not match.
 */
export async function verifyLog(database: Database, key: { keyName: string; publicKey: Buffer }, onProgress?: (n: number) => void): Promise<VerifyResult> {
  const checkpoints = await repo.allCheckpoints(database.db);
  const acc = new RootAccumulator();
  let c = 0;
  const checkAt = (size: number): VerifyResult | null => {
    while (c < checkpoints.length && checkpoints[c]!.treeSize === size) {
      const cp = checkpoints[c]!;
      let opened;
      try {
        opened = openCheckpoint(cp.note, key.keyName, key.publicKey);
      } catch (e) {
        return { ok: false, problem: `checkpoint at size ${cp.treeSize}: ${(e as CheckpointError).message}` };
      }
      if (opened.treeSize !== cp.treeSize || !opened.rootHash.equals(cp.rootHash)) {
        return { ok: false, problem: `checkpoint at size ${cp.treeSize}: its signed note does not match its stored size and root` };
      }
      if (!acc.root().equals(cp.rootHash)) {
        return { ok: false, problem: `checkpoint at size ${cp.treeSize}: the root recomputed from the entries does not match the signed root` };
      }
      c++;
    }
    return null;
  };
  const first = checkAt(0);
  if (first) return first;
  for (let from = 0; ; from += PAGE) {
    const rows = await repo.leavesWithEntries(database.db, from, PAGE);
    for (const r of rows) {
      if (r.leafIndex !== acc.size) return { ok: false, problem: `leaf ${acc.size} is missing (next stored leaf is ${r.leafIndex})` };
      const recomputed = entryLeafHash(r.entry);
      if (!recomputed.equals(r.leafHash)) {
        return { ok: false, problem: `entry ${r.entry.id} (leaf ${r.leafIndex}) does not match its leaf hash: it was changed after it was logged` };
      }
      acc.push(recomputed);
      const bad = checkAt(acc.size);
      if (bad) return bad;
    }
    onProgress?.(acc.size);
    if (rows.length < PAGE) break;
  }
  if (c < checkpoints.length) {
    return { ok: false, problem: `checkpoint at size ${checkpoints[c]!.treeSize} is larger than the log (${acc.size} leaves): entries are missing` };
  }
  return { ok: true, entries: acc.size, root: toHex(acc.root()), latestCheckpoint: checkpoints.at(-1)?.treeSize ?? 0 };
}
