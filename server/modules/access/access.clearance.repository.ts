import type { Kysely } from 'kysely';
import { preparedQuery } from '../../db/prepared.ts';
import type { DB } from '../../db/schema.ts';

// Every record view asks: compiled once, prepared on each connection.
const clearanceOf = preparedQuery((db, userId: string) =>
  db.selectFrom('clearance').select(['level', 'granted_at', 'expires_at', 'withdrawn_at']).where('user_id', '=', userId),
);

export async function findClearance(db: Kysely<DB>, userId: string) {
  const [row] = await clearanceOf(db, userId);
  return row;
}
