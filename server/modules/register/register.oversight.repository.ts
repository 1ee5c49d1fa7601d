import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { readableNominalIds } from './register.access.repository.ts';
import type { Reader } from './register.repository.ts';

type Q = Kysely<DB>;

export interface RecordRow {
  id: string;
  reference: string;
  nominalType: string;
  status: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string | null;
}

/**
 * Records managed by one officer or owned by one unit, among those the reader may read: the same
 * SQL scoping as every list, so an exclusion or restriction hides a record here too. Break-glass
 * grants never widen a list.
 */
export async function listRecords(db: Q, reader: Reader, filter: { managingOfficerId: string } | { owningUnitId: string }, window: { limit: number; offset: number }) {
  const base = () => {
    const q = db.selectFrom('nominal as n').where('n.id', 'in', readableNominalIds(db, reader));
    return 'managingOfficerId' in filter ? q.where('n.managing_officer_id', '=', filter.managingOfficerId) : q.where('n.owning_unit_id', '=', filter.owningUnitId);
  };
  const { total } = await base().select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const items: RecordRow[] = await base()
    .select(['n.id', 'n.reference', 'n.nominal_type as nominalType', 'n.status', 'n.family_name as familyName', 'n.given_names as givenNames', 'n.date_of_birth as dateOfBirth'])
    .orderBy('n.family_name')
    .orderBy('n.given_names')
    .orderBy('n.reference')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return { items, total: Number(total) };
}

/** The access-log entries about one record, newest first, with who acted from which unit. */
export async function recordViews(db: Q, nominalId: string, window: { limit: number; offset: number }) {
  const base = () => db.selectFrom('audit_entry as e').where('e.subject_type', '=', 'nominal').where('e.subject_id', '=', nominalId);
  const { total } = await base().select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const items = await base()
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .leftJoin('unit', 'unit.id', 'e.actor_unit_id')
    .leftJoin('agency', 'agency.id', 'unit.agency_id')
    .select([
      'e.id',
      'e.recorded_at as recordedAt',
      'e.kind',
      'e.action',
      'e.decision',
      'e.break_glass as breakGlass',
      'e.purpose_code as purposeCode',
      'e.purpose_text as purposeText',
      'u.display_name as actorName',
      'u.username as actorUsername',
      'unit.name as unitName',
      'agency.name as agencyName',
    ])
    .orderBy('e.recorded_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return { items, total: Number(total) };
}

export async function nominalHeading(db: Q, id: string) {
  return db.selectFrom('nominal').select(['id', 'reference', 'family_name as familyName', 'given_names as givenNames']).where('id', '=', id).executeTakeFirstOrThrow();
}
