import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

export interface NewClient {
  name: string;
  tokenHash: string;
  scopes: string[];
  expiresAt: Date;
  actingUserId: string | null;
  createdBy: string | null;
  /** Set when the client needs no one's approval (no acting user, the operator, or the person themselves). */
  approvedAt: Date | null;
  approvedBy: string | null;
}

export async function insertClient(db: Q, c: NewClient): Promise<string> {
  const row = await db
    .insertInto('api_client')
    .values({
      name: c.name,
      token_hash: c.tokenHash,
      scopes: c.scopes,
      expires_at: c.expiresAt,
      acting_user_id: c.actingUserId,
      created_by: c.createdBy,
      approved_at: c.approvedAt,
      approved_by: c.approvedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A client by its token's hash, only while unrevoked and unexpired, with who issued and approved it. */
export async function findLiveClient(db: Q, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_client as c')
    .leftJoin('app_user as creator', 'creator.id', 'c.created_by')
    .leftJoin('app_user as approver', 'approver.id', 'c.approved_by')
    .select([
      'c.id',
      'c.name',
      'c.scopes',
      'c.acting_user_id as actingUserId',
      'c.last_used_at as lastUsedAt',
      'c.approved_at as approvedAt',
      'creator.username as issuedBy',
      'approver.username as approvedBy',
    ])
    .where('c.token_hash', '=', tokenHash)
    .where('c.revoked_at', 'is', null)
    .where('c.expires_at', '>', now)
    .executeTakeFirst();
}

/** Approves a client waiting for approval; false if it was approved or revoked meanwhile. */
export async function approveClient(db: Q, id: string, by: string, at: Date): Promise<boolean> {
  return stampLiveClient(db, id, { approved_at: at, approved_by: by }, 'approved_at');
}

/** Clients that act as this person, newest first: what they are asked to approve, and what acts as them. */
export async function clientsActingAs(db: Q, userId: string) {
  return db
    .selectFrom('api_client as c')
    .leftJoin('app_user as creator', 'creator.id', 'c.created_by')
    .select(['c.id', 'c.name', 'c.scopes', 'c.expires_at as expiresAt', 'c.created_at as createdAt', 'c.approved_at as approvedAt', 'c.revoked_at as revokedAt', 'c.created_by as createdBy', 'creator.display_name as issuedByName'])
    .where('c.acting_user_id', '=', userId)
    .orderBy('c.created_at', 'desc')
    .execute();
}

/** Notes a use, at most once per `every` ms, so that a busy client does not write on every request. */
export async function touchClient(db: Q, id: string, now: Date, everyMs: number): Promise<void> {
  await db
    .updateTable('api_client')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - everyMs))]))
    .execute();
}

export async function clientNameTaken(db: Q, name: string): Promise<boolean> {
  return !!(await db.selectFrom('api_client').select('id').where('name', '=', name).executeTakeFirst());
}

export interface ClientSummary {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: Date;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  actingUserId: string | null;
  actingUserName: string | null;
  actingUsername: string | null;
  createdBy: string | null;
  approvedAt: Date | null;
}

/**
 * Clients that act as a user of the agency (null: every client, for the operator).
 * Scoped in SQL: an administrator never loads another agency's clients.
 */
function clientsQuery(db: Q, agencyId: string | null) {
  let q = db
    .selectFrom('api_client as c')
    .leftJoin('app_user as u', 'u.id', 'c.acting_user_id')
    .leftJoin('unit', 'unit.id', 'u.unit_id')
    .select([
      'c.id',
      'c.name',
      'c.scopes',
      'c.expires_at as expiresAt',
      'c.created_at as createdAt',
      'c.last_used_at as lastUsedAt',
      'c.revoked_at as revokedAt',
      'c.acting_user_id as actingUserId',
      'u.display_name as actingUserName',
      'u.username as actingUsername',
      'c.created_by as createdBy',
      'c.approved_at as approvedAt',
    ]);
  if (agencyId) q = q.where('unit.agency_id', '=', agencyId);
  return q;
}

export async function listClients(db: Q, agencyId: string | null): Promise<ClientSummary[]> {
  return clientsQuery(db, agencyId).orderBy('c.revoked_at', (ob) => ob.desc().nullsFirst()).orderBy('c.name').execute();
}

export async function findClient(db: Q, id: string, agencyId: string | null): Promise<ClientSummary | undefined> {
  return clientsQuery(db, agencyId).where('c.id', '=', id).executeTakeFirst();
}

/** Revokes a live client; false if it was already revoked. */
export async function revokeClient(db: Q, id: string, by: string | null, at: Date): Promise<boolean> {
  return stampLiveClient(db, id, { revoked_at: at, revoked_by: by }, 'revoked_at');
}

/** Sets an approval or a revocation on a client not yet revoked, once: false if that one was set already. */
async function stampLiveClient(db: Q, id: string, stamp: { approved_at: Date; approved_by: string } | { revoked_at: Date; revoked_by: string | null }, once: 'approved_at' | 'revoked_at') {
  const result = await db.updateTable('api_client').set(stamp).where('id', '=', id).where('revoked_at', 'is', null).where(once, 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Active users of the agency (any agency for null) whom a client may act as. */
export async function actingUserCandidates(db: Q, agencyId: string | null) {
  let q = db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name as displayName', 'unit.name as unitName'])
    .where('u.status', '=', 'active');
  if (agencyId) q = q.where('unit.agency_id', '=', agencyId);
  return q.orderBy('u.display_name').execute();
}

/** One active user the client may act as, by id or by username, within the agency (any for null). */
export async function findActingUser(db: Q, by: { id?: string; username?: string }, agencyId: string | null) {
  let q = db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name as displayName'])
    .where('u.status', '=', 'active');
  if (by.id) q = q.where('u.id', '=', by.id);
  else if (by.username) q = q.where('u.username', '=', by.username);
  else return undefined;
  if (agencyId) q = q.where('unit.agency_id', '=', agencyId);
  return q.executeTakeFirst();
}

/** Counts one request in the client's current minute and returns the count so far (a new minute starts at 1). */
export async function countRequest(db: Q, clientId: string, windowStart: Date): Promise<number> {
  const { rows } = await sql<{ requests: number }>`
    insert into api_rate_window (client_id, window_start, requests) values (${clientId}, ${windowStart}, 1)
    on conflict (client_id) do update set
      requests = case when api_rate_window.window_start = excluded.window_start then api_rate_window.requests + 1 else 1 end,
      window_start = excluded.window_start
    returning requests`.execute(db);
  return rows[0]!.requests;
}
