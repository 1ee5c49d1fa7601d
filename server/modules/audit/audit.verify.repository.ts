import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { RECORD_ENTRY_PREFIX } from './audit.entry.ts';

type Q = Kysely<DB>;

/** Entries that have no leaf, oldest first, and whether each is queued for the sequencer. */
export async function entriesWithoutLeaf(db: Q, limit: number): Promise<{ id: number; recordedAt: Date; queued: boolean }[]> {
  const { rows } = await sql<{ id: number; recorded_at: Date; queued: boolean }>`
    select e.id, e.recorded_at, exists (select 1 from audit_pending p where p.entry_id = e.id) as queued
    from audit_entry e
    where not exists (select 1 from audit_leaf l where l.entry_id = e.id)
    order by e.id limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), recordedAt: new Date(r.recorded_at), queued: r.queued }));
}

/** The leaves beyond the latest checkpoint (all of them if there is none), if any. */
export async function unsignedLeaves(db: Q): Promise<{ first: number; last: number; oldest: Date } | null> {
  const { rows } = await sql<{ first: number | null; last: number | null; oldest: Date | null }>`
    select min(leaf_index) as first, max(leaf_index) as last, min(sequenced_at) as oldest
    from audit_leaf
    where leaf_index >= (select coalesce(max(tree_size), 0) from audit_checkpoint)`.execute(db);
  const r = rows[0];
  if (!r || r.first === null || r.last === null || r.oldest === null) return null;
  return { first: Number(r.first), last: Number(r.last), oldest: new Date(r.oldest) };
}

export interface CheckpointGap {
  /** The checkpoint's size: it is the first to cover leaves `first` to `size - 1`. */
  size: number;
  first: number;
  from: Date;
  to: Date;
}

/**
 * The first checkpoint whose new leaves (those no smaller checkpoint covers) were sequenced
 * further apart than `allowanceMs`. Only leaves from `audit_gap_rule` on are held to it: before
 * it, the sequencer could sign after a restart what it had sequenced before (migration 0034).
 */
export async function firstWideGap(db: Q, allowanceMs: number): Promise<CheckpointGap | null> {
  const { rows } = await sql<{ size: number; first: number; from: Date; to: Date }>`
    with c as (
      select tree_size, lag(tree_size, 1, 0::bigint) over (order by tree_size) as prev from audit_checkpoint)
    select c.tree_size as size, c.prev as first, min(l.sequenced_at) as "from", max(l.sequenced_at) as "to"
    from c join audit_leaf l on l.leaf_index >= c.prev and l.leaf_index < c.tree_size
    where c.prev >= (select coalesce(min(from_leaf), 0) from audit_gap_rule)
    group by c.tree_size, c.prev
    having extract(epoch from max(l.sequenced_at) - min(l.sequenced_at)) * 1000 > ${allowanceMs}
    order by c.tree_size limit 1`.execute(db);
  const r = rows[0];
  return r ? { size: Number(r.size), first: Number(r.first), from: new Date(r.from), to: new Date(r.to) } : null;
}

/** Queued changes to records (v2 entries), oldest first: later than any entry in the tree. */
export async function queuedRecordEntries(db: Q): Promise<{ id: number; canonical: string }[]> {
  const { rows } = await sql<{ id: number; canonical: string }>`
    select e.id, e.canonical from audit_pending p join audit_entry e on e.id = p.entry_id
    where e.canonical like ${`${RECORD_ENTRY_PREFIX}%`} order by e.id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), canonical: r.canonical }));
}

/** Each record's digest now, and whether it is still in the register. */
export async function currentRecordDigests(db: Q, ids: string[]): Promise<{ id: string; digest: string; present: boolean }[]> {
  const { rows } = await sql<{ id: string; digest: string; present: boolean }>`
    select x.id, audit_record_digest(x.id) as digest,
           exists (select 1 from nominal n where n.id = audit_record_uuid(x.id)) as present
    from unnest(${ids}::text[]) as x(id)`.execute(db);
  return rows;
}

/**
 * For records whose digest did not match: their digest now and the one in their latest
 * logged change, read together in one statement (one snapshot), so that a change made
 * while verify ran is not taken for one made behind the log's back.
 */
export async function recheckRecordDigests(db: Q, ids: string[]): Promise<{ id: string; digest: string; present: boolean; entryId: number | null; logged: string | null }[]> {
  const { rows } = await sql<{ id: string; digest: string; present: boolean; entry_id: number | null; logged: string | null }>`
    select x.id, audit_record_digest(x.id) as digest,
           exists (select 1 from nominal n where n.id = audit_record_uuid(x.id)) as present,
           l.id as entry_id, l.canonical::jsonb ->> 18 as logged
    from unnest(${ids}::text[]) as x(id)
    left join lateral (
      select e.id, e.canonical from audit_entry e
      where e.subject_type = 'nominal' and e.subject_id = x.id and e.canonical like ${`${RECORD_ENTRY_PREFIX}%`}
      order by e.id desc limit 1) l on true
    order by x.id`.execute(db);
  return rows.map((r) => ({ id: r.id, digest: r.digest, present: r.present, entryId: r.entry_id === null ? null : Number(r.entry_id), logged: r.logged }));
}

export async function countRecords(db: Q): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from nominal`.execute(db);
  return Number(rows[0]!.n);
}
