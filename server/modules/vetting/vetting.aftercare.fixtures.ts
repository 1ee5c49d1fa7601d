// Test fixtures for clearance, aftercare, renewal, rights and retention: a granted application with answers.
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { systemContext } from '../../shared/context.ts';
import { upsertClearance } from './vetting.decision.repository.ts';
import { CURRENT_FORM_VERSION } from './vetting.form.definition.ts';
import { saveAnswers } from './vetting.form.repository.ts';
import { insertApplication, nextApplicationReference } from './vetting.repository.ts';

export const DAY = 86_400_000;

/** A granted application with two sections answered and the clearance it gave, granted `grantedAt`, expiring `expiresAt`. */
export async function grantedApplication(t: { database: Database; clock?: Clock }, o: { applicant: string; sponsor: string; officer: string; level?: 'NPPV2' | 'NPPV3'; grantedAt: Date; expiresAt: Date }): Promise<string> {
  const level = o.level ?? 'NPPV2';
  return withTransaction(t.database, systemContext(t.clock?.now()), async (tx) => {
    const formVersion = CURRENT_FORM_VERSION[level];
    const id = await insertApplication(tx.db, { reference: await nextApplicationReference(tx.db), applicantUserId: o.applicant, sponsorUserId: o.sponsor, level, need: 'Synthetic: needs the register for MAPPA casework', formVersion, renewalOf: null, formDueAt: new Date(o.grantedAt.getTime() - 20 * DAY), at: new Date(o.grantedAt.getTime() - 40 * DAY) });
    await tx.db.updateTable('vetting_application').set({ state: 'granted', case_officer_id: o.officer, submitted_at: new Date(o.grantedAt.getTime() - 30 * DAY), decided_at: o.grantedAt, version: 5 }).where('id', '=', id).execute();
    await tx.db.insertInto('vetting_application_event').values({ application_id: id, event: 'grant', from_state: 'checks', to_state: 'granted', actor_user_id: o.officer, reason: '', at: o.grantedAt }).execute();
    for (const [section, answers] of [['personal', { familyName: 'Synthetic-Applicant', givenNames: 'Alex' }], ['declaration', { agree: 'yes' }]] as const) {
      await saveAnswers(tx.db, { applicationId: id, section, answers, formVersion, expectedVersion: 0, userId: o.applicant, at: o.grantedAt });
    }
    await tx.db.insertInto('vetting_check').values({ application_id: id, subject_key: 'applicant', subject_label: 'The applicant', kind: 'pnc', result: 'no-trace', checked_on: '2026-01-05', officer_user_id: o.officer, connector: 'manual', evidence: 'Synthetic: no trace', recorded_at: o.grantedAt }).execute();
    await upsertClearance(tx.db, { userId: o.applicant, level, grantedAt: o.grantedAt, expiresAt: o.expiresAt, conditions: '', applicationId: id, recordedBy: o.officer });
    return id;
  });
}
