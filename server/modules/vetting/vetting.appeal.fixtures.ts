// Test fixtures for appeals and overrides: a refused application with everyone who had a part in it.
import { withTransaction } from '../../db/transaction.ts';
import { addDays, systemClock, ukToday, type Clock } from '../../shared/clock.ts';
import { systemContext } from '../../shared/context.ts';
import type { Database } from '../../db/database.ts';
import { answerProposal, insertDecision } from './vetting.decision.repository.ts';
import { insertApplication, nextApplicationReference } from './vetting.repository.ts';

export const DAY = 86_400_000;

export interface Cast {
  applicant: string;
  sponsor: string;
  caseOfficer: string;
  decider: string;
  second: string;
}

/** A refusal agreed by a second officer, `daysAgo` days ago, with the case officer's move in its history. */
export async function refusedApplication(t: { database: Database; clock?: Clock }, c: Cast, daysAgo: number): Promise<string> {
  const now = (t.clock ?? systemClock).now();
  const decidedAt = new Date(now.getTime() - daysAgo * DAY);
  return withTransaction(t.database, systemContext(now), async (tx) => {
    const id = await insertApplication(tx.db, {
      reference: await nextApplicationReference(tx.db),
      applicantUserId: c.applicant,
      sponsorUserId: c.sponsor,
      level: 'NPPV2',
      need: 'Synthetic: needs the register for MAPPA casework',
      formVersion: 'NPPV2-1',
      renewalOf: null,
      formDueAt: new Date(decidedAt.getTime() + 20 * DAY),
      at: new Date(decidedAt.getTime() - 30 * DAY),
    });
    await tx.db.updateTable('vetting_application').set({ state: 'refused', case_officer_id: c.caseOfficer, decided_at: decidedAt, version: 6 }).where('id', '=', id).execute();
    await tx.db.insertInto('vetting_application_event').values({ application_id: id, event: 'take-case', from_state: 'submitted', to_state: 'checks', actor_user_id: c.caseOfficer, reason: '', at: new Date(decidedAt.getTime() - 10 * DAY) }).execute();
    const decision = await insertDecision(tx.db, {
      applicationId: id,
      outcome: 'refused',
      status: 'proposed',
      criteriaVersion: 'test-1',
      factors: ['honesty'],
      twoStage: null,
      reasonCodes: ['non-disclosure'],
      disclosable: ['non-disclosure'],
      rationale: 'Synthetic rationale: a caution was not disclosed.',
      conditions: '',
      decidedBy: c.decider,
      at: new Date(decidedAt.getTime() - DAY),
    });
    await answerProposal(tx.db, { id: decision, status: 'agreed', officerUserId: c.second, reason: 'Synthetic: agreed.', at: decidedAt });
    await tx.db.insertInto('vetting_check').values({ application_id: id, subject_key: 'applicant', subject_label: 'The applicant', kind: 'pnc', result: 'adverse', checked_on: '2026-01-05', officer_user_id: c.caseOfficer, connector: 'manual', evidence: 'Synthetic: one caution', recorded_at: decidedAt }).execute();
    return id;
  });
}

export const dateBoxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** The UK day `days` after today by the app's clock, as YYYY-MM-DD: counted on the calendar, so never a day out near midnight or across a clock change. */
export const dayFromNow = (t: { clock: Clock }, days: number) => addDays(ukToday(t.clock.now()), days);
