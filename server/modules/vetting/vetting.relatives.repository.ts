import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RelativeDetails } from './vetting.relatives.schemas.ts';
import type { Subject } from './vetting.subjects.ts';
import { relationshipKind } from './vetting.form.questions.ts';

type Q = Kysely<DB>;

export async function insertLink(db: Q, l: { applicationId: string; relationship: string; tokenHash: string; createdBy: string; at: Date; expiresAt: Date }): Promise<string> {
  const row = await db
    .insertInto('vetting_relative_link')
    .values({ application_id: l.applicationId, relationship: l.relationship, token_hash: l.tokenHash, created_by: l.createdBy, created_at: l.at, expires_at: l.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The applicant's view of their links: what they called each one and when it was used.
 * Deliberately never touches vetting_relative_details: the applicant never sees what was entered.
 */
export async function linksOf(db: Q, applicationId: string) {
  return db
    .selectFrom('vetting_relative_link')
    .select(['id', 'relationship', 'created_at', 'expires_at', 'used_at'])
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The link a token opens, with its application's state; `lock` holds it so it is used once only. */
export async function findLinkByHash(db: Q, tokenHash: string, lock = false) {
  let q = db
    .selectFrom('vetting_relative_link as l')
    .innerJoin('vetting_application as a', 'a.id', 'l.application_id')
    .select(['l.id', 'l.application_id', 'l.relationship', 'l.expires_at', 'l.used_at', 'a.state'])
    .where('l.token_hash', '=', tokenHash);
  if (lock) q = q.forUpdate('l');
  return q.executeTakeFirst();
}

/** Records what the relative entered and spends the link, in the caller's transaction. */
export async function submitDetails(db: Q, d: { linkId: string; applicationId: string; details: RelativeDetails; at: Date }): Promise<void> {
  await db.insertInto('vetting_relative_details').values({ link_id: d.linkId, application_id: d.applicationId, details: JSON.stringify(d.details), submitted_at: d.at }).execute();
  await db.updateTable('vetting_relative_link').set({ used_at: d.at }).where('id', '=', d.linkId).where('used_at', 'is', null).execute();
}

/** What relatives entered through their links, for casework only (never the applicant). */
export async function detailsOf(db: Q, applicationId: string) {
  const rows = await db
    .selectFrom('vetting_relative_details as d')
    .innerJoin('vetting_relative_link as l', 'l.id', 'd.link_id')
    .select(['l.id', 'l.relationship', 'd.details', 'd.submitted_at'])
    .where('d.application_id', '=', applicationId)
    .orderBy('d.submitted_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({ ...r, details: r.details as unknown as RelativeDetails }));
}

/**
 * The people who entered their own details through a link, as subjects of checks (listSubjects
 * in vetting.subjects.ts adds them after the applicant's own list). Key 'link:<link id>'.
 */
export async function linkSubjects(db: Q, applicationId: string): Promise<Subject[]> {
  const rows = await detailsOf(db, applicationId);
  return rows.map((r) => ({
    key: `link:${r.id}`,
    label: `${r.relationship.charAt(0).toUpperCase()}${r.relationship.slice(1)}: ${r.details.givenNames} ${r.details.familyName} (entered by them)`,
    kind: relationshipKind(r.relationship),
  }));
}

/** For erasure: the details go, the fact that a link was made and used stays. */
export async function deleteDetailsOf(db: Q, applicationId: string): Promise<number> {
  const r = await db.deleteFrom('vetting_relative_details').where('application_id', '=', applicationId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** For erasing the whole application: its links go too (the details with them). */
export async function deleteLinksOf(db: Q, applicationId: string): Promise<number> {
  await deleteDetailsOf(db, applicationId);
  const r = await db.deleteFrom('vetting_relative_link').where('application_id', '=', applicationId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function lockedUntil(db: Q, address: string, now: Date): Promise<Date | null> {
  const row = await db.selectFrom('vetting_relative_link_throttle').select('locked_until').where('address', '=', address).executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/** One wrong, expired or used link from an address, in a rolling window; `max` of them locks it (as sign-in does). */
export async function countFailure(db: Q, address: string, now: Date, max: number, windowMs: number): Promise<void> {
  const windowStart = new Date(now.getTime() - windowMs);
  const lockUntil = new Date(now.getTime() + windowMs);
  await sql`
    insert into vetting_relative_link_throttle as t (address, failures, window_started_at, locked_until)
    values (${address}, 1, ${now}, case when 1 >= ${max} then ${lockUntil}::timestamptz end)
    on conflict (address) do update set
      failures = case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end,
      locked_until = case
        when (case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end) >= ${max}
        then ${lockUntil}::timestamptz else t.locked_until end`.execute(db);
}
