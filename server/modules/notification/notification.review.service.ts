import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { decideRecordAccess, readerFor } from '../register/register.access.ts';
import { lockedRecord, operation, requireEditable } from '../register/register.editing.ts';
import { nominalHeading } from '../register/register.items.repository.ts';
import { whenText } from '../register/register.items.service.ts';
import { computeClock } from './notification.clock.ts';
import { ukToday } from '../../shared/clock.ts';
import { toClockInput } from './notification.facts.ts';
import { dayText, reviewStage } from './notification.presenter.ts';
import * as facts from './notification.repository.ts';
import * as repo from './notification.review.repository.ts';
import { FACTORS, REVIEW_FORMS, reviewStep, type ReviewStep } from './notification.review.schemas.ts';
import { parseForm, type FormValues } from './notification.schemas.ts';
import { recomputeStatus } from './notification.service.ts';
import { DEFAULT_CLOCK_CONFIG, type ClockConfig } from './notification.types.ts';

const REVIEW_NOT_FOUND = 'That review was not found, or you do not have access to it.';
/**
 * s.91B(2): why there is no date to apply from yet, or why the date shown is only the earliest it
 * can be; an application is not taken until it is put right.
 */
export const REVIEW_NOT_DATED: Record<string, string> = {
  'custody-not-recorded':
    'No time in custody or in hospital is recorded for the sentence that makes notification indefinite. The person may apply 15 years after their first notification after release (s.91B): record the time in custody or hospital first.',
  'not-released': 'The person has not been released from the custody or detention for the sentence. They may apply 15 years after their first notification after release (s.91B).',
  'no-relevant-notification':
    'The first notification after release is not recorded. The person may apply 15 years after it (s.91B): record that notification first (a notification of release, or the initial notification if they were inside on the relevant date).',
};

/** The factor that may honestly be "none"; every other one must say what was considered. */
const OPTIONAL_FACTORS = new Set(['other']);

/** A rule of the order of steps, broken: said on the form, nothing saved. */
const outOfOrder = (message: string, field = 'form') => badRequest('out-of-order', message, [{ field, message }]);

