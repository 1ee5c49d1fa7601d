import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

/** What the applicant typed in one section, as typed: strings, and lists of entries for repeating questions. */
export type SectionAnswers = Record<string, string | Record<string, string>[]>;

export interface AnswerRow {
  section: string;
  answers: SectionAnswers;
  version: number;
  updatedAt: Date;
}

/** Every saved section of an application. */
export async function listAnswers(db: Q, applicationId: string): Promise<AnswerRow[]> {
  const rows = await db
    .selectFrom('vetting_answer')
    .select(['section', 'answers', 'version', 'updated_at'])
    .where('application_id', '=', applicationId)
    .orderBy('section')
    .execute();
  return rows.map((r) => ({ section: r.section, answers: r.answers as SectionAnswers, version: r.version, updatedAt: r.updated_at }));
}

/** One section's answers, locked for the rest of the transaction when asked. */
export async function findAnswers(db: Q, applicationId: string, section: string, lock = false): Promise<AnswerRow | undefined> {
  let q = db.selectFrom('vetting_answer').select(['section', 'answers', 'version', 'updated_at']).where('application_id', '=', applicationId).where('section', '=', section);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && { section: r.section, answers: r.answers as SectionAnswers, version: r.version, updatedAt: r.updated_at };
}

/**
 * Saves a section whole. The first save inserts at version 1 (expected 0); later saves only if the
 * row is still at the version the page was loaded with. Returns the new version, or undefined when
 * someone (another window) saved first.
 */
export async function saveAnswers(db: Q, a: { applicationId: string; section: string; answers: SectionAnswers; formVersion: string; expectedVersion: number; userId: string; at: Date }): Promise<number | undefined> {
  if (a.expectedVersion === 0) {
    const inserted = await db
      .insertInto('vetting_answer')
      .values({ application_id: a.applicationId, section: a.section, answers: JSON.stringify(a.answers), form_version: a.formVersion, version: 1, updated_at: a.at, updated_by: a.userId })
      .onConflict((oc) => oc.columns(['application_id', 'section']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted?.version;
  }
  const updated = await db
    .updateTable('vetting_answer')
    .set({ answers: JSON.stringify(a.answers), version: a.expectedVersion + 1, updated_at: a.at, updated_by: a.userId })
    .where('application_id', '=', a.applicationId)
    .where('section', '=', a.section)
    .where('version', '=', a.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return updated?.version;
}

/** One person's own applications, newest first: the applicant's list, scoped to them in SQL. */
export async function applicationsOf(db: Q, applicantUserId: string) {
  return db
    .selectFrom('vetting_application as a')
    .innerJoin('app_user as s', 's.id', 'a.sponsor_user_id')
    .select(['a.id', 'a.reference', 'a.level', 'a.state', 'a.form_due_at as formDueAt', 'a.submitted_at as submittedAt', 'a.created_at as createdAt', 's.display_name as sponsorName'])
    .where('a.applicant_user_id', '=', applicantUserId)
    .orderBy('a.created_at', 'desc')
    .execute();
}
