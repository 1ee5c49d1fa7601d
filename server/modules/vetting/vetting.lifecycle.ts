import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { conflict, notFound } from '../../errors.ts';
import { whenText } from '../register/register.items.service.ts';
import * as repo from './vetting.repository.ts';
import { openRestriction } from './vetting.rights.repository.ts';
import { nextState, type ApplicationEvent } from './vetting.states.ts';

/**
 * Restricted processing (UK GDPR Article 18): nothing about the application may change except
 * lifting the restriction. Every change of state goes through moveApplication, which asks this.
 */
export async function requireUnrestricted(db: Kysely<DB>, applicationId: string): Promise<void> {
  if (await openRestriction(db, applicationId)) throw conflict('restricted', 'Processing of this application is restricted: nothing can be changed until the restriction is lifted.');
}

/**
 * The one way an application changes state. It locks the application, asks the state machine,
 * checks the version the person was looking at, writes the move with its reason and the
 * outbox event (which leaves the access-log entry) in the caller's transaction. An action out
 * of order is refused (409) with the state machine's reason; a stale page with who moved it.
 */
export async function moveApplication(
  tx: Tx,
  applicationId: string,
  event: ApplicationEvent,
  options: { reason?: string; version?: number; patch?: repo.ApplicationPatch; payload?: Record<string, unknown> } = {},
): Promise<{ application: repo.ApplicationRow; to: string }> {
  const application = await repo.findApplication(tx.db, applicationId, true);
  if (!application) throw notFound('No vetting application was found with that reference, or you do not have access to it.');
  await requireUnrestricted(tx.db, applicationId);
  if (options.version !== undefined && options.version !== application.version) {
    const last = await repo.lastApplicationChange(tx.db, applicationId);
    throw conflict('stale-application', `This application was changed by ${last?.display_name ?? 'someone else'} at ${whenText(last?.updated_at ?? tx.ctx.now)}. Nothing of yours has been saved: check it and try again.`);
  }
  const move = nextState(application.state, event, { returnedBefore: application.returned_at !== null });
  if (!move.ok) throw conflict('out-of-order', move.reason);
  const moved = await repo.moveApplication(tx.db, {
    id: applicationId,
    version: application.version,
    from: application.state,
    to: move.to,
    event,
    reason: options.reason ?? '',
    actorUserId: tx.ctx.actor?.userId ?? null,
    at: tx.ctx.now,
    patch: options.patch ?? {},
  });
  // The row is locked, so this cannot happen; if it ever did, nothing is written.
  if (!moved) throw conflict('stale-application', 'This application was changed by someone else a moment ago. Check it and try again.');
  await tx.record({
    type: `vetting.${event}`,
    subjectType: 'vetting-application',
    subjectId: applicationId,
    payload: { from: application.state, to: move.to, ...options.payload },
    log: { kind: 'alteration', purposeCode: 'vetting', changes: [{ field: 'state', old: application.state, new: move.to }] },
  });
  return { application, to: move.to };
}
