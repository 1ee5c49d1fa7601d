import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApplicationState } from '../vetting/vetting.states.ts';
import type { Question } from './equality.questions.ts';
import type { EqualityAnswers } from './equality.schemas.ts';

type Q = Kysely<DB>;

/*
 * The only SQL that touches equality answers. Nothing in the vetting module imports this file
 * or joins these tables: the answers are read back only by their own applicant before submitting,
 * and otherwise only as counts (summaryCounts).
 */

/** The applicant's own answers, to show them back on their form before they submit. */
export async function responseFor(db: Q, applicationId: string) {
  return db.selectFrom('equality_response').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

/** Whether a response exists, without reading it: for "Answered" on the applicant's task list. */
export async function hasResponse(db: Q, applicationId: string): Promise<boolean> {
  const row = await db.selectFrom('equality_response').select('application_id').where('application_id', '=', applicationId).executeTakeFirst();
  return !!row;
}

export async function saveResponse(db: Q, applicationId: string, a: EqualityAnswers, at: Date): Promise<void> {
  const values = {
    ethnicity: a.ethnicity,
    sex: a.sex,
    gender_same_as_birth: a.genderSameAsBirth,
    age_band: a.ageBand,
    disability: a.disability,
    religion: a.religion,
    religion_other: a.religionOther,
    sexual_orientation: a.sexualOrientation,
    updated_at: at,
  };
  await db
    .insertInto('equality_response')
    .values({ application_id: applicationId, ...values, recorded_at: at })
    .onConflict((oc) => oc.column('application_id').doUpdateSet(values))
    .execute();
}

export async function hasObjected(db: Q, userId: string): Promise<boolean> {
  const row = await db.selectFrom('equality_objection').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  return !!row;
}

/** The objection: the person leaves all monitoring, and every answer they gave on any application goes. */
export async function recordObjection(db: Q, userId: string, at: Date): Promise<number> {
  await db.insertInto('equality_objection').values({ user_id: userId, objected_at: at }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  const deleted = await db
    .deleteFrom('equality_response')
    .where('application_id', 'in', db.selectFrom('vetting_application').select('id').where('applicant_user_id', '=', userId))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** A person who objected may later choose to answer after all: their new answers count from then on. */
export async function withdrawObjection(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('equality_objection').where('user_id', '=', userId).execute();
}

/** For erasure under the retention schedule. */
export async function deleteResponse(db: Q, applicationId: string): Promise<number> {
  const r = await db.deleteFrom('equality_response').where('application_id', '=', applicationId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Counts of applications by one characteristic and the application's state: the only read of
 * answers for anyone but the applicant. People who objected are left out entirely; an application
 * with no answers counts as "not-stated".
 */
export async function summaryCounts(db: Q, question: Question, level: 'NPPV2' | 'NPPV3' | null) {
  let q = db
    .selectFrom('vetting_application as a')
    .leftJoin('equality_response as r', 'r.application_id', 'a.id')
    .select([sql<string>`coalesce(${sql.ref(`r.${question.column}`)}, 'not-stated')`.as('value'), 'a.state', sql<string>`count(*)`.as('n')])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('equality_objection as o').select('o.user_id').whereRef('o.user_id', '=', 'a.applicant_user_id'))))
    .groupBy([sql`1`, 'a.state']);
  if (level) q = q.where('a.level', '=', level);
  const rows = await q.execute();
  return rows.map((r) => ({ value: r.value, state: r.state as ApplicationState, count: Number(r.n) }));
}
