import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApplicationState } from './vetting.states.ts';

type Q = Kysely<DB>;

/** The states a vetting officer works on: the queue shows nothing else. */
export const QUEUE_STATES = ['submitted', 'returned', 'checks', 'refusal-proposed'] as const satisfies readonly ApplicationState[];
export type QueueState = (typeof QUEUE_STATES)[number];

/**
 * The officers' queue, oldest submission first (so the overdue come first). Never an officer's
 * own application: nobody works their own vetting, and the SQL leaves it out rather than a filter.
 */
export async function queue(db: Q, o: { officerUserId: string; states: QueueState[]; level: 'NPPV2' | 'NPPV3' | null }) {
  let q = db
    .selectFrom('vetting_application as a')
    .innerJoin('app_user as applicant', 'applicant.id', 'a.applicant_user_id')
    .leftJoin('app_user as officer', 'officer.id', 'a.case_officer_id')
    .select(['a.id', 'a.reference', 'a.level', 'a.state', 'a.submitted_at', 'a.returned_at', 'applicant.display_name as applicant_name', 'officer.display_name as case_officer_name'])
    .where('a.state', 'in', o.states)
    .where('a.applicant_user_id', '<>', o.officerUserId);
  if (o.level) q = q.where('a.level', '=', o.level);
  return q.orderBy(sql`a.submitted_at asc nulls last`).orderBy('a.reference').limit(500).execute();
}

/** The latest decision step of an application (the proposal waiting for a second officer, or the decision). */
export async function latestDecision(db: Q, applicationId: string) {
  return db
    .selectFrom('vetting_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.decided_by')
    .leftJoin('app_user as s', 's.id', 'd.second_officer_id')
    .selectAll('d')
    .select(['u.display_name as decided_by_name', 's.display_name as second_officer_name'])
    .where('d.application_id', '=', applicationId)
    .orderBy('d.decided_at', 'desc')
    .orderBy('d.id')
    .executeTakeFirst();
}
export type DecisionRow = NonNullable<Awaited<ReturnType<typeof latestDecision>>>;

/** Every decision step, newest first: a rejected proposal stays on the case. */
export async function decisions(db: Q, applicationId: string) {
  return db
    .selectFrom('vetting_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.decided_by')
    .leftJoin('app_user as s', 's.id', 'd.second_officer_id')
    .selectAll('d')
    .select(['u.display_name as decided_by_name', 's.display_name as second_officer_name'])
    .where('d.application_id', '=', applicationId)
    .orderBy('d.decided_at', 'desc')
    .execute();
}
