import type { Kysely, Updateable } from 'kysely';
import type { DB, NotificationReviewTable } from '../../db/schema.ts';

type Q = Kysely<DB>;

export async function insertReview(db: Q, r: { nominalId: string; appliedOn: string; userId: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('notification_review')
    .values({ nominal_id: r.nominalId, applied_on: r.appliedOn, created_at: r.at, updated_at: r.at, updated_by: r.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One review of this nominal, with the names of who decided it and who last changed it. */
export async function findReview(db: Q, nominalId: string, reviewId: string) {
  return db
    .selectFrom('notification_review as r')
    .leftJoin('app_user as d', 'd.id', 'r.decided_by')
    .leftJoin('app_user as u', 'u.id', 'r.updated_by')
    .selectAll('r')
    .select(['d.display_name as decidedByName', 'u.display_name as updatedByName'])
    .where('r.id', '=', reviewId)
    .where('r.nominal_id', '=', nominalId)
    .executeTakeFirst();
}

export type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

/** An application still waiting for a decision, or a refusal whose appeal is not yet decided. */
export async function openReview(db: Q, nominalId: string) {
  return db
    .selectFrom('notification_review')
    .select(['id', 'applied_on'])
    .where('nominal_id', '=', nominalId)
    .where((eb) => eb.or([eb('outcome', 'is', null), eb.and([eb('appeal_lodged_on', 'is not', null), eb('appeal_outcome', 'is', null)])]))
    .executeTakeFirst();
}

/** Changes a review if it is still at `expectedVersion`; the new version, or undefined if someone else changed it first. */
export async function updateReview(db: Q, id: string, expectedVersion: number, set: Updateable<NotificationReviewTable>, userId: string, at: Date): Promise<number | undefined> {
  const row = await db
    .updateTable('notification_review')
    .set({ ...set, version: expectedVersion + 1, updated_at: at, updated_by: userId })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** The date from which the person may apply again, as the clock gave it after the decision; no new version (it follows from the decision). */
export async function setNextEligible(db: Q, id: string, date: string | null): Promise<void> {
  await db.updateTable('notification_review').set({ next_eligible_on: date }).where('id', '=', id).execute();
}
