import type { Kysely, Transaction } from 'kysely';
import type { RequestContext } from '../shared/context.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** An event that an operation records about what it did, in its own transaction. */
export interface DomainEvent {
  type: string;
  subjectType?: string;
  subjectId?: string;
  /** Ids, codes and outcomes only: never the content of a record. */
  payload?: Record<string, unknown>;
}

/**
 * What an operation's body gets: the transaction, the request it serves, and
 * `record` to write its events. Hooks (the access log, the outbox) attach here
 * once, so no operation can change data without leaving its trace.
 */
export interface Tx {
  db: Transaction<DB>;
  ctx: RequestContext;
  record(event: DomainEvent): Promise<void>;
}

export type EventSink = (db: Kysely<DB>, ctx: RequestContext, event: DomainEvent) => Promise<void>;

const outboxSink: EventSink = async (db, ctx, event) => {
  await db
    .insertInto('outbox_event')
    .values({
      type: event.type,
      actor_user_id: ctx.actor?.userId ?? null,
      subject_type: event.subjectType ?? null,
      subject_id: event.subjectId ?? null,
      correlation_id: ctx.correlationId,
      payload: JSON.stringify(event.payload ?? {}),
      occurred_at: ctx.now,
    })
    .execute();
};

const sinks: EventSink[] = [outboxSink];

/** Lets another module (the access log) write beside every recorded event. */
export function addEventSink(sink: EventSink): void {
  if (!sinks.includes(sink)) sinks.push(sink);
}

/**
 * Runs `fn` in one transaction. If `fn` or any event write throws, nothing is
 * kept: the change and its record stand or fall together.
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
        for (const sink of sinks) await sink(trx, ctx, event);
      },
    };
    return fn(tx);
  });
}
