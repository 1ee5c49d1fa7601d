import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DemoCaseworkBatch } from './seed.notification.ts';

type Q = Kysely<DB>;

/** Inserts the demo's notification facts and meetings, table by table, in chunks the engines accept. */
export async function insertDemoCasework(db: Q, b: DemoCaseworkBatch) {
  const put = async <T extends keyof DB & string>(table: T, rows: readonly object[]) => {
    for (let i = 0; i < rows.length; i += 1_000) await db.insertInto(table).values(rows.slice(i, i + 1_000) as never).execute();
  };
  await put('notification_disposal', b.disposals);
  await put('notification_event', b.events);
  await put('notification_breach', b.breaches);
  await put('mappa_meeting', b.meetings);
  await put('mappa_meeting_attendee', b.attendees);
  await put('mappa_action', b.actions);
}
