import type { Kysely } from 'kysely';
import type { DB, NominalStatus } from '../../db/schema.ts';

type Q = Kysely<DB>;

export async function recordState(db: Q, id: string, lock = false) {
  let q = db
    .selectFrom('nominal as n')
    .innerJoin('unit', 'unit.id', 'n.owning_unit_id')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .select([
      'n.id',
      'n.reference',
      'n.family_name as familyName',
      'n.given_names as givenNames',
      'n.date_of_birth as dateOfBirth',
      'n.status',
      'n.version',
      'n.owning_unit_id as owningUnitId',
      'n.managing_officer_id as managingOfficerId',
      'n.merged_into_id as mergedIntoId',
      'n.date_of_death as dateOfDeath',
      'unit.name as owningUnitName',
      'agency.id as owningAgencyId',
      'agency.name as owningAgencyName',
    ])
    .where('n.id', '=', id);
  if (lock) q = q.forUpdate('n');
  return q.executeTakeFirst();
}

export type RecordState = NonNullable<Awaited<ReturnType<typeof recordState>>>;

export async function lastChange(db: Q, id: string) {
  return db
    .selectFrom('nominal as n')
    .leftJoin('app_user as u', 'u.id', 'n.updated_by')
    .select(['n.updated_at as updatedAt', 'u.display_name as updatedByName'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function findByReference(db: Q, reference: string) {
  return db.selectFrom('nominal').select('id').where('reference', '=', reference).executeTakeFirst();
}

/** Changes the status at the version read in this transaction, and writes why into the record's history. */
export async function changeStatus(
  db: Q,
  record: { id: string; status: NominalStatus; version: number },
  change: {
    to: NominalStatus;
    reasonCode: DB['nominal_status_change']['reason_code'];
    reasonText: string;
    dateOfDeath?: string | null;
    mergedIntoId?: string | null;
    otherNominalId?: string | null;
    by: string;
    at: Date;
  },
): Promise<boolean> {
  const res = await db
    .updateTable('nominal')
    .set({
      status: change.to,
      version: record.version + 1,
      updated_at: change.at,
      updated_by: change.by,
      ...(change.dateOfDeath !== undefined ? { date_of_death: change.dateOfDeath } : {}),
      merged_into_id: change.mergedIntoId ?? null,
    })
    .where('id', '=', record.id)
    .where('version', '=', record.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('nominal_status_change')
    .values({
      nominal_id: record.id,
      from_status: record.status,
      to_status: change.to,
      reason_code: change.reasonCode,
      reason_text: change.reasonText,
      other_nominal_id: change.otherNominalId ?? null,
      changed_by: change.by,
      changed_at: change.at,
    })
    .execute();
  return true;
}

export async function statusHistory(db: Q, id: string) {
  return db
    .selectFrom('nominal_status_change as c')
    .leftJoin('app_user as u', 'u.id', 'c.changed_by')
    .select(['c.from_status as fromStatus', 'c.to_status as toStatus', 'c.reason_code as reasonCode', 'c.reason_text as reasonText', 'c.changed_at as changedAt', 'u.display_name as changedByName'])
    .where('c.nominal_id', '=', id)
    .orderBy('c.changed_at', 'desc')
    .execute();
}

/** What a merge shows side by side: names and identifiers of one record, and how much it holds. */
export async function mergeSummary(db: Q, id: string) {
  const names = await db.selectFrom('nominal_name').select(['name_type as nameType', 'family_name as familyName', 'given_names as givenNames']).where('nominal_id', '=', id).orderBy('created_at').execute();
  const identifiers = await db.selectFrom('nominal_identifier').select(['kind', 'value']).where('nominal_id', '=', id).orderBy('kind').execute();
  const items = await db.selectFrom('nominal_item').select((eb) => eb.fn.countAll<number>().as('n')).where('nominal_id', '=', id).executeTakeFirstOrThrow();
  const files = await db.selectFrom('nominal_file').select((eb) => eb.fn.countAll<number>().as('n')).where('nominal_id', '=', id).executeTakeFirstOrThrow();
  return { names, identifiers, itemCount: Number(items.n), fileCount: Number(files.n) };
}

export async function isRestricted(db: Q, id: string): Promise<boolean> {
  return !!(await db.selectFrom('nominal_restriction').select('user_id').where('nominal_id', '=', id).limit(1).executeTakeFirst());
}

/**
 * Moves everything the merged record holds to the survivor. Names become aliases; items,
 * their history (keyed by item) and files keep their ids; partner units, exclusions and
 * restrictions are added to the survivor's, and the merged record's owning unit becomes a
 * partner, so nobody loses sight of what they could see before.
 */
export async function moveContent(db: Q, fromId: string, toId: string, toOwningUnitId: string, fromOwningUnitId: string) {
  await db.updateTable('nominal_name').set({ nominal_id: toId, name_type: 'alias' }).where('nominal_id', '=', fromId).where('name_type', '=', 'primary').execute();
  await db.updateTable('nominal_name').set({ nominal_id: toId }).where('nominal_id', '=', fromId).execute();
  await db.updateTable('nominal_identifier').set({ nominal_id: toId }).where('nominal_id', '=', fromId).execute();
  const items = await db.updateTable('nominal_item').set({ nominal_id: toId }).where('nominal_id', '=', fromId).executeTakeFirst();
  const files = await db.updateTable('nominal_file').set({ nominal_id: toId }).where('nominal_id', '=', fromId).executeTakeFirst();

  const relationships = await db.selectFrom('nominal_relationship').select(['unit_id', 'role']).where('nominal_id', '=', fromId).execute();
  const partners = [...relationships, ...(fromOwningUnitId !== toOwningUnitId ? [{ unit_id: fromOwningUnitId, role: 'partner' as const }] : [])].filter((r) => r.unit_id !== toOwningUnitId);
  if (partners.length) {
    await db
      .insertInto('nominal_relationship')
      .values(partners.map((r) => ({ nominal_id: toId, unit_id: r.unit_id, role: r.role })))
      .onConflict((oc) => oc.columns(['nominal_id', 'unit_id']).doNothing())
      .execute();
  }
  await db.deleteFrom('nominal_relationship').where('nominal_id', '=', fromId).execute();

  for (const table of ['nominal_exclusion', 'nominal_restriction'] as const) {
    const rows = await db.selectFrom(table).select(['user_id', 'message']).where('nominal_id', '=', fromId).execute();
    if (rows.length) {
      await db
        .insertInto(table)
        .values(rows.map((r) => ({ nominal_id: toId, user_id: r.user_id, message: r.message })))
        .onConflict((oc) => oc.columns(['nominal_id', 'user_id']).doNothing())
        .execute();
    }
  }
  return { items: Number(items.numUpdatedRows), files: Number(files.numUpdatedRows) };
}

export async function bumpVersion(db: Q, record: { id: string; version: number }, by: string, at: Date): Promise<boolean> {
  const res = await db.updateTable('nominal').set({ version: record.version + 1, updated_at: at, updated_by: by }).where('id', '=', record.id).where('version', '=', record.version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
