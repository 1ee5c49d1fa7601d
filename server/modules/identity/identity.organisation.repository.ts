import type { Kysely } from 'kysely';
import type { Agency, DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

export interface UnitOption {
  id: string;
  code: string;
  name: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
}

function unitQuery(db: Q) {
  return db
    .selectFrom('unit')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .select([
      'unit.id',
      'unit.code',
      'unit.name',
      'agency.id as agencyId',
      'agency.code as agencyCode',
      'agency.name as agencyName',
    ]);
}

export async function listUnits(db: Q, agencyId?: string): Promise<UnitOption[]> {
  let q = unitQuery(db).orderBy('agency.name').orderBy('unit.name');
  if (agencyId) q = q.where('agency.id', '=', agencyId);
  return q.execute();
}

export async function findUnitByCodes(db: Q, agencyCode: string, unitCode: string): Promise<UnitOption | undefined> {
  return unitQuery(db).where('agency.code', '=', agencyCode).where('unit.code', '=', unitCode).executeTakeFirst();
}

export async function findUnit(db: Q, id: string): Promise<UnitOption | undefined> {
  return unitQuery(db).where('unit.id', '=', id).executeTakeFirst();
}

export async function upsertAgency(db: Q, a: Pick<Agency, 'code' | 'name' | 'kind'>): Promise<string> {
  const row = await db
    .insertInto('agency')
    .values(a)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: a.name, kind: a.kind }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertUnit(db: Q, agencyId: string, code: string, name: string): Promise<string> {
  const row = await db
    .insertInto('unit')
    .values({ agency_id: agencyId, code, name })
    .onConflict((oc) => oc.columns(['agency_id', 'code']).doUpdateSet({ name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