function versionOf(input: unknown): number {
  const v = Number((input as { version?: unknown } | undefined)?.version);
  if (!Number.isInteger(v) || v < 1) throw badRequest('invalid-input', 'The form is out of date: open the review again', [{ field: 'form', message: 'The form is out of date: open the review again' }]);
  return v;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function createReviewService(database: Database, config: Pick<Config, 'register'>, clock: ClockConfig = DEFAULT_CLOCK_CONFIG) {
  const level = config.register.clearanceLevel;

  async function clockNow(tx: Tx, nominalId: string, asOf: string) {
    const f = await facts.clockFacts(tx.db, nominalId);
    return { facts: f, result: computeClock(toClockInput(f.dateOfBirth, f.disposals, f.events, f.reviews, asOf), clock) };
  }

  /** The checks of one step against the review as it stands; a message says what must happen first. */
  function checkStep(step: ReviewStep, r: repo.ReviewRow, v: FormValues) {
    const notBefore = (field: string, date: string | null, what: string) => {
      if (date && typeof v[field] === 'string' && (v[field] as string) < date) throw outOfOrder(`${REVIEW_FORMS[step].fields.find((f) => f.name === field)!.label} must be on or after ${what} (${dayText(date)})`, field);
    };
    switch (step) {
      case 'acknowledge':
        if (r.outcome) throw outOfOrder('The decision has already been recorded');
        if (r.acknowledged_on) throw outOfOrder('The application has already been acknowledged');
        return notBefore('acknowledgedOn', r.applied_on, 'the date the application was received');
      case 'factors':
        if (r.outcome) throw outOfOrder('The decision has been recorded: the factors considered can no longer be changed');
        return;
      case 'decision': {
        if (r.outcome) throw outOfOrder('A decision has already been recorded');
        if (!r.acknowledged_on) throw outOfOrder('Record the acknowledgement of the application before the decision');
        const factors = r.factors as Record<string, unknown>;
        const missing = FACTORS.filter((f) => !OPTIONAL_FACTORS.has(f.name) && !(typeof factors[f.name] === 'string' && (factors[f.name] as string).trim()));
        if (missing.length) throw outOfOrder(`Record what was considered under every statutory factor before the decision. Missing: ${missing.map((f) => lower(f.label)).join('; ')}`);
        return notBefore('decidedOn', r.acknowledged_on, 'the acknowledgement');
      }
      case 'appeal':
        if (!r.outcome) throw outOfOrder('Record the decision before an appeal');
        if (r.outcome !== 'refused') throw outOfOrder('An appeal can be recorded only against a refusal');
        if (r.appeal_lodged_on) throw outOfOrder('An appeal has already been recorded');
        return notBefore('appealLodgedOn', r.decided_on, 'the decision');
      case 'appeal-decision':
        if (!r.appeal_lodged_on) throw outOfOrder('Record the appeal before the court\'s decision');
        if (r.appeal_outcome) throw outOfOrder('The court\'s decision has already been recorded');
        return notBefore('appealDecidedOn', r.appeal_lodged_on, 'the date the appeal was lodged');
    }
  }

  function changesOf(step: ReviewStep, v: FormValues, userId: string) {
    switch (step) {
      case 'acknowledge':
        return { acknowledged_on: v.acknowledgedOn as string };
      case 'factors':
        return { factors: JSON.stringify(Object.fromEntries(FACTORS.map((f) => [f.name, (v[f.name] as string | null) ?? '']))) };
      case 'decision':
        return { outcome: v.outcome as 'discharged' | 'refused', decided_on: v.decidedOn as string, reasons: v.reasons as string, decided_by: userId };
      case 'appeal':
        return { appeal_lodged_on: v.appealLodgedOn as string };
      case 'appeal-decision':
        return { appeal_outcome: v.appealOutcome as 'allowed' | 'dismissed', appeal_decided_on: v.appealDecidedOn as string };
    }
  }

  return {
    /** The application form, with whether and from when the person may apply. */
    async newReviewPage(ctx: RequestContext, nominalId: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, 'notification.review-form-viewed');
        const heading = (await nominalHeading(tx.db, a.nominalId))!;
        const { result } = await clockNow(tx, a.nominalId, ukToday(ctx.now));
        await tx.log({ kind: 'consultation', action: 'notification.review-form-viewed', subjectType: 'nominal', subjectId: a.nominalId, subjectAgencyId: heading.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds });
        return { nominal: heading, eligibleFrom: dayText(result.review.eligibleFrom), blockedBy: result.review.blockedBy };
      });
    },

    /** One review with its steps, as far as they have gone. */
    async viewReview(ctx: RequestContext, nominalId: unknown, reviewId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await decideRecordAccess(tx, await readerFor(tx, level), nominalId);
        if (!a.read.allowed) {
          await tx.log({ kind: 'consultation', action: 'notification.review-viewed', subjectType: 'nominal', subjectId: a.nominalId ?? undefined, purposeCode: 'case-management', decision: 'denied', policyIds: a.read.policyIds });
          return null;
        }
        const review = isUuid(reviewId) ? await repo.findReview(tx.db, a.nominalId!, reviewId) : undefined;
        if (!review) return null;
        const heading = (await nominalHeading(tx.db, a.nominalId!))!;
        await tx.log({ kind: 'consultation', action: 'notification.review-viewed', subjectType: 'nominal', subjectId: a.nominalId!, subjectAgencyId: heading.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return { nominal: heading, review, stage: reviewStage(review), canEdit: a.canEdit };
      });
      if (!result) throw notFound(REVIEW_NOT_FOUND);
      return result;
    },

    /** Records an application received, if the person may apply on that date. */
    async apply(ctx: RequestContext, nominalId: unknown, input: unknown) {
      const today = ukToday(ctx.now);
      const v = parseForm(REVIEW_FORMS.apply, input, today);
      const appliedOn = v.appliedOn as string;
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, 'notification.review-applied');
        await lockedRecord(tx, a.nominalId);
        const { facts: f, result } = await clockNow(tx, a.nominalId, today);
        if (result.period?.kind !== 'indefinite') throw outOfOrder('Review applies only to someone subject to notification indefinitely');
        const notDated = result.review.blockedBy ? REVIEW_NOT_DATED[result.review.blockedBy] : undefined;
        if (notDated) throw outOfOrder(notDated, 'appliedOn');
        const open = await repo.openReview(tx.db, a.nominalId);
        if (open) throw outOfOrder(`The application received on ${dayText(open.applied_on)} has not been decided: record its decision first`);
        if (result.review.eligibleFrom && appliedOn < result.review.eligibleFrom) {
          throw outOfOrder(`The person cannot apply before ${dayText(result.review.eligibleFrom)}: an application received on ${dayText(appliedOn)} is too early`, 'appliedOn');
        }
        const shpo = f.events.some((e) => e.type === 'shpo' && e.from_date! <= appliedOn && (!e.to_date || e.to_date >= appliedOn));
        if (shpo || result.review.blockedBy === 'shpo') throw outOfOrder('A sexual harm prevention order is in force: the person cannot apply while it lasts', 'appliedOn');
        const id = await repo.insertReview(tx.db, { nominalId: a.nominalId, appliedOn, userId: ctx.actor!.userId, at: ctx.now });
        await tx.record({ type: 'notification.review-applied', subjectType: 'nominal', subjectId: a.nominalId, payload: { reviewId: id }, log: { kind: 'collection', purposeCode: 'public-protection', policyIds: a.read.policyIds } });
        return { nominalId: a.nominalId, reviewId: id };
      });
    },

    /** One step of a review (acknowledgement, factors, decision, appeal, the court's decision), in order, on the version the form was opened at. */
    async step(ctx: RequestContext, nominalId: unknown, reviewId: unknown, stepName: unknown, input: unknown) {
      const step = reviewStep(stepName);
      if (!step) throw notFound('There is no such step of a review.');
      const today = ukToday(ctx.now);
      const v = parseForm(REVIEW_FORMS[step], input, today);
      const expected = versionOf(input);
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, `notification.review-${step}`);
        await lockedRecord(tx, a.nominalId);
        const review = isUuid(reviewId) ? await repo.findReview(tx.db, a.nominalId, reviewId) : undefined;
        if (!review) throw notFound(REVIEW_NOT_FOUND);
        if (review.version !== expected) {
          throw conflict('stale-review', `This review was changed by ${review.updatedByName ?? 'another user'} at ${whenText(new Date(review.updated_at))}. Nothing of yours has been saved: check the review and try again.`);
        }
        checkStep(step, review, v);
        const set = changesOf(step, v, ctx.actor!.userId);
        const version = await repo.updateReview(tx.db, review.id, expected, set, ctx.actor!.userId, ctx.now);
        if (version === undefined) throw conflict('stale-review', 'This review was changed by another user a moment ago. Nothing of yours has been saved: check the review and try again.');
        if (step === 'decision' || step === 'appeal-decision') {
          // A decision moves the clock: the stored status changes, and a refusal that stands sets the next date from which the person may apply.
          const { result } = await recomputeStatus(tx.db, a.nominalId, today, ctx.now, clock);
          const refusalStands = (set as { outcome?: string }).outcome === 'refused' || (set as { appeal_outcome?: string }).appeal_outcome === 'dismissed';
          await repo.setNextEligible(tx.db, review.id, refusalStands ? result.review.eligibleFrom : null);
        }
        await tx.record({
          type: `notification.review-${step}`,
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { reviewId: review.id, version },
          log: { kind: 'alteration', purposeCode: 'public-protection', policyIds: a.read.policyIds, changes: Object.keys(set).map((k) => ({ field: `notification_review.${k}`, old: (review as Record<string, unknown>)[k] ?? null, new: (set as Record<string, unknown>)[k] })) },
        });
        return { nominalId: a.nominalId, reviewId: review.id, done: REVIEW_FORMS[step].done };
      });
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
