import { sql, type Kysely } from 'kysely';
import type { DB, VettingOverrideOutcomeTable } from '../../db/schema.ts';

type Q = Kysely<DB>;

export async function insertOverride(db: Q, o: { applicationId: string; authoriserUserId: string; riskAssessment: string; conditions: string; reviewOn: string; clearanceExpiresAt: Date; at: Date }): Promise<string> {
  const row = await db
    .insertInto('vetting_override')
    .values({ application_id: o.applicationId, authoriser_user_id: o.authoriserUserId, risk_assessment: o.riskAssessment, conditions: o.conditions, review_on: o.reviewOn, clearance_expires_at: o.clearanceExpiresAt, decided_at: o.at })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new Error('override-exists');
  return row.id;
}

export async function overrideOfApplication(db: Q, applicationId: string) {
  return db.selectFrom('vetting_override').select(['id', 'conditions', 'review_on', 'clearance_expires_at', 'decided_at']).where('application_id', '=', applicationId).executeTakeFirst();
}

/** The clearance from an override ends no later than its review date: tightens the row grantClearance wrote. */
export async function limitClearance(db: Q, c: { userId: string; applicationId: string; expiresAt: Date }) {
  await db.updateTable('clearance').set({ expires_at: c.expiresAt }).where('user_id', '=', c.userId).where('application_id', '=', c.applicationId).where('expires_at', '>', c.expiresAt).execute();
}

const listed = (db: Q) =>
  db
    .selectFrom('vetting_override as o')
    .innerJoin('vetting_application as a', 'a.id', 'o.application_id')
    .innerJoin('app_user as applicant', 'applicant.id', 'a.applicant_user_id')
    .innerJoin('app_user as authoriser', 'authoriser.id', 'o.authoriser_user_id')
    .select(['o.id', 'o.application_id', 'o.risk_assessment', 'o.conditions', 'o.review_on', 'o.clearance_expires_at', 'o.decided_at', 'a.reference', 'a.level', 'a.applicant_user_id', 'applicant.display_name as applicant_name', 'authoriser.display_name as authoriser_name'])
    .select((eb) => eb.selectFrom('vetting_override_outcome as x').select(sql<number>`count(*)::int`.as('n')).whereRef('x.override_id', '=', 'o.id').as('adverse_outcomes'));

/** Every override but those on the reader's own application (scoped in SQL), newest first. */
export async function listOverrides(db: Q, readerUserId: string) {
  return listed(db).where('a.applicant_user_id', '<>', readerUserId).orderBy('o.decided_at', 'desc').limit(2000).execute();
}

export async function findOverride(db: Q, id: string) {
  return listed(db).where('o.id', '=', id).executeTakeFirst();
}
export type OverrideRow = NonNullable<Awaited<ReturnType<typeof findOverride>>>;

export async function outcomesOf(db: Q, overrideId: string) {
  return db
    .selectFrom('vetting_override_outcome as x')
    .innerJoin('app_user as u', 'u.id', 'x.recorded_by')
    .select(['x.id', 'x.kind', 'x.occurred_on', 'x.description', 'x.recorded_at', 'u.display_name as recorded_by_name'])
    .where('x.override_id', '=', overrideId)
    .orderBy('x.occurred_on')
    .execute();
}

export async function insertOutcome(db: Q, o: { overrideId: string; kind: VettingOverrideOutcomeTable['kind']; occurredOn: string; description: string; userId: string; at: Date }) {
  await db.insertInto('vetting_override_outcome').values({ override_id: o.overrideId, kind: o.kind, occurred_on: o.occurredOn, description: o.description, recorded_by: o.userId, recorded_at: o.at }).execute();
}

/**
 * The vetting authority that vets the applicant: their agency's, where one is set; a vetting
 * authority's own staff are vetted by it; otherwise the deployment's vetting authority (the first made).
 */
export async function vettingAuthorityOf(db: Q, applicantUserId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .innerJoin('agency as a', 'a.id', 'unit.agency_id')
    .select(
      sql<string | null>`coalesce(a.vetting_authority_id, case when a.kind = 'vetting-authority' then a.id end,
        (select v.id from agency v where v.kind = 'vetting-authority' order by v.created_at, v.id limit 1))`.as('authority'),
    )
    .where('u.id', '=', applicantUserId)
    .executeTakeFirst();
  return row?.authority ?? undefined;
}
