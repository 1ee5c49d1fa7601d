import type { Tx } from '../../db/transaction.ts';
import { badRequest, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { hasRole } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { Refusal } from '../register/register.editing.ts';
import * as repo from './vetting.repository.ts';

export const APPLICATION_NOT_FOUND = 'No vetting application was found with that reference, or you do not have access to it.';

/**
 * The application a vetting officer is working on. Anyone else, and an officer looking at their
 * own application (nobody works their own vetting), gets "not found", logged with the real reason.
 */
export async function officerCase(tx: Tx, id: unknown, action: string, lock = false): Promise<repo.ApplicationRow> {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const application = isUuid(id) ? await repo.findApplication(tx.db, id, lock) : undefined;
  const policy = !application ? 'vetting.no-such-application' : !hasRole(actor, 'vetting-officer') ? 'vetting.officer-role' : application.applicant_user_id === actor.userId ? 'vetting.own-application' : null;
  if (policy || !application) {
    throw new Refusal(notFound(APPLICATION_NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: application?.id, purposeCode: 'vetting', decision: 'denied', policyIds: [policy ?? 'vetting.no-such-application'] });
  }
  return application;
}

/** The applicant's own application; anyone else gets "not found", logged with the real reason. */
export async function applicantCase(tx: Tx, id: unknown, action: string): Promise<repo.ApplicationRow> {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const application = isUuid(id) ? await repo.findApplication(tx.db, id) : undefined;
  if (!application || application.applicant_user_id !== actor.userId) {
    throw new Refusal(notFound(APPLICATION_NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: application?.id, purposeCode: 'vetting', decision: 'denied', policyIds: [application ? 'vetting.not-the-applicant' : 'vetting.no-such-application'] });
  }
  return application;
}

/** Lists of casework are for vetting officers only (403, logged). */
export function requireOfficer(tx: Tx, action: string): void {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  if (!hasRole(actor, 'vetting-officer')) {
    throw new Refusal(forbidden('Only vetting officers can see vetting casework.'), { kind: 'consultation', action, subjectType: 'vetting-casework', purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.officer-role'] });
  }
}

/** A read of an application's casework, in the access log. */
export const consulted = (tx: Tx, applicationId: string, action: string, policy = 'vetting.officer-role') =>
  tx.log({ kind: 'consultation', action, subjectType: 'vetting-application', subjectId: applicationId, purposeCode: 'vetting', policyIds: [policy] });

/** The version of the application the form was filled in against. */
export function formVersion(input: unknown): number {
  const v = Number((input as { version?: unknown } | undefined)?.version);
  if (!Number.isInteger(v) || v < 1) throw badRequest('invalid-input', 'The form is missing its version: reload the page and try again', [{ field: 'version', message: 'Reload the page and try again' }]);
  return v;
}
