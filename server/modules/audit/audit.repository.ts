import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/schema.ts';
import { canonicalEntry, canonicalRecordPrefix, type AccessLogEntry, type FieldChange } from './audit.entry.ts';

type Q = Kysely<DB>;

export type NewEntry = AccessLogEntry;

/** Appends an entry and queues it for the sequencer, in the caller's transaction. */
// One statement for the entry and its place in the queue: one round trip per access.
const APPEND_ENTRY = `
  with entry as (insert into audit_entry (canonical) values ($1) returning id)
  insert into audit_pending (entry_id) select id from entry returning entry_id as id`;

// The entry of a change to a register record (format v2): the same one statement, which also
// takes the record's digest after the change and ends the entry with it. The digest is taken
// in a subquery the planner keeps apart (offset 0), so it (and the lock it waits for) comes
// before the entry's id is drawn: ids then follow the order in which a record's changes logged.
const APPEND_RECORD_CHANGE = `
  with entry as (
    insert into audit_entry (canonical)
    select $1::text || '"' || d.digest || '"]' from (select audit_change_digest($2::text) as digest offset 0) d
    returning id)
  insert into audit_pending (entry_id) select id from entry returning entry_id as id`;

/**
 * On the transaction's own pg client: the hottest write in Vigil. On a PostgreSQL
 * server it is a named prepared statement (parsed once per connection); the embedded
 * engine gains nothing from that, so there it is a plain query. `recordId`, for a
 * change to a register record, makes it a v2 entry carrying that record's digest.
 */
export async function appendEntry(client: pg.ClientBase, e: NewEntry, prepared: boolean, recordId?: string): Promise<number> {
  const query = recordId
    ? { text: APPEND_RECORD_CHANGE, values: [canonicalRecordPrefix(e), recordId], ...(prepared ? { name: 'vigil_append_access_log_change' } : {}) }
    : { text: APPEND_ENTRY, values: [canonicalEntry(e)], ...(prepared ? { name: 'vigil_append_access_log_entry' } : {}) };
  const { rows } = await client.query<{ id: number }>(query);
  return Number(rows[0]!.id);
}

const entryColumns = [
  'e.id',
  'e.recorded_at',
  'e.kind',
  'e.action',
  'e.actor_user_id',
  'e.actor_unit_id',
  'e.actor_agency_id',
  'e.subject_type',
  'e.subject_id',
  'e.subject_agency_id',
  'e.purpose_code',
  'e.purpose_text',
  'e.recipient',
  'e.decision',
  'e.policy_ids',
  'e.break_glass',
  'e.correlation_id',
  'e.changes',
] as const;

type EntryRow = {
  id: number;
  recorded_at: Date;
  kind: string;
  action: string;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  actor_agency_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  subject_agency_id: string | null;
  purpose_code: string | null;
  purpose_text: string | null;
  recipient: string | null;
  decision: string;
  policy_ids: string[];
  break_glass: boolean;
  correlation_id: string;
  changes: unknown;
};

export function toEntry(r: EntryRow): AccessLogEntry & { id: number } {
  return {
    id: Number(r.id),
    recordedAt: r.recorded_at,
    kind: r.kind as AccessLogEntry['kind'],
    action: r.action,
    actorUserId: r.actor_user_id,
    actorUnitId: r.actor_unit_id,
    actorAgencyId: r.actor_agency_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectAgencyId: r.subject_agency_id,
    purposeCode: r.purpose_code,
    purposeText: r.purpose_text,
    recipient: r.recipient,
    decision: r.decision as AccessLogEntry['decision'],
    policyIds: r.policy_ids ?? [],
    breakGlass: r.break_glass,
    correlationId: r.correlation_id,
    // Stored in the canonical form: [field, old hash, new hash].
    changes: Array.isArray(r.changes)
      ? (r.changes as [string, string | null, string | null][]).map(([field, oldHash, newHash]): FieldChange => ({ field, oldHash, newHash }))
      : null,
  };
}

/** Takes up to `limit` queued entries, oldest first, removing them from the queue. */
export async function claimPending(db: Q, limit: number): Promise<{ id: number; canonical: string }[]> {
  const { rows } = await sql<{ id: number; canonical: string }>`
    with claimed as (
      delete from audit_pending where entry_id in (
        select entry_id from audit_pending order by entry_id limit ${limit} for update skip locked)
      returning entry_id)
    select e.id, e.canonical from audit_entry e join claimed c on c.entry_id = e.id order by e.id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), canonical: r.canonical }));
}

// One sequencer at a time across every Vigil process: each batch takes this lock.
const SEQUENCER_LOCK = 7_351_003;

/** Held until the caller's transaction ends. */
export async function takeSequencerLock(db: Q): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK})`.execute(db);
}

