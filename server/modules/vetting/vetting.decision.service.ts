import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { conflict, forbidden } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { notifyUser } from '../messages/messages.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { applicantCase, consulted, formVersion, officerCase } from './vetting.casework.access.ts';
import { latestDecision } from './vetting.casework.repository.ts';
import { checkSubjects, missingChecks, missingText } from './vetting.checks.ts';
import { checksOf } from './vetting.checks.repository.ts';
import { grantClearance } from './vetting.clearance.ts';
import { loadCriteria, REASONS, type ReasonCode } from './vetting.criteria.ts';
import * as repo from './vetting.decision.repository.ts';
import { parseDecision, parseRefusalAnswer, type Outcome } from './vetting.decision.schemas.ts';
import { latestAppeal } from './vetting.appeal.repository.ts';
import { appealWindow } from './vetting.appeal.schemas.ts';
import { moveApplication } from './vetting.lifecycle.ts';
import type { ApplicationRow } from './vetting.repository.ts';
import { STATE_NAMES, type ApplicationEvent } from './vetting.states.ts';

const EVENT_FOR: Record<Outcome, ApplicationEvent> = {
  granted: 'grant',
  'granted-with-conditions': 'grant-with-conditions',
  refused: 'propose-refusal',
  discontinued: 'discontinue',
};

const DAY = 86_400_000;

/** Tells the applicant their application has been decided; the message holds no reasons (they are on the page). */
const tellApplicant = (tx: Tx, application: ApplicationRow) =>
  notifyUser(tx, {
    type: 'vetting-decided',
    userId: application.applicant_user_id,
    subject: `Your vetting application ${application.reference} has been decided`,
    body: 'Open the link to see the outcome, the reasons we can give you and how to appeal.',
    link: `/vetting/applications/${application.id}/outcome`,
  });

