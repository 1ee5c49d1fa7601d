import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { deleteResponse } from '../equality/equality.repository.ts';
import type { RetentionFacts } from './vetting.retention.ts';

type Q = Kysely<DB>;

const ERASED = 'Erased under the retention schedule.';

/**
 * Decided applications not yet erased, with the dates the schedule needs. Never one under an open
 * restriction (the person needs it kept), nor one with an appeal waiting or a window still open.
 */
export async function retentionCandidates(db: Q, now: Date) {
  const { rows } = await sql<RetentionFacts & { id: string; reference: string }>`
    select a.id, a.reference, a.state, a.level, a.decided_at,
      coalesce((select max(e.at) from vetting_application_event e where e.application_id = a.id), a.updated_at) as last_move_at,
      c.expires_at as clearance_expires_at, c.withdrawn_at as clearance_withdrawn_at,
      o.clearance_expires_at as override_expires_at,
      (select max(p.decided_at) from vetting_appeal p where p.application_id = a.id) as last_appeal_decided_at
    from vetting_application a
    left join clearance c on c.application_id = a.id
    left join vetting_override o on o.application_id = a.id
    where a.erased_at is null
      and a.state in ('granted', 'granted-with-conditions', 'appeal-allowed', 'refused', 'appeal-dismissed', 'withdrawn', 'discontinued')
      and not exists (select 1 from vetting_restriction r where r.application_id = a.id and r.lifted_at is null)
      and not exists (select 1 from vetting_appeal p where p.application_id = a.id and (p.state = 'lodged' or (p.state = 'open' and p.due_at > ${now})))
      and not exists (select 1 from clearance h where h.application_id = a.id and h.withdrawn_at is null and h.expires_at > ${now})
    order by a.created_at`.execute(db);
  return rows.map((r) => ({ ...r, decided_at: r.decided_at && new Date(r.decided_at), last_move_at: new Date(r.last_move_at), clearance_expires_at: r.clearance_expires_at && new Date(r.clearance_expires_at), clearance_withdrawn_at: r.clearance_withdrawn_at && new Date(r.clearance_withdrawn_at), override_expires_at: r.override_expires_at && new Date(r.override_expires_at), last_appeal_decided_at: r.last_appeal_decided_at && new Date(r.last_appeal_decided_at) }));
}

/** Locks the application for erasure; undefined if another run has it or erased it already. */
export async function lockForErasure(db: Q, id: string) {
  return db.selectFrom('vetting_application').select(['id', 'reference', 'state', 'decided_at']).where('id', '=', id).where('erased_at', 'is', null).forUpdate().skipLocked().executeTakeFirst();
}

const count = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) => Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0n);

/**
 * Erases an application's content and keeps only what says it existed: the reference, level,
 * states and dates, and the erasure record. Answers, relatives' details and links, checks and
 * their evidence, equality answers, written reasons, appeal documents and aftercare reports go.
 */
export async function eraseApplication(db: Q, e: { id: string; reference: string; outcome: string; decidedAt: Date | null; rule: string; dueOn: string; at: Date }) {
  const erased: Record<string, number> = {};
  erased.answers = count(await db.deleteFrom('vetting_answer').where('application_id', '=', e.id).executeTakeFirst());
  erased.renewalConfirmations = count(await db.deleteFrom('vetting_renewal_confirmation').where('application_id', '=', e.id).executeTakeFirst());
  erased.relativeDetails = count(await db.deleteFrom('vetting_relative_details').where('application_id', '=', e.id).executeTakeFirst());
  erased.relativeLinks = count(await db.deleteFrom('vetting_relative_link').where('application_id', '=', e.id).executeTakeFirst());
  erased.checks = count(await db.deleteFrom('vetting_check').where('application_id', '=', e.id).executeTakeFirst());
  erased.checkFiles = count(await db.deleteFrom('vetting_check_file').where('application_id', '=', e.id).executeTakeFirst());
  erased.equalityAnswers = await deleteResponse(db, e.id);
  const appeals = db.selectFrom('vetting_appeal').select('id').where('application_id', '=', e.id);
  erased.appealFiles = count(await db.deleteFrom('vetting_appeal_file').where('appeal_id', 'in', appeals).executeTakeFirst());
  erased.appeals = count(
    await db
      .updateTable('vetting_appeal')
      .set({ grounds: '', extension_reason: '', representative_name: '', representative_organisation: '', attendees: '', hearing_notes: '', reasons: sql`case when reasons = '' then '' else ${ERASED} end` })
      .where('application_id', '=', e.id)
      .executeTakeFirst(),
  );
  erased.decisions = count(await db.updateTable('vetting_decision').set({ rationale: ERASED, conditions: '', second_reason: '', two_stage: null }).where('application_id', '=', e.id).executeTakeFirst());
  erased.overrides = count(await db.updateTable('vetting_override').set({ risk_assessment: ERASED, conditions: ERASED }).where('application_id', '=', e.id).executeTakeFirst());
  const override = db.selectFrom('vetting_override').select('id').where('application_id', '=', e.id);
  erased.overrideOutcomes = count(await db.updateTable('vetting_override_outcome').set({ description: ERASED }).where('override_id', 'in', override).executeTakeFirst());
  erased.aftercareReports = count(await db.deleteFrom('vetting_aftercare_report').where('application_id', '=', e.id).executeTakeFirst());
  erased.historyReasons = count(await db.updateTable('vetting_application_event').set({ reason: '' }).where('application_id', '=', e.id).where('reason', '<>', '').executeTakeFirst());
  erased.restrictionReasons = count(await db.updateTable('vetting_restriction').set({ reason: ERASED, lift_reason: '' }).where('application_id', '=', e.id).executeTakeFirst());
  await db.updateTable('vetting_application').set({ need: ERASED, return_items: null, erased_at: e.at }).where('id', '=', e.id).execute();
  await db.insertInto('vetting_erasure').values({ application_id: e.id, reference: e.reference, outcome: e.outcome, decided_at: e.decidedAt, rule: e.rule, due_on: e.dueOn, erased_at: e.at, erased: JSON.stringify(erased) }).execute();
  return erased;
}
