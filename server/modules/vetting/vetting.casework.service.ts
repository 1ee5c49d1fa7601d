import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { badRequest } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation } from '../register/register.editing.ts';
import { applicantCase, consulted, formVersion, officerCase, requireOfficer } from './vetting.casework.access.ts';
import * as caseRepo from './vetting.casework.repository.ts';
import { QUEUE_STATES, type QueueState } from './vetting.casework.repository.ts';
import { CHECK_KINDS, checkSubjects, missingChecks, requiredChecks, type CheckKind } from './vetting.checks.ts';
import * as checksRepo from './vetting.checks.repository.ts';
import { moveApplication } from './vetting.lifecycle.ts';
import { applicationHistory } from './vetting.repository.ts';

const DAY = 86_400_000;

/** Where a case stands against the service target for a decision. */
export function timeLimit(submittedAt: Date | null, now: Date, targetDays: number) {
  if (!submittedAt) return null;
  const days = Math.floor((now.getTime() - new Date(submittedAt).getTime()) / DAY);
  return { days, targetDays, dueBy: new Date(new Date(submittedAt).getTime() + targetDays * DAY), overdue: days > targetDays, daysLeft: targetDays - days };
}

/** The list of what is missing: one thing a line, blank lines ignored, at least one. */
export function parseReturnItems(input: unknown): string[] {
  const text = typeof (input as { items?: unknown })?.items === 'string' ? ((input as { items: string }).items) : '';
  const items = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!items.length) throw badRequest('invalid-input', 'Enter what is missing, one thing on each line', [{ field: 'items', message: 'Enter what is missing, one thing on each line' }]);
  if (items.length > 30) throw badRequest('invalid-input', 'Ask for 30 things or fewer: the applicant needs a list they can act on', [{ field: 'items', message: 'Ask for 30 things or fewer' }]);
  const long = items.find((l) => l.length > 500);
  if (long) throw badRequest('invalid-input', 'Each thing missing must be 500 characters or fewer', [{ field: 'items', message: 'Each thing missing must be 500 characters or fewer' }]);
  return items;
}

export function createCaseworkService(database: Database, config: Pick<Config, 'vettingCasework'>) {
  const target = config.vettingCasework.decisionTargetDays;

  return {
    /** The officers' queue, with the time limits; filtered by state and level. */
    async queue(ctx: RequestContext, query: { state?: unknown; level?: unknown }) {
      const state = typeof query.state === 'string' && query.state ? query.state : '';
      const level = typeof query.level === 'string' && query.level ? query.level : '';
      if (state && !(QUEUE_STATES as readonly string[]).includes(state)) throw badRequest('invalid-input', 'Choose a state from the list', [{ field: 'state', message: 'Choose a state from the list' }]);
      if (level && level !== 'NPPV2' && level !== 'NPPV3') throw badRequest('invalid-input', 'Choose NPPV2 or NPPV3', [{ field: 'level', message: 'Choose NPPV2 or NPPV3' }]);
      return operation(database, ctx, async (tx) => {
        requireOfficer(tx, 'vetting.queue-viewed');
        const rows = await caseRepo.queue(tx.db, { officerUserId: ctx.actor!.userId, states: state ? [state as QueueState] : [...QUEUE_STATES], level: (level || null) as 'NPPV2' | 'NPPV3' | null });
        await tx.log({ kind: 'consultation', action: 'vetting.queue-viewed', subjectType: 'vetting-casework', purposeCode: 'vetting', policyIds: ['vetting.officer-role'] });
        const cases = rows.map((r) => ({ ...r, limit: timeLimit(r.submitted_at, ctx.now, target) }));
        // Overdue first, then the rest, each oldest first (the SQL's order).
        cases.sort((a, b) => Number(!!b.limit?.overdue) - Number(!!a.limit?.overdue));
        return { cases, filters: { state, level }, targetDays: target };
      });
    },

    /** One case: the application, its subjects with every check, decisions so far and its history. */
    async viewCase(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.case-viewed');
        const subjects = await checkSubjects(tx.db, application.id);
        const checks = await checksRepo.checksOf(tx.db, application.id);
        const decisions = await caseRepo.decisions(tx.db, application.id);
        const history = await applicationHistory(tx.db, application.id);
        await consulted(tx, application.id, 'vetting.case-viewed');
        const latest = (key: string, kind: CheckKind) => checks.find((c) => c.subject_key === key && c.kind === kind);
        const grid = subjects.map((s) => ({ subject: s, checks: requiredChecks(s).map((kind) => ({ kind, check: latest(s.key, kind) })) }));
        // Checks on people no longer listed stay on the case: they were run and must be seen.
        const listed = new Set(subjects.map((s) => s.key));
        const orphaned = checks.filter((c) => !listed.has(c.subject_key));
        return {
          application,
          grid,
          orphaned,
          checks,
          missing: missingChecks(subjects, checks),
          decisions,
          proposal: decisions.find((d) => d.status === 'proposed'),
          history,
          limit: timeLimit(application.submitted_at, ctx.now, target),
          kinds: CHECK_KINDS,
          isProposer: decisions.some((d) => d.status === 'proposed' && d.decided_by === ctx.actor!.userId),
        };
      });
    },

    /** A vetting officer takes the case: checks start and they are its case officer. */
    async takeCase(ctx: RequestContext, id: unknown, input: unknown) {
      const version = formVersion(input);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.take-case', true);
        await moveApplication(tx, application.id, 'take-case', { version, patch: { case_officer_id: ctx.actor!.userId } });
        return { id: application.id };
      });
    },

    /** Returns the application once, with the list of what is missing; the applicant is told. */
    async returnForInformation(ctx: RequestContext, id: unknown, input: unknown) {
      const version = formVersion(input);
      const items = parseReturnItems(input);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.return-for-information', true);
        await moveApplication(tx, application.id, 'return-for-information', { version, reason: `${items.length} thing(s) missing`, patch: { returned_at: ctx.now, return_items: JSON.stringify(items) }, payload: { items: items.length } });
        await notifyUser(tx, {
          type: 'vetting-returned',
          userId: application.applicant_user_id,
          subject: `Your vetting application ${application.reference} needs more information`,
          body: 'A vetting officer has returned your application with a list of what is missing. Add it and send your application back.',
          link: `/vetting/applications/${application.id}/returned`,
        });
        return { id: application.id };
      });
    },

    /** The applicant's view of what they were asked for when the application was returned. */
    async returnedItems(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, id, 'vetting.returned-viewed');
        await consulted(tx, application.id, 'vetting.returned-viewed', 'vetting.own-application');
        return { application: { id: application.id, reference: application.reference, state: application.state, returnedAt: application.returned_at }, items: application.return_items ?? [] };
      });
    },
  };
}

export type CaseworkService = ReturnType<typeof createCaseworkService>;
