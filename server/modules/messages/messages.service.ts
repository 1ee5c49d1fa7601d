import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { notFound, unauthenticated } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { pageWindow, PAGE_SIZE, PageSchema } from '../../shared/pagination.ts';
import { parseInput } from '../../shared/validation.ts';
import * as repo from './messages.repository.ts';

const MarkReadSchema = z.object({
  messageId: z.string({ error: 'Select a message to mark as read' }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Select a message to mark as read'),
});

const actorOf = (ctx: RequestContext) => {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
};

/** The signed-in user's own messages from Vigil (emergency access to their records, transfers...). */
export function createMessagesService(database: Database) {
  return {
    async listMessages(ctx: RequestContext, query: unknown) {
      const { page } = parseInput(PageSchema, query);
      const actor = actorOf(ctx);
      return withTransaction(database, ctx, async (tx) => {
        const list = await repo.listMessages(tx.db, actor.userId, pageWindow(page));
        await tx.log({ kind: 'consultation', action: 'messages.listed', subjectType: 'user', subjectId: actor.userId });
        return { ...list, page, pageSize: PAGE_SIZE };
      });
    },

    async markRead(ctx: RequestContext, input: unknown) {
      const actor = actorOf(ctx);
      const { messageId } = parseInput(MarkReadSchema, input);
      const done = await withTransaction(database, ctx, async (tx) => {
        const found = await repo.markRead(tx.db, messageId, actor.userId, ctx.now);
        if (found) await tx.log({ kind: 'alteration', action: 'messages.marked-read', subjectType: 'user-message', subjectId: messageId });
        return found;
      });
      if (!done) throw notFound('No message was found.');
    },

    /** For the header on every page: a count, nothing else, so it is not logged as a consultation. */
    async unreadCount(ctx: RequestContext): Promise<number> {
      const actor = actorOf(ctx);
      // One statement, on every page: it is atomic on its own, so no BEGIN and COMMIT around it.
      return repo.countUnread(database.db, actor.userId);
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
