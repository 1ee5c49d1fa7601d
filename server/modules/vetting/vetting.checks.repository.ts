import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { StoredContentType } from '../register/register.files.ts';
import type { CheckKind, CheckResult } from './vetting.checks.ts';

type Q = Kysely<DB>;

export interface NewCheck {
  applicationId: string;
  subjectKey: string;
  subjectLabel: string;
  kind: CheckKind;
  result: CheckResult;
  checkedOn: string;
  officerUserId: string;
  connector: string;
  evidence: string;
  fileId: string | null;
  at: Date;
}

export async function insertChecks(db: Q, checks: NewCheck[]): Promise<void> {
  if (!checks.length) return;
  await db
    .insertInto('vetting_check')
    .values(checks.map((c) => ({ application_id: c.applicationId, subject_key: c.subjectKey, subject_label: c.subjectLabel, kind: c.kind, result: c.result, checked_on: c.checkedOn, officer_user_id: c.officerUserId, connector: c.connector, evidence: c.evidence, file_id: c.fileId, recorded_at: c.at })))
    .execute();
}

/** Every check recorded on the application, newest first; the first of each subject and kind is the one that counts. */
export async function checksOf(db: Q, applicationId: string) {
  return db
    .selectFrom('vetting_check as c')
    .innerJoin('app_user as u', 'u.id', 'c.officer_user_id')
    .select(['c.id', 'c.subject_key', 'c.subject_label', 'c.kind', 'c.result', 'c.checked_on', 'c.connector', 'c.evidence', 'c.file_id', 'c.recorded_at', 'u.display_name as officer_name'])
    .where('c.application_id', '=', applicationId)
    .orderBy('c.id', 'desc')
    .execute();
}
export type CheckRow = Awaited<ReturnType<typeof checksOf>>[number];

export async function insertFile(db: Q, f: { applicationId: string; contentType: StoredContentType; content: Buffer; sha256: string; userId: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('vetting_check_file')
    .values({ application_id: f.applicationId, content_type: f.contentType, content: f.content, byte_size: f.content.length, sha256: f.sha256, uploaded_by: f.userId, uploaded_at: f.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An evidence file, only through the application it belongs to. */
export async function findFile(db: Q, applicationId: string, fileId: string) {
  return db.selectFrom('vetting_check_file').select(['id', 'content_type', 'content', 'byte_size']).where('application_id', '=', applicationId).where('id', '=', fileId).executeTakeFirst();
}
