import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export async function findClearance(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('clearance')
    .select(['level', 'granted_at', 'expires_at', 'withdrawn_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}
