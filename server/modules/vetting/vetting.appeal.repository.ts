import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, VettingAppealTable } from '../../db/schema.ts';

type Q = Kysely<DB>;

const appealColumns = (q: ReturnType<typeof base>) =>
  q.selectAll('ap').select(['a.reference', 'a.level', 'a.state as application_state', 'a.applicant_user_id', 'a.version as application_version', 'applicant.display_name as applicant_name', 'hearer.display_name as hearer_name', 'decider.display_name as decided_by_name', 'extender.display_name as extended_by_name']);

const base = (db: Q) =>
  db
    .selectFrom('vetting_appeal as ap')
    .innerJoin('vetting_application as a', 'a.id', 'ap.application_id')
    .innerJoin('app_user as applicant', 'applicant.id', 'a.applicant_user_id')
    .leftJoin('app_user as hearer', 'hearer.id', 'ap.hearer_user_id')
    .leftJoin('app_user as decider', 'decider.id', 'ap.decided_by')
    .leftJoin('app_user as extender', 'extender.id', 'ap.extended_by');

export async function findAppeal(db: Q, id: string, lock = false) {
  let q = appealColumns(base(db)).where('ap.id', '=', id);
  if (lock) q = q.forUpdate('ap');
  return q.executeTakeFirst();
}
export type AppealRow = NonNullable<Awaited<ReturnType<typeof findAppeal>>>;

/** The application's latest appeal window (the one its pages are about), locked if asked. */
export async function latestAppeal(db: Q, applicationId: string, lock = false) {
  let q = appealColumns(base(db)).where('ap.application_id', '=', applicationId).orderBy('ap.decision_at', 'desc');
  if (lock) q = q.forUpdate('ap');
  return q.executeTakeFirst();
}

