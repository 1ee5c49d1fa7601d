import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { conflict, notFound, unauthenticated } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import * as repo from './vetting.aftercare.repository.ts';
import { parseReport, parseReview, parseTaskNote, parseWithdrawal } from './vetting.aftercare.schemas.ts';
import { openAppealWindow } from './vetting.appeal.service.ts';
import { consulted, officerCase, requireOfficer } from './vetting.casework.access.ts';
import { requireUnrestricted } from './vetting.lifecycle.ts';

export const REPORT_NOT_FOUND = 'No report was found with that reference, or you do not have access to it.';
export const TASK_NOT_FOUND = 'No review task was found with that reference, or you do not have access to it.';

const denied = (action: string, subjectType: string, subjectId: string | undefined, policy: string, message: string) =>
  new Refusal(notFound(message), { kind: 'consultation', action, subjectType, subjectId, purposeCode: 'vetting', decision: 'denied', policyIds: [policy] });

/** A vetting officer's view of something about a holder: never their own. */
function officerOnly(tx: Tx, holderUserId: string | undefined, action: string, subjectType: string, subjectId: string | undefined, message: string) {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const policy = !holderUserId ? 'vetting.no-such-record' : !hasRole(actor, 'vetting-officer') ? 'vetting.officer-role' : holderUserId === actor.userId ? 'vetting.own-application' : null;
  if (policy) throw denied(action, subjectType, subjectId, policy, message);
  return actor;
}

