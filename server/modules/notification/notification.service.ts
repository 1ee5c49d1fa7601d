import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { decideRecordAccess, readerFor, type RecordAccess } from '../register/register.access.ts';
import { lockedRecord, NOT_FOUND, operation, requireEditable } from '../register/register.editing.ts';
import { nominalHeading } from '../register/register.items.repository.ts';
import { computeClock } from './notification.clock.ts';
import { ukToday } from '../../shared/clock.ts';
import { toClockInput } from './notification.facts.ts';
import * as repo from './notification.repository.ts';
import { termText } from './notification.presenter.ts';
import { ADVANCE_KINDS, FORMS, formDef, londonInstant, parseForm, type FormDef, type FormValues } from './notification.schemas.ts';
import { statusRows } from './notification.status.ts';
import { replaceStatus } from './notification.status.repository.ts';
import { DEFAULT_CLOCK_CONFIG, type ClockConfig, type IsoDate } from './notification.types.ts';

/**
 * Runs the clock over one nominal's facts as they stand in this transaction and replaces its
 * stored status and open duties, so the work lists never disagree with the record page.
 */
export async function recomputeStatus(db: Kysely<DB>, nominalId: string, asOf: IsoDate, now: Date, clock: ClockConfig = DEFAULT_CLOCK_CONFIG) {
  const facts = await repo.clockFacts(db, nominalId);
  const result = computeClock(toClockInput(facts.dateOfBirth, facts.disposals, facts.events, facts.reviews, asOf), clock);
  await replaceStatus(db, statusRows(nominalId, result, asOf, now));
  return { facts, result };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const invalid = (field: string, message: string) => badRequest('invalid-input', message, [{ field, message }]);

/** The custodial term as given: months (at most 100 years), or weeks and days kept as days. */
function termOf(v: FormValues): { months: number | null; days: number | null; unit: 'weeks' | 'days' | null } {
  const length = v.sentenceLength as number;
  if (v.sentenceUnit === 'months') {
    if (length > 1200) throw invalid('sentenceLength', 'Length of the custodial term must be 1200 months or fewer');
    return { months: length, days: null, unit: null };
  }
  if (length < 1) throw invalid('sentenceLength', 'Length of the custodial term must be at least 1 week or 1 day');
  return v.sentenceUnit === 'weeks' ? { months: null, days: length * 7, unit: 'weeks' } : { months: null, days: length, unit: 'days' };
}

/** How a term runs with another term of the same record (s.82(3)-(4)), the other term checked; null when not answered. */
async function termRuns(tx: Tx, nominalId: string, v: FormValues, self: string | null): Promise<repo.TermRuns | null> {
  if (typeof v.runs !== 'string') return null;
  const withId = str(v.runsWith).toLowerCase();
  const terms = await repo.fixedTerms(tx.db, nominalId);
  if (withId === self || !terms.some((t) => t.id === withId)) throw invalid('runsWith', 'Select the other term this one runs with, from the terms recorded on this record');
  const overlap = v.runs === 'partly-concurrent' ? { length: v.overlapLength as number, unit: v.overlapUnit as 'months' | 'weeks' | 'days' } : null;
  return { how: v.runs as repo.TermRuns['how'], withId, overlap };
}
const noDisposal = () =>
  badRequest('no-disposal', 'Record the disposal that makes the person subject to notification first', [{ field: 'form', message: 'Record the disposal that makes the person subject to notification first' }]);

/** The form with the record's terms as the choices of "the other term" (leaving out the term itself). */
async function withTermChoices(tx: Tx, nominalId: string, form: FormDef, self: string | undefined): Promise<FormDef> {
  const terms = (await repo.fixedTerms(tx.db, nominalId)).filter((t) => t.id !== self);
  const choices = terms.map((t) => ({ value: t.id, text: termText(t) }));
  return { ...form, fields: form.fields.map((f) => (f.dynamic ? { ...f, choices } : f)) };
}

export function createNotificationService(database: Database, config: Pick<Config, 'register'>, clock: ClockConfig = DEFAULT_CLOCK_CONFIG) {
  const level = config.register.clearanceLevel;

  async function access(tx: Tx, nominalId: unknown): Promise<RecordAccess> {
    return decideRecordAccess(tx, await readerFor(tx, level), nominalId);
  }

  async function logDenied(tx: Tx, a: RecordAccess, action: string) {
    await tx.log({ kind: 'consultation', action, subjectType: 'nominal', subjectId: a.nominalId ?? undefined, purposeCode: 'case-management', decision: 'denied', policyIds: a.read.policyIds });
  }

  /** Writes one fact of a form's kind; gives its id. */
  async function insertFact(tx: Tx, form: FormDef, nominalId: string, v: FormValues): Promise<string> {
    const base = { nominal_id: nominalId, details: str(v.details), recorded_at: tx.ctx.now, recorded_by: tx.ctx.actor!.userId };
    switch (form.key) {
      case 'disposal': {
        // Only what the kind uses is kept, so the clock never reads a stray figure.
        const term = v.kind === 'imprisonment' ? termOf(v) : null;
        return repo.insertDisposal(tx.db, {
          nominalId,
          kind: v.kind as DB['notification_disposal']['kind'],
          relevantDate: str(v.relevantDate),
          sentenceMonths: term?.months ?? null,
          sentenceDays: term?.days ?? null,
          sentenceUnit: term?.unit ?? null,
          sentencedOn: v.kind === 'imprisonment' ? ((v.sentencedOn as string | null) ?? null) : null,
          dischargeMonths: v.kind === 'conditional-discharge' ? (v.dischargeMonths as number) : null,
          schedule3: typeof v.schedule3 === 'boolean' ? v.schedule3 : null,
          runs: v.kind === 'imprisonment' ? await termRuns(tx, nominalId, v, null) : null,
          court: str(v.court),
          description: str(v.description),
          userId: tx.ctx.actor!.userId,
          at: tx.ctx.now,
        });
      }
      case 'notification': {
        const expected = typeof v.expectedOn === 'string' ? v.expectedOn : null;
        if (expected && !(ADVANCE_KINDS as readonly string[]).includes(str(v.kind))) {
          throw invalid('expectedOn', 'Leave the date the change is expected empty: only a change (of name, home address, a stay, a household with a child, an account, a card or an identity document) can be notified in advance');
        }
        if (expected && expected <= str(v.date)) throw invalid('expectedOn', 'Date the change is expected must be after the date of the notification. Leave it empty if the change has happened');
        return repo.insertEvent(tx.db, { ...base, type: 'notification', kind: str(v.kind), on_date: str(v.date), expected_on: expected, place: str(v.place), taken_by: str(v.takenBy) });
      }
      case 'change':
        return repo.insertEvent(tx.db, { ...base, type: 'change', kind: str(v.kind), on_date: str(v.date) });
      case 'spell':
        return repo.insertEvent(tx.db, { ...base, type: 'spell', kind: str(v.kind), from_date: str(v.from), to_date: (v.to as string | null) ?? null });
      case 'stay':
        return repo.insertEvent(tx.db, { ...base, type: 'stay', premises: str(v.premises), from_date: str(v.from), to_date: (v.to as string | null) ?? null });
      case 'no-fixed-address':
      case 'shpo':
        return repo.insertEvent(tx.db, { ...base, type: form.key, from_date: str(v.from), to_date: (v.to as string | null) ?? null });
      case 'travel':
        return repo.insertEvent(tx.db, {
          ...base,
          type: 'travel',
          kind: 'travel',
          notified_at: londonInstant(str(v.notifiedOn), str(v.notifiedTime)),
          departure_at: londonInstant(str(v.departureOn), str(v.departureTime)),
          details_known_earlier: v.detailsKnownEarlier as boolean,
          destination: v.destination as 'other-country' | 'republic-of-ireland' | 'crown-dependency' | 'northern-ireland',
          place: str(v.place),
          taken_by: str(v.takenBy),
        });
      case 'breach':
        return repo.insertBreach(tx.db, { nominalId, duty: str(v.duty), provenOn: str(v.provenOn), details: str(v.details), userId: tx.ctx.actor!.userId, at: tx.ctx.now });
      default:
        throw notFound('There is no such form.');
    }
  }


  /** The record a change to its notification facts is made on: editable by the actor, and locked until the change commits. */
  async function editingRecord(tx: Tx, nominalId: unknown, action: string) {
    const a = await requireEditable(tx, await readerFor(tx, level), nominalId, action);
    await lockedRecord(tx, a.nominalId);
    return a;
  }
  return {
    /** The clock page: the period, the duties and every fact behind them, as of today in the UK. */
    async viewClock(ctx: RequestContext, nominalId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await access(tx, nominalId);
        if (!a.read.allowed) return logDenied(tx, a, 'notification.viewed').then(() => null);
        const id = a.nominalId!;
        const asOf = ukToday(ctx.now);
        const [heading, facts, breaches] = await Promise.all([nominalHeading(tx.db, id), repo.clockFacts(tx.db, id), repo.breaches(tx.db, id)]);
        const clockResult = computeClock(toClockInput(facts.dateOfBirth, facts.disposals, facts.events, facts.reviews, asOf), clock);
        const names = await repo.userNames(tx.db, [...breaches.map((b) => b.recorded_by), ...facts.events.map((e) => e.recorded_by), ...facts.reviews.map((r) => r.decided_by)]);
        await tx.log({ kind: 'consultation', action: 'notification.viewed', subjectType: 'nominal', subjectId: id, subjectAgencyId: heading!.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return { nominal: { ...heading!, nominalType: facts.nominalType }, asOf, clock: clockResult, facts, breaches, names, canEdit: a.canEdit, breakGlass: a.breakGlass };
      });
      if (!result) throw notFound(NOT_FOUND);
      return result;
    },

    /** The record's heading for a form, if the actor may change the record. */
    async formPage(ctx: RequestContext, nominalId: unknown, formKey: unknown, eventId?: unknown, factId?: unknown) {
      const form = formDef(formKey);
      if (!form) throw notFound('There is no such form.');
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, 'notification.form-viewed');
        const heading = (await nominalHeading(tx.db, a.nominalId))!;
        const period = eventId === undefined ? undefined : isUuid(eventId) ? await repo.openEvent(tx.db, a.nominalId, eventId) : undefined;
        if (eventId !== undefined && !period) throw notFound('That period was not found, or it has already ended.');
        const fact = factId === undefined || form.key === 'term-runs' ? undefined : isUuid(factId) ? await repo.findFact(tx.db, a.nominalId, factId) : undefined;
        if (factId !== undefined && form.key !== 'term-runs' && !fact) throw notFound('That entry was not found. It may have been removed already.');
        const term = form.key === 'term-runs' ? (isUuid(factId) ? (await repo.fixedTerms(tx.db, a.nominalId)).find((t) => t.id === factId && t.runs === null) : undefined) : undefined;
        if (form.key === 'term-runs' && !term) throw notFound('That term was not found, or how it runs has already been recorded.');
        // The terms another can run with are the record's own, so the choices are drawn here.
        const withForm = form.fields.some((f) => f.dynamic) ? await withTermChoices(tx, a.nominalId, form, term?.id) : form;
        await tx.log({ kind: 'consultation', action: 'notification.form-viewed', subjectType: 'nominal', subjectId: a.nominalId, subjectAgencyId: heading.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds });
        return { nominal: heading, form: withForm, period, fact: term ? { id: term.id, type: 'term', kind: termText(term), date: null } : fact };
      });
    },

    /** Records one fact (a disposal, a notification, a change, a period, travel, a breach) and recomputes the clock. */
    async record(ctx: RequestContext, nominalId: unknown, formKey: unknown, input: unknown) {
      const form = formDef(formKey);
      if (!form || form.key === 'end-spell' || form.key === 'remove' || form.key === 'term-runs') throw notFound('There is no such form.');
      const today = ukToday(ctx.now);
      const values = parseForm(form, input, today);
      return operation(database, ctx, async (tx) => {
        const a = await editingRecord(tx, nominalId, `notification.${form.key}-recorded`);
        if (form.key !== 'disposal') {
          const facts = await repo.clockFacts(tx.db, a.nominalId);
          if (!facts.disposals.length) throw noDisposal();
        }
        const id = await insertFact(tx, form, a.nominalId, values);
        await recomputeStatus(tx.db, a.nominalId, today, ctx.now, clock);
        await tx.record({
          type: `notification.${form.key}-recorded`,
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { id, kind: typeof values.kind === 'string' ? values.kind : form.key },
          log: { kind: 'collection', purposeCode: 'public-protection', policyIds: a.read.policyIds },
        });
        return { id, nominalId: a.nominalId, form };
      });
    },

    /** Gives an open period (custody, hospital, abroad, no fixed address, an order) its end date. */
    async endPeriod(ctx: RequestContext, nominalId: unknown, eventId: unknown, input: unknown) {
      const today = ukToday(ctx.now);
      const values = parseForm(FORMS['end-spell']!, input, today);
      return operation(database, ctx, async (tx) => {
        const a = await editingRecord(tx, nominalId, 'notification.period-ended');
        const period = isUuid(eventId) ? await repo.openEvent(tx.db, a.nominalId, eventId) : undefined;
        if (!period) throw notFound('That period was not found, or it has already ended.');
        const to = str(values.to);
        if (to < period.from_date!) throw badRequest('invalid-input', 'Date it ended must be the same as or after the date it started', [{ field: 'to', message: 'Date it ended must be the same as or after the date it started' }]);
        // An order can end in the future (a fixed term); custody, hospital and travel end when they end.
        if (period.type !== 'shpo' && to > today) throw badRequest('invalid-input', 'Date it ended must be today or in the past', [{ field: 'to', message: 'Date it ended must be today or in the past' }]);
        await repo.endEvent(tx.db, a.nominalId, period.id, to);
        await recomputeStatus(tx.db, a.nominalId, today, ctx.now, clock);
        await tx.record({
          type: 'notification.period-ended',
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { id: period.id, type: period.type },
          log: { kind: 'alteration', purposeCode: 'public-protection', policyIds: a.read.policyIds, changes: [{ field: `${period.type}.to_date`, old: null, new: to }] },
        });
        return { nominalId: a.nominalId };
      });
    },

    /** Records how a term recorded without the answer runs with another (s.82(3)-(4)); the period is worked out again. */
    async recordTermRuns(ctx: RequestContext, nominalId: unknown, disposalId: unknown, input: unknown) {
      const today = ukToday(ctx.now);
      const values = parseForm(FORMS['term-runs']!, input, today);
      return operation(database, ctx, async (tx) => {
        const a = await editingRecord(tx, nominalId, 'notification.term-runs-recorded');
        const id = isUuid(disposalId) ? disposalId.toLowerCase() : null;
        const runs = id ? await termRuns(tx, a.nominalId, values, id) : null;
        if (!id || !runs || !(await repo.setTermRuns(tx.db, a.nominalId, id, runs))) throw notFound('That term was not found, or how it runs has already been recorded.');
        await recomputeStatus(tx.db, a.nominalId, today, ctx.now, clock);
        await tx.record({
          type: 'notification.term-runs-recorded',
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { id, runs: runs.how },
          log: { kind: 'alteration', purposeCode: 'public-protection', policyIds: a.read.policyIds, changes: [{ field: 'notification_disposal.runs', old: null, new: runs.how }] },
        });
        return { nominalId: a.nominalId };
      });
    },

    /** Removes a disposal or a fact recorded in error: kept for the audit trail, no longer read by the clock; the reason goes in the access-log entry. */
    async removeFact(ctx: RequestContext, nominalId: unknown, factId: unknown, input: unknown) {
      const reason = str(parseForm(FORMS.remove!, input, ukToday(ctx.now)).reason);
      const today = ukToday(ctx.now);
      return operation(database, ctx, async (tx) => {
        const a = await editingRecord(tx, nominalId, 'notification.fact-removed');
        const removed = isUuid(factId) ? await repo.removeFact(tx.db, a.nominalId, factId, ctx.now) : null;
        if (!removed) throw notFound('That entry was not found. It may have been removed already.');
        await recomputeStatus(tx.db, a.nominalId, today, ctx.now, clock);
        await tx.record({
          type: 'notification.fact-removed',
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { id: factId as string, table: removed },
          log: { kind: 'alteration', purposeCode: 'public-protection', purposeText: reason, policyIds: a.read.policyIds, changes: [{ field: `${removed}.removed_at`, old: null, new: ctx.now.toISOString() }] },
        });
        return { nominalId: a.nominalId };
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
