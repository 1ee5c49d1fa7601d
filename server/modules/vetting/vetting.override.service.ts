import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { conflict, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { requireIndependent } from './vetting.appeal.involvement.ts';
import { ukToday } from '../../shared/clock.ts';
import { timeLimit } from './vetting.appeal.schemas.ts';
import { APPLICATION_NOT_FOUND, consulted } from './vetting.casework.access.ts';
import { decisions } from './vetting.casework.repository.ts';
import { checksOf } from './vetting.checks.repository.ts';
import { clearanceExpiry, grantClearance } from './vetting.clearance.ts';
import * as repo from './vetting.override.repository.ts';
import { parseOutcome, parseOverride } from './vetting.override.schemas.ts';
import { findApplication, type ApplicationRow } from './vetting.repository.ts';

export const OVERRIDE_NOT_FOUND = 'No override was found with that reference, or you do not have access to it.';

/** Only a refusal that stands (after the second officer, or after a dismissed appeal) can be overridden. */
const OVERRIDABLE = ['refused', 'appeal-dismissed'];

const denied = (action: string, subjectId: string | undefined, policy: string, error = notFound(APPLICATION_NOT_FOUND)) =>
  new Refusal(error, { kind: 'consultation', action, subjectType: 'vetting-application', subjectId, purposeCode: 'vetting', decision: 'denied', policyIds: [policy] });

export function createOverrideService(database: Database, config: Pick<Config, 'vettingCasework'>) {
  const { clearanceYears } = config.vettingCasework;

  /**
   * The senior authoriser: a vetting authoriser of the vetting authority that vets the applicant, with
   * no prior involvement in the case, and only for a refusal that stands (or one already overridden,
   * to show it). Anyone else: not found, logged with the real reason. An authoriser with a part in it:
   * refused, naming why.
   */
  async function authoriserCase(tx: Tx, id: unknown, action: string, options: { lock?: boolean; form?: boolean } = {}): Promise<ApplicationRow> {
    const actor = tx.ctx.actor;
    if (!actor) throw unauthenticated();
    const application = isUuid(id) ? await findApplication(tx.db, id, options.lock) : undefined;
    if (!application) throw denied(action, undefined, 'vetting.no-such-application');
    if (!hasRole(actor, 'vetting-authoriser') || (await repo.vettingAuthorityOf(tx.db, application.applicant_user_id)) !== actor.agencyId) {
      throw denied(action, application.id, 'vetting.override-authoriser');
    }
    if (options.form && !OVERRIDABLE.includes(application.state) && !(await repo.overrideOfApplication(tx.db, application.id))) {
      throw denied(action, application.id, 'vetting.override-refusal-stands');
    }
    await requireIndependent(tx, { applicationId: application.id, userId: actor.userId, name: actor.displayName, doing: 'authorise an override on this application', action, policy: 'vetting.override-independence' });
    return application;
  }

  const READERS = ['vetting-officer', 'vetting-authoriser'] as const;
  const isReader = (actor: NonNullable<RequestContext['actor']>) => READERS.some((r) => hasRole(actor, r));

  /**
   * Named overrides are read by the vetting authority (officers and authorisers), for scrutiny. Managers
   * are not: a colleague's vetting outcome is not theirs to see. Anyone else is refused (403, logged).
   */
  function requireReader(tx: Tx, action: string) {
    const actor = tx.ctx.actor;
    if (!actor) throw unauthenticated();
    if (!isReader(actor)) {
      throw new Refusal(forbidden('Only vetting officers and vetting authorisers can see risk-accepted overrides.'), { kind: 'consultation', action, subjectType: 'vetting-overrides', purposeCode: 'vetting', decision: 'denied', policyIds: ['vetting.override-readers'] });
    }
    return actor;
  }

  /** One override, for a reader who is not its applicant; anyone else: not found, logged with the real reason. */
  async function readableOverride(tx: Tx, id: unknown, action: string) {
    const actor = tx.ctx.actor;
    if (!actor) throw unauthenticated();
    const row = isUuid(id) ? await repo.findOverride(tx.db, id) : undefined;
    const policy = !row ? 'vetting.no-such-override' : !isReader(actor) ? 'vetting.override-readers' : row.applicant_user_id === actor.userId ? 'vetting.own-application' : null;
    if (policy || !row) throw denied(action, row?.application_id, policy ?? 'vetting.no-such-override', notFound(OVERRIDE_NOT_FOUND));
    return row;
  }

  /** The last day an override may run: the end of a normal clearance at the application's level, from today. */
  const latestReview = (level: 'NPPV2' | 'NPPV3', now: Date) => ukToday(clearanceExpiry(now, clearanceYears[level]));

  const withLimits = (o: repo.OverrideRow, now: Date) => ({ ...o, review: timeLimit('Review', o.review_on, now) });

  return {
    /** The override form, with the decision record and checks the authoriser weighs. */
    async form(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await authoriserCase(tx, id, 'vetting.override-form-viewed', { form: true });
        const view = { application, decisions: await decisions(tx.db, application.id), checks: await checksOf(tx.db, application.id), existing: await repo.overrideOfApplication(tx.db, application.id), overridable: OVERRIDABLE.includes(application.state), latest: latestReview(application.level, ctx.now) };
        await consulted(tx, application.id, 'vetting.override-form-viewed', 'vetting.override-authoriser');
        return view;
      });
    },

    /** Records the override and grants clearance with its conditions, ending no later than the review date. */
    async record(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await authoriserCase(tx, id, 'vetting.override-recorded', { lock: true });
        const o = parseOverride(input, ctx.now, latestReview(application.level, ctx.now));
        if (!OVERRIDABLE.includes(application.state)) throw conflict('out-of-order', 'An override can only follow a refusal that stands: after a second officer agreed it, or after an appeal was dismissed.');
        if (await repo.overrideOfApplication(tx.db, application.id)) throw conflict('out-of-order', 'This application already has a risk-accepted override.');
        const expiresAt = new Date(`${o.reviewOn}T00:00:00Z`);
        const overrideId = await repo.insertOverride(tx.db, { applicationId: application.id, authoriserUserId: ctx.actor!.userId, riskAssessment: o.riskAssessment, conditions: o.conditions, reviewOn: o.reviewOn, clearanceExpiresAt: expiresAt, at: ctx.now });
        await tx.record({ type: 'vetting.override-recorded', subjectType: 'vetting-application', subjectId: application.id, payload: { overrideId, reviewOn: o.reviewOn }, log: { kind: 'alteration', purposeCode: 'vetting' } });
        await grantClearance(tx, application, o.conditions, clearanceYears);
        await repo.limitClearance(tx.db, { userId: application.applicant_user_id, applicationId: application.id, expiresAt });
        await notifyUser(tx, { type: 'vetting-override', userId: application.applicant_user_id, subject: `Clearance granted with conditions: ${application.reference}`, body: 'A senior authoriser has granted you clearance with conditions, until a review date. Open the link to see them.', link: `/vetting/applications/${application.id}/appeal` });
        return { overrideId };
      });
    },

    /** Every override with its review date and adverse outcomes, and the counts scrutiny asks for. */
    async list(ctx: RequestContext, action = 'vetting.overrides-listed') {
      return operation(database, ctx, async (tx) => {
        const actor = requireReader(tx, action);
        const overrides = (await repo.listOverrides(tx.db, actor.userId)).map((o) => withLimits(o, ctx.now));
        await tx.log({ kind: 'consultation', action, subjectType: 'vetting-overrides', purposeCode: 'vetting', policyIds: ['vetting.override-readers'] });
        return { overrides, counts: { total: overrides.length, withAdverse: overrides.filter((o) => (o.adverse_outcomes ?? 0) > 0).length } };
      });
    },

    /** One override, its risk assessment, conditions and the outcomes recorded against it. */
    async view(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const row = await readableOverride(tx, id, 'vetting.override-viewed');
        const view = { override: withLimits(row, ctx.now), outcomes: await repo.outcomesOf(tx.db, row.id) };
        await consulted(tx, row.application_id, 'vetting.override-viewed', 'vetting.override-readers');
        return view;
      });
    },

    /** Records a later adverse outcome against an override (misconduct, crime...). */
    async recordOutcome(ctx: RequestContext, id: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const row = await readableOverride(tx, id, 'vetting.override-outcome-recorded');
        const o = parseOutcome(input, ctx.now, ukToday(new Date(row.decided_at)));
        await repo.insertOutcome(tx.db, { overrideId: row.id, kind: o.kind, occurredOn: o.occurredOn, description: o.description, userId: ctx.actor!.userId, at: ctx.now });
        await tx.record({ type: 'vetting.override-outcome-recorded', subjectType: 'vetting-application', subjectId: row.application_id, payload: { overrideId: row.id, kind: o.kind }, log: { kind: 'collection', purposeCode: 'vetting' } });
        return { overrideId: row.id };
      });
    },
  };
}

export type OverrideService = ReturnType<typeof createOverrideService>;