export function createAftercareService(database: Database, config: Pick<Config, 'vettingCasework' | 'vettingAftercare'>) {
  const { appealDays } = config.vettingCasework;

  return {
    /** The holder's own clearance page: level, dates, "expires in N days", conditions and their reports. */
    async myClearance(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const clearance = await repo.holderClearance(tx.db, actor.userId);
        const reports = await repo.reportsOf(tx.db, actor.userId);
        const current = !!clearance && !clearance.withdrawn_at && new Date(clearance.expires_at) > ctx.now;
        const daysLeft = clearance && current ? repo.daysUntil(new Date(clearance.expires_at), ctx.now) : null;
        await tx.log({ kind: 'consultation', action: 'vetting.clearance-viewed', subjectType: 'vetting-application', subjectId: clearance?.application_id ?? undefined, purposeCode: 'vetting', policyIds: ['vetting.own-application'] });
        return { clearance, current, daysLeft, remind: daysLeft !== null && daysLeft <= config.vettingAftercare.reminderDays, reports };
      });
    },

    /** The holder reports a change of circumstances; vetting officers see it in their queue. */
    async report(ctx: RequestContext, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const actor = ctx.actor;
        if (!actor) throw unauthenticated();
        const clearance = await repo.holderClearance(tx.db, actor.userId);
        if (!clearance) throw denied('vetting.aftercare-reported', 'vetting-clearance', undefined, 'vetting.no-clearance', 'You do not hold a vetting clearance, so there is nothing to report against.');
        const r = parseReport(input, ctx.now);
        const id = await repo.insertReport(tx.db, { userId: actor.userId, applicationId: clearance.application_id, kind: r.kind, occurredOn: r.occurredOn, details: r.details, at: ctx.now });
        await tx.record({ type: 'vetting.aftercare-reported', subjectType: 'vetting-application', subjectId: clearance.application_id ?? undefined, payload: { reportId: id, kind: r.kind }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { id };
      });
    },

    /** Reports waiting for review and open review tasks, for vetting officers. */
    async queue(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        requireOfficer(tx, 'vetting.aftercare-queue-viewed');
        const view = { reports: await repo.openReports(tx.db, ctx.actor!.userId), tasks: await repo.openTasks(tx.db, ctx.actor!.userId) };
        await tx.log({ kind: 'consultation', action: 'vetting.aftercare-queue-viewed', subjectType: 'vetting-casework', purposeCode: 'vetting', policyIds: ['vetting.officer-role'] });
        return view;
      });
    },

    async viewReport(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const report = isUuid(id) ? await repo.findReport(tx.db, id) : undefined;
        officerOnly(tx, report?.user_id, 'vetting.aftercare-report-viewed', 'vetting-aftercare-report', report?.id, REPORT_NOT_FOUND);
        await tx.log({ kind: 'consultation', action: 'vetting.aftercare-report-viewed', subjectType: 'vetting-aftercare-report', subjectId: report!.id, purposeCode: 'vetting', policyIds: ['vetting.officer-role'] });
        return { report: report! };
      });
    },

    /** Records the review outcome once; a stale page is told who reviewed it first. */
    async reviewReport(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const report = isUuid(id) ? await repo.findReport(tx.db, id, true) : undefined;
        officerOnly(tx, report?.user_id, 'vetting.aftercare-reviewed', 'vetting-aftercare-report', report?.id, REPORT_NOT_FOUND);
        const r = parseReview(input);
        if (report!.outcome || report!.version !== r.version) throw conflict('stale-report', `This report was reviewed by ${report!.reviewer_name ?? 'someone else'}. Nothing of yours has been saved.`);
        await repo.reviewReport(tx.db, { id: report!.id, version: r.version, outcome: r.outcome, note: r.note, by: ctx.actor!.userId, at: ctx.now });
        await tx.record({ type: 'vetting.aftercare-reviewed', subjectType: 'vetting-aftercare-report', subjectId: report!.id, payload: { outcome: r.outcome }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { id: report!.id };
      });
    },

    async viewTask(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const task = isUuid(id) ? await repo.findTask(tx.db, id) : undefined;
        officerOnly(tx, task?.user_id, 'vetting.review-task-viewed', 'vetting-review-task', task?.id, TASK_NOT_FOUND);
        await tx.log({ kind: 'consultation', action: 'vetting.review-task-viewed', subjectType: 'vetting-review-task', subjectId: task!.id, purposeCode: 'vetting', policyIds: ['vetting.officer-role'] });
        return { task: task! };
      });
    },

    async completeTask(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const task = isUuid(id) ? await repo.findTask(tx.db, id, true) : undefined;
        officerOnly(tx, task?.user_id, 'vetting.review-task-completed', 'vetting-review-task', task?.id, TASK_NOT_FOUND);
        const { note } = parseTaskNote(input);
        if (!(await repo.completeTask(tx.db, { id: task!.id, note, by: ctx.actor!.userId, at: ctx.now }))) throw conflict('out-of-order', 'This review task has already been completed.');
        await tx.record({ type: 'vetting.review-task-completed', subjectType: 'vetting-review-task', subjectId: task!.id, payload: { kind: task!.kind }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        return { id: task!.id };
      });
    },

    /** The withdrawal form: the clearance that came from this application. */
    async withdrawalForm(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.withdrawal-form-viewed');
        const clearance = await repo.clearanceOfApplication(tx.db, application.id);
        await consulted(tx, application.id, 'vetting.withdrawal-form-viewed');
        return { application, clearance };
      });
    },

    /**
     * Withdraws the clearance with its reasons: register access ends at once (the register reads
     * withdrawn_at), the holder is told why and how to appeal, and the appeal window opens.
     */
    async withdraw(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.clearance-withdrawn', true);
        const { reason } = parseWithdrawal(input);
        await requireUnrestricted(tx.db, application.id);
        const clearance = await repo.clearanceOfApplication(tx.db, application.id);
        if (!clearance || clearance.withdrawn_at || new Date(clearance.expires_at) <= ctx.now) throw conflict('out-of-order', 'There is no current clearance from this application to withdraw.');
        await repo.withdrawClearance(tx.db, { userId: clearance.user_id, reason, by: ctx.actor!.userId, at: ctx.now });
        await tx.record({ type: 'vetting.clearance-withdrawn', subjectType: 'vetting-application', subjectId: application.id, payload: { level: clearance.level }, log: { kind: 'alteration', purposeCode: 'vetting', changes: [{ field: 'clearance.withdrawn_at', new: ctx.now.toISOString() }] } });
        const appealId = await openAppealWindow(tx, { applicationId: application.id, subject: 'withdrawal', decisionAt: ctx.now, appealDays });
        await notifyUser(tx, { type: 'vetting-clearance-withdrawn', userId: clearance.user_id, subject: `Your vetting clearance has been withdrawn: ${application.reference}`, body: `Your clearance has been withdrawn, so your register access has ended. You can read the reasons and appeal within ${appealDays} days.`, link: '/vetting/clearance' });
        return { appealId };
      });
    },
  };
}

export type AftercareService = ReturnType<typeof createAftercareService>;
