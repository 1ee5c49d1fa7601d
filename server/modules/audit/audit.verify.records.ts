import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { RECORD_ENTRY_PREFIX } from './audit.entry.ts';
import * as repo from './audit.verify.repository.ts';

const CHUNK = 5_000;

/**
 * The digest each register record had after its last logged change, gathered while verify
 * walks the log: only v2 entries (changes to records) are parsed, so the walk over a log of
 * views stays a prefix comparison per entry.
 */
export class RecordDigests {
  /** Record id -> digest in its latest change seen so far (in log order). */
  readonly latest = new Map<string, string>();

  see(canonical: string): void {
    if (!canonical.startsWith(RECORD_ENTRY_PREFIX)) return;
    const fields = JSON.parse(canonical) as unknown[];
    if (fields[7] === 'nominal' && typeof fields[8] === 'string' && typeof fields[18] === 'string') this.latest.set(fields[8], fields[18]);
  }
}

export type RecordCheck = { ok: true; checked: number; notCovered: number } | { ok: false; problem: string };

/**
 * Compares every record's data now with the digest logged with its last change. Records
 * whose last change predates digests (or that no logged change ever touched) are counted
 * as not covered: nothing to compare them with, which is not in itself a sign of tampering.
 */
export async function checkRecords(db: Kysely<DB>, seen: RecordDigests): Promise<RecordCheck> {
  // Changes still queued for the sequencer are later than any in the tree.
  for (const e of await repo.queuedRecordEntries(db)) seen.see(e.canonical);
  const ids = [...seen.latest.keys()];
  const suspects: string[] = [];
  let checked = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const r of await repo.currentRecordDigests(db, ids.slice(i, i + CHUNK))) {
      if (r.digest !== seen.latest.get(r.id)) suspects.push(r.id);
      else if (r.present) checked++;
    }
  }
  const records = await repo.countRecords(db);
  const failures: { id: string; entryId: number | null; present: boolean }[] = [];
  for (let i = 0; i < suspects.length; i += CHUNK) {
    for (const r of await repo.recheckRecordDigests(db, suspects.slice(i, i + CHUNK))) {
      if (r.logged !== null && r.logged !== r.digest) failures.push(r);
      else if (r.present && r.logged !== null) checked++;
    }
  }
  const first = failures[0];
  if (!first) return { ok: true, checked, notCovered: Math.max(0, records - checked) };
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more ${failures.length === 2 ? 'record' : 'records'})` : '';
  const problem = first.present
    ? `record ${first.id}: its data does not match the digest logged with its last change (entry ${first.entryId}): it was changed outside Vigil${more}`
    : `record ${first.id}: it is no longer in the register, yet its last change (entry ${first.entryId}) left it there: it was deleted outside Vigil${more}`;
  return { ok: false, problem };
}
