import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

export type ReportKind = DB['vetting_aftercare_report']['kind'];

/** Holders whose clearance (from vetting or not) is current and ends within the window, not yet reminded of this expiry. */
export async function clearancesToRemind(db: Q, now: Date, until: Date) {
  return db
    .selectFrom('clearance as c')
    .select(['c.user_id', 'c.expires_at', 'c.level', 'c.application_id'])
    .where('c.withdrawn_at', 'is', null)
    .where('c.expires_at', '>', now)
    .where('c.expires_at', '<=', until)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('vetting_expiry_reminder as r').select('r.user_id').whereRef('r.user_id', '=', 'c.user_id').whereRef('r.expires_at', '=', 'c.expires_at'))))
    .orderBy('c.expires_at')
    .execute();
}

/** Claims the reminder for one clearance: true only for the one run that wrote it first. */
export async function claimReminder(db: Q, userId: string, expiresAt: Date, sentOn: string): Promise<boolean> {
  const row = await db
    .insertInto('vetting_expiry_reminder')
    .values({ user_id: userId, expires_at: expiresAt, sent_on: sentOn })
    .onConflict((oc) => oc.columns(['user_id', 'expires_at']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

/** Current holders (not withdrawn, not expired) at a level, or every level. */
export async function currentHolders(db: Q, now: Date, level?: 'NPPV2' | 'NPPV3') {
  let q = db
    .selectFrom('clearance as c')
    .select(['c.user_id', 'c.level', 'c.granted_at', 'c.expires_at', 'c.application_id'])
    .where('c.withdrawn_at', 'is', null)
    .where('c.granted_at', '<=', now)
    .where('c.expires_at', '>', now);
  if (level) q = q.where('c.level', '=', level);
  return q.orderBy('c.user_id').execute();
}

/** A review task, once per holder, kind and due day: false when it was already there. */
export async function insertTask(db: Q, t: { userId: string; applicationId: string | null; kind: 'annual-review' | 'random-revet'; dueOn: string; selectionValue: number | null; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('vetting_review_task')
    .values({ user_id: t.userId, application_id: t.applicationId, kind: t.kind, due_on: t.dueOn, selection_value: t.selectionValue, created_at: t.at })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'due_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** The holder's own clearance with the application it came from (if any) and its withdrawal. */
export async function holderClearance(db: Q, userId: string) {
  return db
    .selectFrom('clearance as c')
    .leftJoin('vetting_application as a', 'a.id', 'c.application_id')
    .select(['c.user_id', 'c.level', 'c.granted_at', 'c.expires_at', 'c.withdrawn_at', 'c.withdrawal_reason', 'c.conditions', 'c.application_id', 'c.source', 'a.reference', 'a.sponsor_user_id', 'a.need', 'a.form_version'])
    .where('c.user_id', '=', userId)
    .executeTakeFirst();
}

/** The clearance that came from an application, locked: what a withdrawal changes. */
export async function clearanceOfApplication(db: Q, applicationId: string) {
  return db
    .selectFrom('clearance as c')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'c.level', 'c.granted_at', 'c.expires_at', 'c.withdrawn_at', 'c.withdrawal_reason', 'c.conditions', 'u.display_name as holder_name'])
    .where('c.application_id', '=', applicationId)
    .forUpdate('c')
    .executeTakeFirst();
}

export async function withdrawClearance(db: Q, w: { userId: string; reason: string; by: string; at: Date }): Promise<void> {
  await db.updateTable('clearance').set({ withdrawn_at: w.at, withdrawal_reason: w.reason, withdrawn_by: w.by }).where('user_id', '=', w.userId).where('withdrawn_at', 'is', null).execute();
}

export async function insertReport(db: Q, r: { userId: string; applicationId: string | null; kind: ReportKind; occurredOn: string; details: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('vetting_aftercare_report')
    .values({ user_id: r.userId, application_id: r.applicationId, kind: r.kind, occurred_on: r.occurredOn, details: r.details, reported_at: r.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The holder's own reports, newest first. */
export async function reportsOf(db: Q, userId: string) {
  return db
    .selectFrom('vetting_aftercare_report')
    .select(['id', 'kind', 'occurred_on', 'details', 'reported_at', 'outcome', 'outcome_note', 'reviewed_at'])
    .where('user_id', '=', userId)
    .orderBy('reported_at', 'desc')
    .execute();
}

/** Reports waiting for review, oldest first, never the officer's own. */
export async function openReports(db: Q, officerUserId: string) {
  return db
    .selectFrom('vetting_aftercare_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('vetting_application as a', 'a.id', 'r.application_id')
    .select(['r.id', 'r.kind', 'r.occurred_on', 'r.reported_at', 'r.application_id', 'a.reference', 'u.display_name as holder_name'])
    .where('r.outcome', 'is', null)
    .where('r.user_id', '<>', officerUserId)
    .orderBy('r.reported_at')
    .execute();
}

export async function findReport(db: Q, id: string, lock = false) {
  let q = db
    .selectFrom('vetting_aftercare_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('vetting_application as a', 'a.id', 'r.application_id')
    .leftJoin('app_user as rv', 'rv.id', 'r.reviewed_by')
    .selectAll('r')
    .select(['a.reference', 'u.display_name as holder_name', 'rv.display_name as reviewer_name'])
    .where('r.id', '=', id);
  if (lock) q = q.forUpdate('r');
  return q.executeTakeFirst();
}

export async function reviewReport(db: Q, r: { id: string; version: number; outcome: 'no-action' | 'review-clearance'; note: string; by: string; at: Date }): Promise<boolean> {
  const done = await db
    .updateTable('vetting_aftercare_report')
    .set({ outcome: r.outcome, outcome_note: r.note, reviewed_by: r.by, reviewed_at: r.at, version: r.version + 1 })
    .where('id', '=', r.id)
    .where('version', '=', r.version)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Open review tasks (annual reviews and random re-vetting), earliest due first, never the officer's own. */
export async function openTasks(db: Q, officerUserId: string) {
  return db
    .selectFrom('vetting_review_task as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .leftJoin('vetting_application as a', 'a.id', 't.application_id')
    .select(['t.id', 't.kind', 't.due_on', 't.application_id', 'a.reference', 'u.display_name as holder_name'])
    .where('t.completed_at', 'is', null)
    .where('t.user_id', '<>', officerUserId)
    .orderBy('t.due_on')
    .execute();
}

export async function findTask(db: Q, id: string, lock = false) {
  let q = db
    .selectFrom('vetting_review_task as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .leftJoin('vetting_application as a', 'a.id', 't.application_id')
    .selectAll('t')
    .select(['a.reference', 'u.display_name as holder_name'])
    .where('t.id', '=', id);
  if (lock) q = q.forUpdate('t');
  return q.executeTakeFirst();
}

export async function completeTask(db: Q, c: { id: string; note: string; by: string; at: Date }): Promise<boolean> {
  const done = await db.updateTable('vetting_review_task').set({ completed_by: c.by, completed_at: c.at, note: c.note }).where('id', '=', c.id).where('completed_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Days from now to the expiry, counted in whole UK days (0 on the day itself). */
export const daysUntil = (expiresAt: Date, now: Date) => Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 86_400_000));

