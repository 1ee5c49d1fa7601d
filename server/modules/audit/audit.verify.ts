import type { Database } from '../../db/database.ts';
import { CheckpointError, openCheckpoint } from './audit.checkpoint.ts';
import { canonicalLeafHash } from './audit.entry.ts';
import { RootAccumulator, toHex } from './audit.merkle.ts';
import * as repo from './audit.repository.ts';

const PAGE = 20_000;
const AHEAD = 3;

export type VerifyResult =
  | { ok: true; entries: number; root: string; latestCheckpoint: number }
  | { ok: false; problem: string };

/**
 * Recomputes the tree from the stored entries (their canonical text, not the
 * stored hashes), and checks every checkpoint's root and signature. Reports the
 * first thing that does not match. The next page is fetched while this one is
 * hashed, so the database and the hashing run side by side.
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
  // Pages are fetched AHEAD at a time, so the database works while this process hashes.
  const ahead: Promise<repo.LeafPage>[] = [];
  let requested = 0;
  const request = () => {
    ahead.push(repo.leafPage(database.db, requested, PAGE));
    ahead.at(-1)!.catch(() => {});
    requested += PAGE;
  };
  for (let i = 0; i < AHEAD; i++) request();
  for (let from = 0; ; from += PAGE) {
    const page = await ahead.shift()!;
    if (page.count === PAGE) request();
    if (page.count && (page.firstIndex !== from || page.lastIndex !== from + page.count - 1)) {
      return { ok: false, problem: `leaves are missing between ${from} and ${page.lastIndex}` };
    }
    const canonicals = page.count ? page.canonicals.split('\n') : [];
    for (let i = 0; i < canonicals.length; i++) {
      const recomputed = canonicalLeafHash(canonicals[i]!);
      if (!recomputed.equals(page.leafHashes.subarray(i * 32, i * 32 + 32))) {
        const index = from + i;
        const entryId = await repo.entryIdAtLeaf(database.db, index);
        return { ok: false, problem: `entry ${entryId} (leaf ${index}) does not match its leaf hash: it was changed after it was logged` };
      }
      acc.push(recomputed);
      const bad = checkAt(acc.size);
      if (bad) return bad;
    }
    onProgress?.(acc.size);
    if (page.count < PAGE) break;
  }
  if (c < checkpoints.length) {
    return { ok: false, problem: `checkpoint at size ${checkpoints[c]!.treeSize} is larger than the log (${acc.size} leaves): entries are missing` };
  }
  return { ok: true, entries: acc.size, root: toHex(acc.root()), latestCheckpoint: checkpoints.at(-1)?.treeSize ?? 0 };
}
