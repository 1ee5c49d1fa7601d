import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { StatusRows } from './notification.status.ts';

/**
 * Replaces one nominal's computed status and open duties with `rows`, whole: delete then
 * insert, inside the caller's transaction so a reader never sees half of one computation.
 */
export async function replaceStatus(db: Kysely<DB>, rows: StatusRows): Promise<void> {
  await db.deleteFrom('notification_duty').where('nominal_id', '=', rows.nominalId).execute();
  await db.deleteFrom('notification_status').where('nominal_id', '=', rows.nominalId).execute();
  if (rows.status) await db.insertInto('notification_status').values(rows.status).execute();
  if (rows.duties.length) await db.insertInto('notification_duty').values(rows.duties).execute();
}
