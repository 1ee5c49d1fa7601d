import type { Kysely } from 'kysely';
import type { DB, VettingDecisionTable } from '../../db/schema.ts';

type Q = Kysely<DB>;

export interface NewDecision {
  applicationId: string;
  outcome: VettingDecisionTable['outcome'];
  status: VettingDecisionTable['status'];
  criteriaVersion: string;
  factors: string[];
  twoStage: { grounds: 'yes' | 'no'; groundsWhy: string; appropriate: 'yes' | 'no' | null; appropriateWhy: string } | null;
  reasonCodes: string[];
  disclosable: string[];
  rationale: string;
  conditions: string;
  decidedBy: string;
  at: Date;
}

export async function insertDecision(db: Q, d: NewDecision): Promise<string> {
  const row = await db
    .insertInto('vetting_decision')
    .values({
      application_id: d.applicationId,
      outcome: d.outcome,
      status: d.status,
      criteria_version: d.criteriaVersion,
      factors: JSON.stringify(d.factors),
      two_stage: d.twoStage ? JSON.stringify(d.twoStage) : null,
      reason_codes: JSON.stringify(d.reasonCodes),
      disclosable: JSON.stringify(d.disclosable),
      rationale: d.rationale,
      conditions: d.conditions,
      decided_by: d.decidedBy,
      decided_at: d.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The second officer's answer to a proposed refusal; false if it was no longer waiting. */
export async function answerProposal(db: Q, a: { id: string; status: 'agreed' | 'rejected'; officerUserId: string; reason: string; at: Date }): Promise<boolean> {
  const r = await db
    .updateTable('vetting_decision')
    .set({ status: a.status, second_officer_id: a.officerUserId, second_at: a.at, second_reason: a.reason })
    .where('id', '=', a.id)
    .where('status', '=', 'proposed')
    .where('decided_by', '<>', a.officerUserId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The applicant's clearance from this application. One row per person (the register reads it):
 * a new grant replaces whatever was there, withdrawal and all, and says it came from vetting.
 */
export async function upsertClearance(db: Q, c: { userId: string; level: 'NPPV2' | 'NPPV3'; grantedAt: Date; expiresAt: Date; conditions: string; applicationId: string; recordedBy: string | null }) {
  const values = { level: c.level, granted_at: c.grantedAt, expires_at: c.expiresAt, withdrawn_at: null, recorded_by: c.recordedBy, source: 'vetting' as const, application_id: c.applicationId, conditions: c.conditions };
  await db
    .insertInto('clearance')
    .values({ user_id: c.userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** The applicant's current clearance, for their outcome page. */
export async function clearanceOf(db: Q, userId: string) {
  return db.selectFrom('clearance').select(['level', 'granted_at', 'expires_at', 'withdrawn_at', 'conditions', 'application_id', 'source']).where('user_id', '=', userId).executeTakeFirst();
}
