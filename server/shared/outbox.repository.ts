import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { RequestContext } from './context.ts';

export interface OutboxEvent {
  type: string;
  subjectType?: string;
  subjectId?: string;
  payload?: Record<string, unknown>;
}

/** Appends an event for delivery to other systems, in the caller's transaction. */
export async function appendOutboxEvent(db: Kysely<DB>, ctx: RequestContext, event: OutboxEvent): Promise<void> {
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
}
