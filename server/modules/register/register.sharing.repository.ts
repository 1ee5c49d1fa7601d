import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;
export type PartnerRole = DB['nominal_relationship']['role'];
export type PersonList = 'nominal_exclusion' | 'nominal_restriction';

/** Everything the record's access page shows: partner units, exclusions and restrictions. */
export async function accessSettings(db: Q, nominalId: string) {
  const nominal = await db
    .selectFrom('nominal as n')
    .innerJoin('unit', 'unit.id', 'n.owning_unit_id')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .innerJoin('app_user as m', 'm.id', 'n.managing_officer_id')
    .select(['n.id', 'n.reference', 'n.family_name as familyName', 'n.given_names as givenNames', 'unit.name as owningUnitName', 'agency.name as owningAgencyName', 'm.id as managingOfficerId', 'm.display_name as managingOfficerName', 'm.username as managingOfficerUsername'])
    .where('n.id', '=', nominalId)
    .executeTakeFirstOrThrow();
  const partners = await db
    .selectFrom('nominal_relationship as r')
    .innerJoin('unit', 'unit.id', 'r.unit_id')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .select(['r.unit_id as unitId', 'r.role', 'r.created_at as createdAt', 'unit.name as unitName', 'agency.name as agencyName'])
    .where('r.nominal_id', '=', nominalId)
    .orderBy('agency.name')
    .orderBy('unit.name')
    .execute();
  const people = (table: PersonList) =>
    db
      .selectFrom(`${table} as x`)
      .innerJoin('app_user as u', 'u.id', 'x.user_id')
      .innerJoin('unit', 'unit.id', 'u.unit_id')
      .select(['x.user_id as userId', 'x.message', 'x.created_at as createdAt', 'u.display_name as displayName', 'u.username', 'unit.name as unitName'])
      .where('x.nominal_id', '=', nominalId)
      .orderBy('u.display_name')
      .execute();
  const exclusions = await people('nominal_exclusion');
  const restrictions = await people('nominal_restriction');
  return { nominal, partners, exclusions, restrictions };
}

export async function partnerRole(db: Q, nominalId: string, unitId: string): Promise<PartnerRole | undefined> {
  const row = await db.selectFrom('nominal_relationship').select('role').where('nominal_id', '=', nominalId).where('unit_id', '=', unitId).executeTakeFirst();
  return row?.role;
}

export async function insertPartner(db: Q, nominalId: string, unitId: string, role: PartnerRole): Promise<void> {
  await db.insertInto('nominal_relationship').values({ nominal_id: nominalId, unit_id: unitId, role }).execute();
}

/** Changes a partner's role only if it is still the one the user saw: no silent overwrite. */
export async function updatePartnerRole(db: Q, nominalId: string, unitId: string, from: PartnerRole, to: PartnerRole): Promise<boolean> {
  const r = await db.updateTable('nominal_relationship').set({ role: to }).where('nominal_id', '=', nominalId).where('unit_id', '=', unitId).where('role', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePartner(db: Q, nominalId: string, unitId: string): Promise<PartnerRole | undefined> {
  const row = await db.deleteFrom('nominal_relationship').where('nominal_id', '=', nominalId).where('unit_id', '=', unitId).returning('role').executeTakeFirst();
  return row?.role;
}

export async function listedUserIds(db: Q, table: PersonList, nominalId: string): Promise<string[]> {
  const rows = await db.selectFrom(table).select('user_id').where('nominal_id', '=', nominalId).execute();
  return rows.map((r) => r.user_id);
}

export async function insertPerson(db: Q, table: PersonList, p: { nominalId: string; userId: string; message: string; by: string; at: Date }): Promise<void> {
  await db.insertInto(table).values({ nominal_id: p.nominalId, user_id: p.userId, message: p.message, created_by: p.by, created_at: p.at }).execute();
}

export async function deletePerson(db: Q, table: PersonList, nominalId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom(table).where('nominal_id', '=', nominalId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** A user named on the access page: by username, active or not (a disabled account may come back). */
export async function userByUsername(db: Q, username: string) {
  return db.selectFrom('app_user').select(['id', 'display_name as displayName', 'username']).where('username', '=', username).executeTakeFirst();
}

export async function userById(db: Q, id: string) {
  return db.selectFrom('app_user').select(['id', 'display_name as displayName', 'username']).where('id', '=', id).executeTakeFirst();
}
