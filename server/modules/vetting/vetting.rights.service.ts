import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { conflict, notFound, unauthenticated, type FieldError } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { equalityTaskStatus } from '../equality/equality.service.ts';
import { bodyOf, fail } from './vetting.appeal.schemas.ts';
import { APPLICATION_NOT_FOUND } from './vetting.casework.access.ts';
import { listAnswers } from './vetting.form.repository.ts';
import * as repo from './vetting.rights.repository.ts';
import { findApplication } from './vetting.repository.ts';

/** A restriction is recorded or lifted with a reason: what to fix when it is missing. */
export function parseReason(input: unknown, missing: string) {
  const raw = bodyOf(input).reason;
  const reason = typeof raw === 'string' ? raw.trim() : '';
  const errors: FieldError[] = [];
  if (!reason) errors.push({ field: 'reason', message: missing });
  else if (reason.length > 5000) errors.push({ field: 'reason', message: 'The reason must be 5000 characters or fewer' });
  fail(errors);
  return reason;
}

/** Vetting officers (never on their own file) and the data protection officer record restrictions. */
async function restrictionCase(tx: Tx, id: unknown, action: string, lock = false) {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const application = isUuid(id) ? await findApplication(tx.db, id, lock) : undefined;
  const allowed = hasRole(actor, 'vetting-officer') || hasRole(actor, 'data-protection-officer');
  const policy = !application ? 'vetting.no-such-application' : !allowed ? 'vetting.restriction-role' : application.applicant_user_id === actor.userId ? 'vetting.own-application' : null;
  if (policy || !application) throw new Refusal(notFound(APPLICATION_NOT_FOUND), { kind: 'consultation', action, subjectType: 'vetting-application', subjectId: application?.id, purposeCode: 'vetting', decision: 'denied', policyIds: [policy ?? 'vetting.no-such-application'] });
  return application;
}

export function createRightsService(database: Database) {
  return {
    /**
     * Everything held about the signed-in person as an applicant: their applications, answers,
     * history, decisions with the disclosable reasons, appeals, clearance, aftercare reports,
     * restrictions and erasures, and who viewed their file. Never relatives' link-entered details,
     * never the case officer's working notes or other people's data.
     */
    async myData(ctx: RequestContext, action = 'vetting.my-data-viewed') {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const applications = await repo.ownApplications(tx.db, actor.userId);
        const ids = applications.map((a) => a.id);
        const withAnswers = await Promise.all(
          applications.map(async (a) => ({
            ...a,
            answers: (await listAnswers(tx.db, a.id)).map((s) => ({ section: s.section, answers: s.answers, updatedAt: s.updatedAt })),
            equalityMonitoring: await equalityTaskStatus(tx.db, a.id, actor.userId),
          })),
        );
        const data = {
          generatedAt: ctx.now.toISOString(),
          person: { username: actor.username, name: actor.displayName },
          applications: withAnswers,
          history: await repo.historyOf(tx.db, ids),
          decisions: await repo.disclosableDecisions(tx.db, ids),
          appeals: await repo.appealsOf(tx.db, ids),
          clearance: (await repo.ownClearance(tx.db, actor.userId)) ?? null,
          aftercareReports: await repo.ownReports(tx.db, actor.userId),
          restrictions: await repo.restrictionsOf(tx.db, ids),
          erasures: await repo.erasuresOf(tx.db, ids),
          accessLog: (await repo.viewersOf(tx.db, actor.userId, ids)).map((e) => ({ at: e.recorded_at, kind: e.kind, action: e.action, decision: e.decision, applicationId: e.subject_id, by: e.by_you ? 'You' : [e.unit_name, e.agency_name].filter(Boolean).join(', ') || 'Vigil (automatic)' })),
        };
        // One entry per application read, so the person's own log shows this export too.
        for (const id of ids) await tx.log({ kind: 'consultation', action, subjectType: 'vetting-application', subjectId: id, purposeCode: 'vetting', policyIds: ['vetting.own-application'] });
        if (!ids.length) await tx.log({ kind: 'consultation', action, subjectType: 'vetting-application', purposeCode: 'vetting', policyIds: ['vetting.own-application'] });
        return data;
      });
    },

    /** The restriction page of an application: any open restriction and the history of them. */
    async restriction(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await restrictionCase(tx, id, 'vetting.restriction-viewed');
        const view = { application, open: await repo.openRestriction(tx.db, application.id), history: await repo.restrictionsOf(tx.db, [application.id]) };
        await tx.log({ kind: 'consultation', action: 'vetting.restriction-viewed', subjectType: 'vetting-application', subjectId: application.id, purposeCode: 'vetting', policyIds: ['vetting.restriction-role'] });
        return view;
      });
    },

    async restrict(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await restrictionCase(tx, id, 'vetting.restriction-recorded', true);
        const reason = parseReason(input, 'Enter the reason for restricting processing');
        const restrictionId = await repo.insertRestriction(tx.db, { applicationId: application.id, reason, by: ctx.actor!.userId, at: ctx.now });
        if (!restrictionId) throw conflict('restricted', 'Processing of this application is already restricted.');
        await tx.record({ type: 'vetting.restriction-recorded', subjectType: 'vetting-application', subjectId: application.id, payload: { restrictionId }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { applicationId: application.id };
      });
    },

    async lift(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await restrictionCase(tx, id, 'vetting.restriction-lifted', true);
        const reason = parseReason(input, 'Enter the reason for lifting the restriction');
        if (!(await repo.liftRestriction(tx.db, { applicationId: application.id, reason, by: ctx.actor!.userId, at: ctx.now }))) throw conflict('out-of-order', 'Processing of this application is not restricted.');
        await tx.record({ type: 'vetting.restriction-lifted', subjectType: 'vetting-application', subjectId: application.id, payload: {}, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { applicationId: application.id };
      });
    },
  };
}

export type RightsService = ReturnType<typeof createRightsService>;
