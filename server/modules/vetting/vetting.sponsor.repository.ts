import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApplicationState } from './vetting.states.ts';

type Q = Kysely<DB>;

/** States in which an application is still open: a second one for the same person is refused. */
export const OPEN_STATES: ApplicationState[] = ['sponsored', 'in-progress', 'submitted', 'returned', 'checks', 'refusal-proposed', 'appealed'];

/** An active member of the manager's own unit, or nothing: managers sponsor only their own staff. */
export async function findUnitMember(db: Q, userId: string, unitId: string) {
  return db.selectFrom('app_user').select(['id', 'display_name']).where('id', '=', userId).where('unit_id', '=', unitId).where('status', '=', 'active').executeTakeFirst();
}

/** The person's open application, if they have one. */
export async function openApplicationOf(db: Q, applicantUserId: string) {
  return db.selectFrom('vetting_application').select(['id', 'reference', 'state']).where('applicant_user_id', '=', applicantUserId).where('state', 'in', OPEN_STATES).executeTakeFirst();
}

/**
 * The unit's active staff with their latest application (state only: a manager sees nothing of
 * the answers) and their clearance. Scoped to the unit in SQL.
 */
export async function unitStaff(db: Q, unitId: string, now: Date) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('clearance as c', 'c.user_id', 'u.id')
    .select([
      'u.id',
      'u.display_name as name',
      'c.level as clearanceLevel',
      'c.expires_at as clearanceExpiresAt',
      sql<boolean>`coalesce(c.withdrawn_at is null and c.granted_at <= ${now} and c.expires_at > ${now}, false)`.as('cleared'),
      (eb) =>
        eb
          .selectFrom('vetting_application as a')
          .select(sql<string>`json_build_object('id', a.id, 'reference', a.reference, 'state', a.state, 'level', a.level, 'formDueAt', a.form_due_at)::text`.as('j'))
          .whereRef('a.applicant_user_id', '=', 'u.id')
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('latest'),
    ])
    .where('u.unit_id', '=', unitId)
    .where('u.status', '=', 'active')
    .orderBy('u.display_name')
    .execute();
}

/** The unit's cleared staff and its open sponsorships, counted in SQL. */
export async function unitCounts(db: Q, unitId: string, now: Date) {
  const { rows } = await sql<{ cleared: string; open: string }>`
    select
      (select count(*) from clearance c join app_user u on u.id = c.user_id
        where u.unit_id = ${unitId} and u.status = 'active' and c.withdrawn_at is null and c.granted_at <= ${now} and c.expires_at > ${now}) as cleared,
      (select count(*) from vetting_application a join app_user u on u.id = a.applicant_user_id
        where u.unit_id = ${unitId} and a.state in (${sql.join(OPEN_STATES)})) as open`.execute(db);
  return { cleared: Number(rows[0]!.cleared), open: Number(rows[0]!.open) };
}
