import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DemoCaseworkBatch } from './seed.notification.ts';
import { insertRows } from './seed.repository.ts';

/** Inserts the demo's notification facts and meetings, table by table. */
export async function insertDemoCasework(db: Kysely<DB>, b: DemoCaseworkBatch) {
  await insertRows(db, 'notification_disposal', b.disposals);
  await insertRows(db, 'notification_event', b.events);
  await insertRows(db, 'notification_breach', b.breaches);
  await insertRows(db, 'mappa_meeting', b.meetings);
  await insertRows(db, 'mappa_meeting_attendee', b.attendees);
  await insertRows(db, 'mappa_action', b.actions);
}