export function createDecisionService(database: Database, config: Pick<Config, 'vettingCasework'>) {
  const criteria = loadCriteria(config.vettingCasework.criteriaFile);
  const { clearanceYears, appealDays } = config.vettingCasework;

  /** A decision needs every required check on every subject (discontinuing does not: it stops the checks). */
  async function assertChecksComplete(tx: Tx, application: ApplicationRow, outcome: Outcome) {
    if (application.state !== 'checks' || outcome === 'discontinued') return;
    const missing = missingChecks(await checkSubjects(tx.db, application.id), await checksOf(tx.db, application.id));
    if (missing.length) throw conflict('checks-missing', `Every required check must be recorded before a decision. Still missing: ${missingText(missing)}.`);
  }

  /** When the applicant must appeal by, counted as the appeals page counts it: whole UK days, the last one in full. */
  function appealDeadline(decidedAt: Date, window: { due_at: Date; extended_to: string | null } | undefined, now: Date) {
    const limit = appealWindow({ due_at: window?.due_at ?? new Date(decidedAt.getTime() + appealDays * DAY), extended_to: window?.extended_to ?? null }, now);
    return { ...limit, extendedTo: window?.extended_to ?? null, days: appealDays };
  }

  return {
    criteria,

    /** The decision form: the published criteria, the reason codes, and any check still missing. */
    async decisionForm(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.decision-form-viewed');
        const missing = missingChecks(await checkSubjects(tx.db, application.id), await checksOf(tx.db, application.id));
        await consulted(tx, application.id, 'vetting.decision-form-viewed');
        return { application, criteria, missing: missingText(missing) };
      });
    },

    /** Grants, grants with conditions, discontinues, or proposes refusal; the decider is the actor, always. */
    async decide(ctx: RequestContext, id: unknown, input: unknown) {
      const version = formVersion(input);
      const d = parseDecision(input, criteria);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.decided', true);
        await assertChecksComplete(tx, application, d.outcome);
        const final = d.outcome !== 'refused';
        await moveApplication(tx, application.id, EVENT_FOR[d.outcome], { version, reason: d.reasonCodes.join(', '), patch: final ? { decided_at: ctx.now } : {}, payload: { reasonCodes: d.reasonCodes } });
        await repo.insertDecision(tx.db, { applicationId: application.id, outcome: d.outcome, status: final ? 'final' : 'proposed', criteriaVersion: criteria.version, factors: d.factors, twoStage: d.twoStage, reasonCodes: d.reasonCodes, disclosable: d.disclosable, rationale: d.rationale, conditions: d.conditions, decidedBy: ctx.actor!.userId, at: ctx.now });
        if (d.outcome === 'granted' || d.outcome === 'granted-with-conditions') await grantClearance(tx, application, d.conditions, clearanceYears);
        if (final) await tellApplicant(tx, application);
        return { id: application.id, outcome: d.outcome };
      });
    },

    /** A second vetting officer agrees with a proposed refusal, or rejects it back to checks. Never the proposer. */
    async answerRefusal(ctx: RequestContext, id: unknown, input: unknown) {
      const version = formVersion(input);
      const a = parseRefusalAnswer(input);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, `vetting.refusal-${a.answer}`, true);
        const proposal = await latestDecision(tx.db, application.id);
        if (proposal?.status === 'proposed' && proposal.decided_by === ctx.actor!.userId) {
          throw new Refusal(forbidden('You proposed this refusal. A different vetting officer must agree with it or reject it.'), {
            kind: 'consultation',
            action: `vetting.refusal-${a.answer}`,
            subjectType: 'vetting-application',
            subjectId: application.id,
            purposeCode: 'vetting',
            decision: 'denied',
            policyIds: ['vetting.four-eyes'],
          });
        }
        await moveApplication(tx, application.id, a.answer === 'agree' ? 'agree-refusal' : 'reject-refusal', { version, reason: a.reason, patch: a.answer === 'agree' ? { decided_at: ctx.now } : {} });
        // The move succeeded, so the application was in "refusal proposed", which only a proposal puts it in.
        const answered = await repo.answerProposal(tx.db, { id: proposal!.id, status: a.answer === 'agree' ? 'agreed' : 'rejected', officerUserId: ctx.actor!.userId, reason: a.reason, at: ctx.now });
        if (!answered) throw conflict('stale-application', 'This proposal was answered by someone else a moment ago. Check the case and try again.');
        if (a.answer === 'agree') await tellApplicant(tx, application);
        return { id: application.id, answer: a.answer };
      });
    },

    /** The applicant's outcome: the decision, the reasons that may be disclosed, conditions, and how to appeal. */
    async outcome(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await applicantCase(tx, id, 'vetting.outcome-viewed');
        const decision = await latestDecision(tx.db, application.id);
        // Only a decision that stands is shown: not a proposal, nor one a second officer rejected.
        const stands = decision && (decision.status === 'final' || decision.status === 'agreed') ? decision : undefined;
        const clearance = stands && stands.outcome.startsWith('granted') ? await repo.clearanceOf(tx.db, application.applicant_user_id) : undefined;
        // An appeal window already opened (perhaps extended, with its reason) is the one that counts.
        const window = application.state === 'refused' ? await latestAppeal(tx.db, application.id) : undefined;
        await consulted(tx, application.id, 'vetting.outcome-viewed', 'vetting.own-application');
        const decidedAt = application.decided_at ? new Date(application.decided_at) : null;
        const disclosable = (stands?.disclosable ?? []) as ReasonCode[];
        return {
          application: { id: application.id, reference: application.reference, level: application.level, state: application.state, stateName: STATE_NAMES[application.state], decidedAt },
          decision: stands ? { outcome: stands.outcome, conditions: stands.conditions, reasons: disclosable.map((r) => ({ code: r, ...REASONS[r] })), withheld: stands.reason_codes.length - disclosable.length } : null,
          clearance: clearance?.application_id === application.id ? clearance : undefined,
          appeal: application.state === 'refused' && decidedAt ? appealDeadline(decidedAt, window, ctx.now) : null,
        };
      });
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
