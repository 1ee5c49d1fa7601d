import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { readableNominalIds } from './register.access.repository.ts';
import type { Reader } from './register.repository.ts';

type Q = Kysely<DB>;

export interface TransferRow {
  id: string;
  nominalId: string;
  fromUnitId: string;
  toUnitId: string;
  fromUnitName: string;
  toUnitName: string;
  fromAgencyName: string;
  toAgencyName: string;
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  status: 'pending' | 'accepted' | 'rejected';
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  newManagerName: string | null;
  grantedViewOnly: boolean;
  escalatedAt: Date | null;
  version: number;
  reference: string;
}

function transferQuery(db: Q) {
  return db
    .selectFrom('nominal_transfer as t')
    .innerJoin('nominal as n', 'n.id', 't.nominal_id')
    .innerJoin('unit as fu', 'fu.id', 't.from_unit_id')
    .innerJoin('agency as fa', 'fa.id', 'fu.agency_id')
    .innerJoin('unit as tu', 'tu.id', 't.to_unit_id')
    .innerJoin('agency as ta', 'ta.id', 'tu.agency_id')
    .innerJoin('app_user as rq', 'rq.id', 't.requested_by')
    .leftJoin('app_user as dc', 'dc.id', 't.decided_by')
    .leftJoin('app_user as nm', 'nm.id', 't.new_manager_id')
    .select([
      't.id',
      't.nominal_id as nominalId',
      't.from_unit_id as fromUnitId',
      't.to_unit_id as toUnitId',
      'fu.name as fromUnitName',
      'tu.name as toUnitName',
      'fa.name as fromAgencyName',
      'ta.name as toAgencyName',
      't.reason',
      't.requested_by as requestedBy',
      'rq.display_name as requestedByName',
      't.requested_at as requestedAt',
      't.status',
      'dc.display_name as decidedByName',
      't.decided_at as decidedAt',
      't.decision_reason as decisionReason',
      'nm.display_name as newManagerName',
      't.granted_view_only as grantedViewOnly',
      't.escalated_at as escalatedAt',
      't.version',
      'n.reference',
    ]);
}

export async function findTransfer(db: Q, id: string, lock = false): Promise<TransferRow | undefined> {
  if (lock) await db.selectFrom('nominal_transfer').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return transferQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function pendingTransferOf(db: Q, nominalId: string): Promise<TransferRow | undefined> {
  return transferQuery(db).where('t.nominal_id', '=', nominalId).where('t.status', '=', 'pending').executeTakeFirst();
}

/**
 * The transfers into and out of the reader's unit. The person's name is shown
 * only where the reader may read the record now (decided in SQL, as every list).
 */
export async function transfersOfUnit(db: Q, reader: Reader) {
  return transferQuery(db)
    .select((eb) => [
      eb.case().when('n.id', 'in', readableNominalIds(db, reader)).then(sql<string>`upper(n.family_name) || ', ' || n.given_names`).else(sql<null>`null`).end().as('name'),
    ])
    .where((eb) => eb.or([eb('t.to_unit_id', '=', reader.unitId), eb('t.from_unit_id', '=', reader.unitId)]))
    .orderBy(sql`t.status = 'pending'`, 'desc')
    .orderBy('t.requested_at', 'desc')
    .limit(200)
    .execute();
}

export async function insertTransfer(
  db: Q,
  t: { nominalId: string; fromUnitId: string; toUnitId: string; reason: string; requestedBy: string; requestedAt: Date; grantedViewOnly: boolean },
): Promise<string> {
  const row = await db
    .insertInto('nominal_transfer')
    .values({
      nominal_id: t.nominalId,
      from_unit_id: t.fromUnitId,
      to_unit_id: t.toUnitId,
      reason: t.reason,
      requested_by: t.requestedBy,
      requested_at: t.requestedAt,
      granted_view_only: t.grantedViewOnly,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Decides a pending transfer at the version the form showed; false if it was already decided or changed. */
export async function decideTransfer(
  db: Q,
  id: string,
  version: number,
  d: { status: 'accepted' | 'rejected'; decidedBy: string; decidedAt: Date; reason: string | null; newManagerId: string | null },
): Promise<boolean> {
  const res = await db
    .updateTable('nominal_transfer')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAt, decision_reason: d.reason, new_manager_id: d.newManagerId, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function relationshipOf(db: Q, nominalId: string, unitId: string) {
  return db.selectFrom('nominal_relationship').select('role').where('nominal_id', '=', nominalId).where('unit_id', '=', unitId).executeTakeFirst();
}

export async function addRelationship(db: Q, nominalId: string, unitId: string, role: DB['nominal_relationship']['role']) {
  await db
    .insertInto('nominal_relationship')
    .values({ nominal_id: nominalId, unit_id: unitId, role })
    .onConflict((oc) => oc.columns(['nominal_id', 'unit_id']).doUpdateSet({ role }))
    .execute();
}

export async function removeRelationship(db: Q, nominalId: string, unitId: string, onlyRole?: DB['nominal_relationship']['role']) {
  let q = db.deleteFrom('nominal_relationship').where('nominal_id', '=', nominalId).where('unit_id', '=', unitId);
  if (onlyRole) q = q.where('role', '=', onlyRole);
  await q.execute();
}

/** Moves the record to its new owner, at the version read in this transaction. */
export async function changeOwner(db: Q, nominalId: string, version: number, owner: { unitId: string; managerId: string; by: string; at: Date }): Promise<boolean> {
  const res = await db
    .updateTable('nominal')
    .set({ owning_unit_id: owner.unitId, managing_officer_id: owner.managerId, version: version + 1, updated_at: owner.at, updated_by: owner.by })
    .where('id', '=', nominalId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Active users of a unit who can manage a record: practitioners and managers. */
export async function possibleManagers(db: Q, unitId: string) {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name as displayName'])
    .where('u.unit_id', '=', unitId)
    .where('u.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('user_role as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', 'in', ['practitioner', 'manager'])))
    .orderBy('u.display_name')
    .execute();
}

/** Active managers of the given units, to be told about a transfer. */
export async function managersOf(db: Q, unitIds: string[]) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.unit_id as unitId'])
    .where('u.unit_id', 'in', unitIds)
    .where('u.status', '=', 'active')
    .where('r.role', '=', 'manager')
    .execute();
}

/**
 * Pending transfers requested before the cut-off and not yet escalated, locked so that
 * two servers running the job at once escalate each transfer once.
 */
export async function claimOverdue(db: Q, before: Date, limit = 500) {
  return db
    .selectFrom('nominal_transfer')
    .select(['id', 'nominal_id as nominalId', 'from_unit_id as fromUnitId', 'to_unit_id as toUnitId'])
    .where('status', '=', 'pending')
    .where('escalated_at', 'is', null)
    .where('requested_at', '<=', before)
    .orderBy('requested_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markEscalated(db: Q, id: string, at: Date) {
  await db.updateTable('nominal_transfer').set({ escalated_at: at }).where('id', '=', id).execute();
}
