import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface NewMessage {
  userId: string;
  subject: string;
  body: string;
  /** A path inside Vigil, such as the record or the transfer the message is about. */
  link?: string;
}

export async function insertMessage(db: Kysely<DB>, m: NewMessage, now: Date): Promise<void> {
  await db.insertInto('user_message').values({ user_id: m.userId, subject: m.subject, body: m.body, link: m.link ?? null, created_at: now }).execute();
}