/** Opens a window (idempotent: the same decision opens it once) and returns its id. */
export async function insertWindow(db: Q, w: { applicationId: string; subject: VettingAppealTable['subject']; decisionAt: Date; dueAt: Date; at: Date }): Promise<string> {
  await db
    .insertInto('vetting_appeal')
    .values({ application_id: w.applicationId, subject: w.subject, state: 'open', decision_at: w.decisionAt, due_at: w.dueAt, created_at: w.at })
    .onConflict((oc) => oc.columns(['application_id', 'subject', 'decision_at']).doNothing())
    .execute();
  const row = await db.selectFrom('vetting_appeal').select('id').where('application_id', '=', w.applicationId).where('subject', '=', w.subject).where('decision_at', '=', w.decisionAt).forUpdate().executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an appeal if it is still at the version read; false if someone else changed it first. */
export async function updateAppeal(db: Q, id: string, version: number, set: Omit<Updateable<VettingAppealTable>, 'id' | 'version' | 'application_id'>): Promise<boolean> {
  const r = await db
    .updateTable('vetting_appeal')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertFile(db: Q, f: { appealId: string; contentType: VettingAppealFileContentType; content: Buffer; sha256: string; userId: string; at: Date }) {
  const row = await db
    .insertInto('vetting_appeal_file')
    .values({ appeal_id: f.appealId, content_type: f.contentType, content: f.content, byte_size: f.content.length, sha256: f.sha256, uploaded_by: f.userId, uploaded_at: f.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
type VettingAppealFileContentType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';

export async function filesOf(db: Q, appealId: string) {
  return db
    .selectFrom('vetting_appeal_file as f')
    .innerJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.content_type', 'f.byte_size', 'f.uploaded_at', 'u.display_name as uploaded_by_name'])
    .where('f.appeal_id', '=', appealId)
    .orderBy('f.uploaded_at')
    .execute();
}

export async function findFile(db: Q, appealId: string, fileId: string) {
  return db.selectFrom('vetting_appeal_file').select(['content_type', 'content', 'byte_size']).where('appeal_id', '=', appealId).where('id', '=', fileId).executeTakeFirst();
}

/**
 * Appeals for the list, scoped in SQL: a vetting officer sees every appeal but those on their own
 * application; anyone else (an appeal panel member) only the appeals they hear.
 */
export async function listAppeals(db: Q, o: { userId: string; allAppeals: boolean }) {
  let q = appealColumns(base(db)).where('ap.state', '<>', 'open');
  q = o.allAppeals ? q.where('a.applicant_user_id', '<>', o.userId) : q.where('ap.hearer_user_id', '=', o.userId);
  return q.orderBy(sql`ap.decided_at desc nulls first`).orderBy('ap.lodged_at').limit(500).execute();
}

/** Refusals whose appeal window has not been lodged yet (for officers: the windows still running or closed unused). */
export async function unlodgedRefusals(db: Q, officerUserId: string) {
  return db
    .selectFrom('vetting_application as a')
    .innerJoin('app_user as applicant', 'applicant.id', 'a.applicant_user_id')
    .leftJoin('vetting_appeal as ap', (j) => j.onRef('ap.application_id', '=', 'a.id').on('ap.subject', '=', 'refusal'))
    .select(['a.id', 'a.reference', 'a.level', 'a.decided_at', 'applicant.display_name as applicant_name', 'ap.due_at', 'ap.extended_to'])
    .where('a.state', '=', 'refused')
    .where('a.applicant_user_id', '<>', officerUserId)
    .where((w) => w.or([w('ap.id', 'is', null), w('ap.state', '=', 'open')]))
    .orderBy('a.decided_at')
    .limit(500)
    .execute();
}

/** Users who hold a role, for the choice of hearer. */
export async function usersWithRole(db: Q, role: 'appeal-panel-member') {
  return db.selectFrom('app_user as u').innerJoin('user_role as r', 'r.user_id', 'u.id').select(['u.id', 'u.display_name']).where('r.role', '=', role).orderBy('u.display_name').execute();
}

export async function hasRole(db: Q, userId: string, role: 'appeal-panel-member' | 'manager'): Promise<{ name: string } | undefined> {
  const row = await db.selectFrom('app_user as u').innerJoin('user_role as r', 'r.user_id', 'u.id').select('u.display_name').where('u.id', '=', userId).where('r.role', '=', role).executeTakeFirst();
  return row ? { name: row.display_name } : undefined;
}

/**
 * Everyone who had a part in the case, with what they did: the applicant, the sponsor, the case
 * officer, whoever made or agreed a decision, whoever moved the application, an appeal's hearer, and
 * whoever withdrew the clearance (withdrawal keeps no row of its own naming them: the access log does).
 */
export async function involvement(db: Q, applicationId: string): Promise<{ user_id: string; part: Part }[]> {
  const { rows } = await sql<{ user_id: string; part: Part }>`
    select applicant_user_id as user_id, 'applicant' as part from vetting_application where id = ${applicationId}
    union all select sponsor_user_id, 'sponsor' from vetting_application where id = ${applicationId}
    union all select case_officer_id, 'case-officer' from vetting_application where id = ${applicationId} and case_officer_id is not null
    union all select decided_by, 'decider' from vetting_decision where application_id = ${applicationId}
    union all select second_officer_id, 'second-officer' from vetting_decision where application_id = ${applicationId} and second_officer_id is not null
    union all select actor_user_id, 'acted' from vetting_application_event where application_id = ${applicationId} and actor_user_id is not null
    union all select hearer_user_id, 'hearer' from vetting_appeal where application_id = ${applicationId} and hearer_user_id is not null
    union all select actor_user_id, 'withdrew' from audit_entry where subject_type = 'vetting-application' and subject_id = ${applicationId}
      and action = 'vetting.clearance-withdrawn' and decision = 'allowed' and actor_user_id is not null`.execute(db);
  return rows;
}
export type Part = 'applicant' | 'sponsor' | 'case-officer' | 'decider' | 'withdrew' | 'second-officer' | 'acted' | 'hearer';
