import type { Transaction } from 'kysely';
import { kindForEvent, writeAccessLog, type AccessLogInput } from '../modules/audit/audit.log.ts';
import type { RequestContext } from '../shared/context.ts';
import { appendOutboxEvent, type OutboxEvent } from '../shared/outbox.repository.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** An event that an operation records about what it did, in its own transaction. */
export interface DomainEvent extends OutboxEvent {
  /** How the access log describes it, where the defaults (kind by event family) are not enough. */
  log?: Partial<AccessLogInput>;
}

/**
 * What an operation's body gets: the transaction, the request it serves, and
 * the two ways to leave a trace. Both write in the same transaction as the
 * change, so no operation can change or show data without its record.
 */
export interface Tx {
  db: Transaction<DB>;
  ctx: RequestContext;
  /** An event for other systems (the outbox), which also leaves its access-log entry. */
  record(event: DomainEvent): Promise<void>;
  /** An access-log entry alone: every view of personal data writes one. */
  log(entry: AccessLogInput): Promise<void>;
}

/**
 * Runs `fn` in one transaction. If `fn`, the outbox or the access log throws,
 * nothing is kept: the change and its record stand or fall together.
 */
export async function withTransaction<T>(
  database: Database,
  ctx: RequestContext,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    const tx: Tx = {
      db: trx,
      ctx,
      async record(event) {
        await appendOutboxEvent(trx, ctx, event);
        await writeAccessLog(trx, ctx, {
          kind: kindForEvent(event.type),
          action: event.type,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          ...event.log,
        });
      },
      async log(entry) {
        await writeAccessLog(trx, ctx, entry);
      },
    };
    return fn(tx);
  });
}
