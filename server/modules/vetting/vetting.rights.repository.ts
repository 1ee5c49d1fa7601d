import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

/** The open restriction of processing on an application, if any. */
export async function openRestriction(db: Q, applicationId: string) {
  return db
    .selectFrom('vetting_restriction as r')
    .innerJoin('app_user as u', 'u.id', 'r.recorded_by')
    .select(['r.id', 'r.reason', 'r.recorded_at', 'u.display_name as recorded_by_name'])
    .where('r.application_id', '=', applicationId)
    .where('r.lifted_at', 'is', null)
    .executeTakeFirst();
}

/** Every restriction ever recorded on the application, newest first. */
export async function restrictionsOf(db: Q, applicationIds: string[]) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('vetting_restriction')
    .select(['id', 'application_id', 'reason', 'recorded_at', 'lifted_at', 'lift_reason'])
    .where('application_id', 'in', applicationIds)
    .orderBy('recorded_at', 'desc')
    .execute();
}

export async function insertRestriction(db: Q, r: { applicationId: string; reason: string; by: string; at: Date }): Promise<string | undefined> {
  const row = await db
    .insertInto('vetting_restriction')
    .values({ application_id: r.applicationId, reason: r.reason, recorded_by: r.by, recorded_at: r.at })
    .onConflict((oc) => oc.column('application_id').where('lifted_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function liftRestriction(db: Q, l: { applicationId: string; reason: string; by: string; at: Date }): Promise<boolean> {
  const done = await db.updateTable('vetting_restriction').set({ lifted_at: l.at, lifted_by: l.by, lift_reason: l.reason }).where('application_id', '=', l.applicationId).where('lifted_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** The person's own applications (all of them), oldest first. */
export async function ownApplications(db: Q, userId: string) {
  return db
    .selectFrom('vetting_application')
    .select(['id', 'reference', 'level', 'state', 'form_version', 'renewal_of', 'invited_at', 'form_due_at', 'submitted_at', 'returned_at', 'return_items', 'decided_at', 'erased_at'])
    .where('applicant_user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** Decisions as the applicant may see them: outcome, the disclosable reason codes, conditions. Final or agreed steps only. */
export async function disclosableDecisions(db: Q, applicationIds: string[]) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('vetting_decision')
    .select(['application_id', 'outcome', 'disclosable', 'conditions', 'decided_at', 'second_at'])
    .where('application_id', 'in', applicationIds)
    .where('status', 'in', ['final', 'agreed'])
    .orderBy('decided_at')
    .execute();
}

/** The applicant's appeals: what they wrote, the time limits and the written decision. */
export async function appealsOf(db: Q, applicationIds: string[]) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('vetting_appeal')
    .select(['application_id', 'subject', 'state', 'decision_at', 'due_at', 'extended_to', 'grounds', 'representative_name', 'representative_organisation', 'lodged_at', 'heard_on', 'reasons', 'decided_at'])
    .where('application_id', 'in', applicationIds)
    .orderBy('decision_at')
    .execute();
}

/** Every move of the applicant's applications with its reason; who moved it by role, not name. */
export async function historyOf(db: Q, applicationIds: string[]) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('vetting_application_event')
    .select(['application_id', 'event', 'from_state', 'to_state', 'reason', 'at'])
    .where('application_id', 'in', applicationIds)
    .orderBy('id')
    .execute();
}

/**
 * Who looked at or changed the person's vetting file: every access-log entry whose subject is one
 * of their applications, newest first, with the viewer's organisation and team (ADR 0023: staff
 * names are not given out; the data protection officer can name them on request).
 */
export async function viewersOf(db: Q, userId: string, applicationIds: string[], limit = 2000) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('audit_entry as e')
    .leftJoin('agency as g', 'g.id', 'e.actor_agency_id')
    .leftJoin('unit as n', 'n.id', 'e.actor_unit_id')
    .select(['e.recorded_at', 'e.kind', 'e.action', 'e.decision', 'e.subject_id', 'g.name as agency_name', 'n.name as unit_name'])
    .select((eb) => eb('e.actor_user_id', '=', userId).as('by_you'))
    .where('e.subject_type', '=', 'vetting-application')
    .where('e.subject_id', 'in', applicationIds)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

/** Aftercare reports the person made, with the outcome of each review. */
export async function ownReports(db: Q, userId: string) {
  return db
    .selectFrom('vetting_aftercare_report')
    .select(['kind', 'occurred_on', 'details', 'reported_at', 'outcome', 'outcome_note', 'reviewed_at'])
    .where('user_id', '=', userId)
    .orderBy('reported_at')
    .execute();
}

export async function ownClearance(db: Q, userId: string) {
  return db.selectFrom('clearance').select(['level', 'granted_at', 'expires_at', 'withdrawn_at', 'withdrawal_reason', 'conditions', 'source']).where('user_id', '=', userId).executeTakeFirst();
}

export async function erasuresOf(db: Q, applicationIds: string[]) {
  if (!applicationIds.length) return [];
  return db.selectFrom('vetting_erasure').select(['application_id', 'reference', 'outcome', 'rule', 'erased_at', 'erased']).where('application_id', 'in', applicationIds).execute();
}
