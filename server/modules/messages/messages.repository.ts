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

/** One user's messages, newest first: the only list of messages there is, scoped to its owner in SQL. */
export async function listMessages(db: Kysely<DB>, userId: string, window: { limit: number; offset: number }) {
  const { total } = await db.selectFrom('user_message').select((eb) => eb.fn.countAll<string>().as('total')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('user_message')
    .select(['id', 'subject', 'body', 'link', 'created_at as createdAt', 'read_at as readAt'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return { items, total: Number(total) };
}

export async function countUnread(db: Kysely<DB>, userId: string): Promise<number> {
  const { n } = await db.selectFrom('user_message').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(n);
}

/** Marks one of the user's own messages read; false if they have no such message. */
export async function markRead(db: Kysely<DB>, id: string, userId: string, at: Date): Promise<boolean> {
  const found = await db.selectFrom('user_message').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!found) return false;
  if (!found.read_at) await db.updateTable('user_message').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).execute();
  return true;
}
