import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApplicationEvent, ApplicationState } from './vetting.states.ts';

type Q = Kysely<DB>;

/** A new application reference, unique across the service: VET-000123. */
export async function nextApplicationReference(db: Q): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('vetting_reference_seq') as n`.execute(db);
  return `VET-${String(rows[0]!.n).padStart(6, '0')}`;
}

export async function insertApplication(
  db: Q,
  a: { reference: string; applicantUserId: string; sponsorUserId: string; level: 'NPPV2' | 'NPPV3'; need: string; formVersion: string; renewalOf: string | null; formDueAt: Date; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('vetting_application')
    .values({
      reference: a.reference,
      applicant_user_id: a.applicantUserId,
      sponsor_user_id: a.sponsorUserId,
      level: a.level,
      need: a.need,
      state: 'sponsored',
      form_version: a.formVersion,
      renewal_of: a.renewalOf,
      invited_at: a.at,
      form_due_at: a.formDueAt,
      created_at: a.at,
      updated_at: a.at,
      updated_by: a.sponsorUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The application with its people's names; `lock` holds it for the rest of the transaction. */
export async function findApplication(db: Q, id: string, lock = false) {
  let q = db
    .selectFrom('vetting_application as a')
    .innerJoin('app_user as applicant', 'applicant.id', 'a.applicant_user_id')
    .innerJoin('app_user as sponsor', 'sponsor.id', 'a.sponsor_user_id')
    .leftJoin('app_user as officer', 'officer.id', 'a.case_officer_id')
    .selectAll('a')
    .select(['applicant.display_name as applicant_name', 'applicant.unit_id as applicant_unit_id', 'sponsor.display_name as sponsor_name', 'officer.display_name as case_officer_name'])
    .where('a.id', '=', id);
  if (lock) q = q.forUpdate('a');
  return q.executeTakeFirst();
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** Columns a move may set beside the state (when it was submitted, who took the case...). */
export interface ApplicationPatch {
  case_officer_id?: string | null;
  submitted_at?: Date;
  returned_at?: Date;
  return_items?: string | null;
  decided_at?: Date;
}

/** Moves the application to its new state, if it is still at the version read; false if someone else moved it first. */
export async function moveApplication(db: Q, m: { id: string; version: number; from: ApplicationState; to: ApplicationState; event: ApplicationEvent; reason: string; actorUserId: string | null; at: Date; patch: ApplicationPatch }): Promise<boolean> {
  const updated = await db
    .updateTable('vetting_application')
    .set({ ...m.patch, state: m.to, version: m.version + 1, updated_at: m.at, updated_by: m.actorUserId })
    .where('id', '=', m.id)
    .where('version', '=', m.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await db.insertInto('vetting_application_event').values({ application_id: m.id, event: m.event, from_state: m.from, to_state: m.to, actor_user_id: m.actorUserId, reason: m.reason, at: m.at }).execute();
  return true;
}

/** Who changed the application last and when: for "changed by X at T". */
export async function lastApplicationChange(db: Q, id: string) {
  return db
    .selectFrom('vetting_application as a')
    .leftJoin('app_user as u', 'u.id', 'a.updated_by')
    .select(['a.updated_at', 'u.display_name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The application's history of moves, oldest first. */
export async function applicationHistory(db: Q, id: string) {
  return db
    .selectFrom('vetting_application_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.event', 'e.from_state', 'e.to_state', 'e.reason', 'e.at', 'u.display_name as actor_name'])
    .where('e.application_id', '=', id)
    .orderBy('e.id')
    .execute();
}

/** Whether any application exists at all: the demo data is loaded only into an empty vetting service. */
export async function anyApplication(db: Q): Promise<boolean> {
  return !!(await db.selectFrom('vetting_application').select('id').limit(1).executeTakeFirst());
}
