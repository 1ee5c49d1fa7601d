import type { Database } from '../../db/database.ts';
import { CheckpointError, openCheckpoint } from './audit.checkpoint.ts';
import { canonicalLeafHash } from './audit.entry.ts';
import { RootAccumulator, toHex } from './audit.merkle.ts';
import * as repo from './audit.repository.ts';
import { checkRecords, RecordDigests } from './audit.verify.records.ts';
import * as checks from './audit.verify.repository.ts';

const PAGE = 20_000;
const AHEAD = 3;
/** Entries without a leaf looked at: enough to name the first and count those waiting. */
const LEAFLESS_LIMIT = 10_000;
/**
 * On top of the checkpoint interval: how late the sequencer may sign and still be on time
 * (a slow batch, a busy machine, clocks of several servers a little apart). Docs/audit.md.
 */
export const SIGNING_MARGIN_MS = 60_000;

export type VerifyResult =
  | {
      ok: true;
      entries: number;
      root: string;
      latestCheckpoint: number;
      /** Entries queued for the sequencer within the allowance: checked once sequenced. */
      waiting: number;
      /** Register records whose data matched their last logged change, and those with no digest to compare. */
      records: { checked: number; notCovered: number };
    }
  | { ok: false; problem: string };

export interface VerifyOptions {
  /** The time of the check: the newest leaves may wait this close to it for their checkpoint. */
  now: Date;
  /** AUDIT_CHECKPOINT_SECONDS in milliseconds: the most the log has been run with. */
  checkpointMs?: number;
  onProgress?: (n: number) => void;
}

const fail = (problem: string): VerifyResult => ({ ok: false, problem });

/** "45 seconds", "3 minutes", "2 hours", "4 days": how a person says a delay. */
export function sayDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [n, unit] = s < 120 ? [s, 'second'] : s < 7_200 ? [Math.round(s / 60), 'minute'] : s < 172_800 ? [Math.round(s / 3_600), 'hour'] : [Math.round(s / 86_400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Recomputes the tree from the stored entries (their canonical text, not the stored hashes),
 * checks every checkpoint's root and signature, that no checkpoint the sequencer would have
 * signed is missing, that every entry has its leaf, and that every register record's data
 * matches the digest logged with its last change. Reports the first thing that does not match.
 * The next page is fetched while this one is hashed, and the other checks run in the
 * database meanwhile.
 */
export async function verifyLog(database: Database, key: { keyName: string; publicKey: Buffer }, options: VerifyOptions): Promise<VerifyResult> {
  const allowanceMs = (options.checkpointMs ?? 1_000) + SIGNING_MARGIN_MS;
  const db = database.db;
  const checkpoints = await repo.allCheckpoints(db);
  const settled = <T>(p: Promise<T>) => (p.catch(() => {}), p);
  const leafless = settled(checks.entriesWithoutLeaf(db, LEAFLESS_LIMIT));
  const unsigned = settled(checks.unsignedLeaves(db));
  const gap = settled(checks.firstWideGap(db, allowanceMs));
  const records = new RecordDigests();

  const acc = new RootAccumulator();
  let c = 0;
  const checkAt = (size: number): VerifyResult | null => {
    while (c < checkpoints.length && checkpoints[c]!.treeSize === size) {
      const cp = checkpoints[c]!;
      let opened;
      try {
        opened = openCheckpoint(cp.note, key.keyName, key.publicKey);
      } catch (e) {
        return fail(`checkpoint at size ${cp.treeSize}: ${(e as CheckpointError).message}`);
      }
      if (opened.treeSize !== cp.treeSize || !opened.rootHash.equals(cp.rootHash)) {
        return fail(`checkpoint at size ${cp.treeSize}: its signed note does not match its stored size and root`);
      }
      if (!acc.root().equals(cp.rootHash)) {
        return fail(`checkpoint at size ${cp.treeSize}: the root recomputed from the entries does not match the signed root`);
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
    ahead.push(settled(repo.leafPage(db, requested, PAGE)));
    requested += PAGE;
  };
  for (let i = 0; i < AHEAD; i++) request();
  for (let from = 0; ; from += PAGE) {
    const page = await ahead.shift()!;
    if (page.count === PAGE) request();
    if (page.count && (page.firstIndex !== from || page.lastIndex !== from + page.count - 1)) {
      return fail(`leaves are missing between ${from} and ${page.lastIndex}`);
    }
    const canonicals = page.count ? page.canonicals.split('\n') : [];
    for (let i = 0; i < canonicals.length; i++) {
      const canonical = canonicals[i]!;
      const recomputed = canonicalLeafHash(canonical);
      if (!recomputed.equals(page.leafHashes.subarray(i * 32, i * 32 + 32))) {
        const index = from + i;
        const entryId = await repo.entryIdAtLeaf(db, index);
        return fail(`entry ${entryId} (leaf ${index}) does not match its leaf hash: it was changed after it was logged`);
      }
      records.see(canonical);
      acc.push(recomputed);
      const bad = checkAt(acc.size);
      if (bad) return bad;
    }
    options.onProgress?.(acc.size);
    if (page.count < PAGE) break;
  }
  if (c < checkpoints.length) {
    return fail(`checkpoint at size ${checkpoints[c]!.treeSize} is larger than the log (${acc.size} leaves): entries are missing`);
  }

  // Every entry is in the tree, or queued for it a moment ago.
  const now = options.now.getTime();
  let waiting = 0;
  for (const e of await leafless) {
    if (!e.queued) return fail(`entry ${e.id} has no leaf in the tree and is not queued for one: it was written outside Vigil, or its leaf was removed`);
    if (now - e.recordedAt.getTime() > allowanceMs) {
      return fail(`entry ${e.id} was logged ${sayDuration(now - e.recordedAt.getTime())} ago and still waits for the sequencer, which is not running: start Vigil so that it sequences and signs it, then verify again`);
    }
    waiting++;
  }

  // The sequencer signs within its interval of sequencing: older leaves with no checkpoint, or
  // a checkpoint covering leaves sequenced further apart, mean checkpoints were deleted.
  const tail = await unsigned;
  if (tail && now - tail.oldest.getTime() > allowanceMs) {
    return fail(
      `leaves ${tail.first} to ${tail.last} are in no signed checkpoint, yet the oldest was sequenced ${sayDuration(now - tail.oldest.getTime())} ago and the sequencer signs within ${sayDuration(allowanceMs)}: checkpoints were deleted, or Vigil stopped before signing (start it, let it sign, and verify again)`,
    );
  }
  const wide = await gap;
  if (wide) {
    return fail(
      `the checkpoint at size ${wide.size} is the first to cover leaves ${wide.first} to ${wide.size - 1}, which were sequenced over ${sayDuration(wide.to.getTime() - wide.from.getTime())}, yet the sequencer signs within ${sayDuration(allowanceMs)}: the checkpoints between them were deleted and the log signed again`,
    );
  }

  const recordCheck = await checkRecords(db, records);
  if (!recordCheck.ok) return recordCheck;
  return {
    ok: true,
    entries: acc.size,
    root: toHex(acc.root()),
    latestCheckpoint: checkpoints.at(-1)?.treeSize ?? 0,
    waiting,
    records: { checked: recordCheck.checked, notCovered: recordCheck.notCovered },
  };
}