export async function nextLeafIndex(db: Q): Promise<number> {
  const row = await db
    .selectFrom('audit_leaf')
    .select(sql<number>`coalesce(max(leaf_index) + 1, 0)`.as('next'))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function insertLeaves(db: Q, leaves: { leafIndex: number; entryId: number; leafHash: Buffer }[], at: Date) {
  if (!leaves.length) return;
  await db
    .insertInto('audit_leaf')
    .values(leaves.map((l) => ({ leaf_index: l.leafIndex, entry_id: l.entryId, leaf_hash: l.leafHash, sequenced_at: at })))
    .execute();
}

export async function leafHashesFrom(db: Q, fromIndex: number, limit: number): Promise<{ leafIndex: number; leafHash: Buffer }[]> {
  const rows = await db
    .selectFrom('audit_leaf')
    .select(['leaf_index', 'leaf_hash'])
    .where('leaf_index', '>=', fromIndex)
    .orderBy('leaf_index')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ leafIndex: Number(r.leaf_index), leafHash: r.leaf_hash }));
}

export interface LeafPage {
  count: number;
  firstIndex: number | null;
  lastIndex: number | null;
  /** The canonical entries joined by newlines (JSON text never contains a raw newline). */
  canonicals: string;
  /** The stored leaf hashes, 32 bytes each, in order. */
  leafHashes: Buffer;
}

/**
 * A page of leaves with their stored canonical entries, in leaf order, as one
 * row: verification reads a million of them, and per-row overhead would dominate.
 */
export async function leafPage(db: Q, fromIndex: number, limit: number): Promise<LeafPage> {
  const { rows } = await sql<{ n: number; first: number | null; last: number | null; canonicals: string | null; hashes: Buffer | null }>`
    select count(*)::int as n, min(l.leaf_index) as first, max(l.leaf_index) as last,
           string_agg(e.canonical, E'\n' order by l.leaf_index) as canonicals,
           string_agg(l.leaf_hash, ''::bytea order by l.leaf_index) as hashes
    from audit_leaf l join audit_entry e on e.id = l.entry_id
    where l.leaf_index >= ${fromIndex} and l.leaf_index < ${fromIndex + limit}`.execute(db);
  const r = rows[0]!;
  return {
    count: Number(r.n),
    firstIndex: r.first === null ? null : Number(r.first),
    lastIndex: r.last === null ? null : Number(r.last),
    canonicals: r.canonicals ?? '',
    leafHashes: r.hashes ?? Buffer.alloc(0),
  };
}

export async function entryIdAtLeaf(db: Q, leafIndex: number): Promise<number | null> {
  const r = await db.selectFrom('audit_leaf').select('entry_id').where('leaf_index', '=', leafIndex).executeTakeFirst();
  return r ? Number(r.entry_id) : null;
}

export interface CheckpointRow {
  treeSize: number;
  rootHash: Buffer;
  note: string;
  signedAt: Date;
}

export async function latestCheckpoint(db: Q): Promise<CheckpointRow | undefined> {
  const r = await db.selectFrom('audit_checkpoint').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return r && { treeSize: Number(r.tree_size), rootHash: r.root_hash, note: r.note, signedAt: r.signed_at };
}

export async function allCheckpoints(db: Q): Promise<CheckpointRow[]> {
  const rows = await db.selectFrom('audit_checkpoint').selectAll().orderBy('tree_size').execute();
  return rows.map((r) => ({ treeSize: Number(r.tree_size), rootHash: r.root_hash, note: r.note, signedAt: r.signed_at }));
}

export async function insertCheckpoint(db: Q, c: Omit<CheckpointRow, 'signedAt'>, at: Date): Promise<void> {
  await db.insertInto('audit_checkpoint').values({ tree_size: c.treeSize, root_hash: c.rootHash, note: c.note, signed_at: at }).execute();
}


export interface LogFilters {
  /**
   * A data protection officer's agency: entries whose actor belongs to it or whose subject it holds,
   * and entries that name no agency at all (the operator's commands, sign-ins with an unknown name).
   */
  agencyId?: string;
  actorUserId?: string;
  subjectType?: string;
  subjectId?: string;
  kind?: string;
  action?: string;
  purposeCode?: string;
  from?: Date;
  to?: Date;
  breakGlass?: boolean;
}

