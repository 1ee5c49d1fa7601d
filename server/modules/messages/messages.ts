import type { Tx } from '../../db/transaction.ts';
import { insertMessage, type NewMessage } from './messages.repository.ts';

/**
 * Tells a user something in Vigil (their messages page), in the caller's
 * transaction: the message exists exactly when the thing it reports happened.
 * The outbox event lets other channels (email) follow. Say what happened and
 * what to do; never put record content beyond what the user may see.
 */
export async function notifyUser(tx: Tx, message: NewMessage & { type: string }): Promise<void> {
  await insertMessage(tx.db, message, tx.ctx.now);
  await tx.record({
    type: `message.${message.type}`,
    subjectType: 'user',
    subjectId: message.userId,
    payload: { subject: message.subject, link: message.link ?? null },
    log: { kind: 'administration' },
  });
}