// The actor's agency as the entry recorded it, or (for entries written before anyone was signed in,
// such as a sign-in) the agency of the account it names.
const agencyScope = (agencyId: string) =>
  sql<boolean>`(coalesce(e.actor_agency_id, au.agency_id) = ${agencyId} or e.subject_agency_id = ${agencyId}
    or (coalesce(e.actor_agency_id, au.agency_id) is null and e.subject_agency_id is null))`;

/** The log, newest first, filtered in SQL, with the actor's name for people reading it. */
export async function searchEntries(db: Q, f: LogFilters, limit: number, offset = 0) {
  let q = db
    .selectFrom('audit_entry as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .leftJoin('unit as au', 'au.id', 'u.unit_id')
    .leftJoin('audit_leaf as l', 'l.entry_id', 'e.id')
    .select([...entryColumns, 'u.username as actor_username', 'u.display_name as actor_name', 'l.leaf_index']);
  if (f.agencyId) q = q.where(agencyScope(f.agencyId));
  if (f.actorUserId) q = q.where('e.actor_user_id', '=', f.actorUserId);
  if (f.subjectType) q = q.where('e.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('e.subject_id', '=', f.subjectId);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.action) q = q.where('e.action', '=', f.action);
  if (f.purposeCode) q = q.where('e.purpose_code', '=', f.purposeCode);
  if (f.from) q = q.where('e.recorded_at', '>=', f.from);
  if (f.to) q = q.where('e.recorded_at', '<', f.to);
  if (f.breakGlass !== undefined) q = q.where('e.break_glass', '=', f.breakGlass);
  const rows = await q.orderBy('e.id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => ({
    ...toEntry(r as unknown as EntryRow),
    actorUsername: r.actor_username,
    actorName: r.actor_name,
    leafIndex: r.leaf_index === null ? null : Number(r.leaf_index),
  }));
}

/** Entries about a user's own account: their sign-ins and every change made to it, by anyone. */
export async function accountActivity(db: Q, userId: string, limit: number) {
  return searchEntries(db, { subjectType: 'user', subjectId: userId }, limit);
}

export interface VolumeAnomaly {
  userId: string;
  username: string;
  count: number;
  mean: number;
  stddev: number;
}

/** Users whose consultations in the window exceed the mean of all users by `sigmas` standard deviations (and `floor`). */
export async function unusualVolume(db: Q, since: Date, sigmas: number, floor: number, agencyId?: string): Promise<VolumeAnomaly[]> {
  // The mean is everyone's (a fair yardstick); the people listed are the agency's own staff.
  const { rows } = await sql<{ user_id: string; username: string; n: number; mean: number; sd: number }>`
    with per_user as (
      select actor_user_id as user_id, min(actor_agency_id::text) as agency_id, count(*)::int as n from audit_entry
      where kind = 'consultation' and recorded_at >= ${since} and actor_user_id is not null
      group by actor_user_id),
    stats as (select avg(n)::float8 as mean, coalesce(stddev_pop(n), 0)::float8 as sd from per_user)
    select p.user_id, u.username, p.n, s.mean, s.sd from per_user p cross join stats s
    join app_user u on u.id = p.user_id
    where p.n >= ${floor} and p.n > s.mean + ${sigmas} * s.sd and (${agencyId ?? null}::text is null or p.agency_id = ${agencyId ?? null}::text)
    order by p.n desc limit 100`.execute(db);
  return rows.map((r) => ({ userId: r.user_id, username: r.username, count: r.n, mean: r.mean, stddev: r.sd }));
}

/** Consultations of subjects held by another agency than the viewer's own. */
export async function outsideOwnArea(db: Q, since: Date, agencyId?: string) {
  const { rows } = await sql<{ user_id: string; username: string; n: number }>`
    select e.actor_user_id as user_id, u.username, count(*)::int as n from audit_entry e
    join app_user u on u.id = e.actor_user_id
    where e.kind = 'consultation' and e.recorded_at >= ${since}
      and e.subject_agency_id is not null and e.subject_agency_id <> e.actor_agency_id
      and (${agencyId ?? null}::uuid is null or e.actor_agency_id = ${agencyId ?? null}::uuid or e.subject_agency_id = ${agencyId ?? null}::uuid)
    group by e.actor_user_id, u.username order by n desc limit 100`.execute(db);
  return rows.map((r) => ({ userId: r.user_id, username: r.username, count: r.n }));
}

export async function breakGlassUse(db: Q, since: Date, limit: number, agencyId?: string) {
  return searchEntries(db, { from: since, breakGlass: true, agencyId }, limit);
}
