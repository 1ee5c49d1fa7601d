import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { addDays, ukToday } from '../../shared/clock.ts';
import type { RequestContext, Role } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { decideRecordAccess, readerFor, type RecordAccess } from '../register/register.access.ts';
import { NOT_FOUND, operation, Refusal, requireEditable } from '../register/register.editing.ts';
import { itemKind } from '../register/register.items.ts';
import { nominalHeading } from '../register/register.items.repository.ts';
import { whenText } from '../register/register.items.service.ts';
import * as repo from './mappa.repository.ts';
import { formVersion, parseMeeting } from './mappa.schemas.ts';

const MEETING_NOT_FOUND = 'That meeting was not found, or you do not have access to it.';

/** Who runs MAPPA across records: the co-ordinators, and managers who oversee the work. */
export const MAPPA_LIST_ROLES: readonly Role[] = ['mappa-coordinator', 'manager'];

/** Plan and level reviews falling due within this many days are shown as due. */
const REVIEW_WINDOW_DAYS = 28;


export function createMappaService(database: Database, config: Pick<Config, 'register'>) {
  const level = config.register.clearanceLevel;

  async function readable(tx: Tx, nominalId: unknown, action: string): Promise<(RecordAccess & { nominalId: string }) | null> {
    const a = await decideRecordAccess(tx, await readerFor(tx, level), nominalId);
    if (a.read.allowed) return a as RecordAccess & { nominalId: string };
    await tx.log({ kind: 'consultation', action, subjectType: 'nominal', subjectId: a.nominalId ?? undefined, purposeCode: 'mappa-meeting', decision: 'denied', policyIds: a.read.policyIds });
    return null;
  }

  const consulted = (tx: Tx, a: RecordAccess & { nominalId: string }, action: string, owningAgencyId?: string) =>
    tx.log({ kind: 'consultation', action, subjectType: 'nominal', subjectId: a.nominalId, subjectAgencyId: owningAgencyId, purposeCode: 'mappa-meeting', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });

  /** Tells a stale editor who changed the meeting, and when; nothing of theirs was saved. */
  async function staleMeeting(tx: Tx, nominalId: string, meetingId: string): Promise<never> {
    const now = await repo.findMeeting(tx.db, nominalId, meetingId);
    throw conflict('stale-edit', `This meeting was changed by ${now?.updatedByName ?? 'someone else'} at ${whenText(now?.updatedAt ?? tx.ctx.now)}. Your change has not been saved: check the current details and make it again.`);
  }

  return {
    /** The record's MAPPA page: its level and category now, every version with who set it and when, and its meetings. */
    async viewRecordMappa(ctx: RequestContext, nominalId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await readable(tx, nominalId, 'mappa.record-viewed');
        if (!a) return null;
        const nominal = (await nominalHeading(tx.db, a.nominalId))!;
        const current = await repo.mappaItems(tx.db, a.nominalId);
        const history = await repo.mappaHistory(tx.db, a.nominalId);
        const meetings = await repo.meetingsOf(tx.db, a.nominalId);
        await consulted(tx, a, 'mappa.record-viewed', nominal.owningAgencyId);
        return { nominal, current, history, meetings, def: itemKind('mappa')!, canEdit: a.canEdit, breakGlass: a.breakGlass };
      });
      if (!result) throw notFound(NOT_FOUND);
      return result;
    },

    /** What the meeting form needs: the record's heading and the agencies to choose from. */
    async meetingForm(ctx: RequestContext, nominalId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await readable(tx, nominalId, 'mappa.meeting-form-viewed');
        if (!a) return null;
        const nominal = (await nominalHeading(tx.db, a.nominalId))!;
        await consulted(tx, a, 'mappa.meeting-form-viewed', nominal.owningAgencyId);
        return { nominal, agencies: await repo.agencies(tx.db), canEdit: a.canEdit, breakGlass: a.breakGlass };
      });
      if (!result) throw notFound(NOT_FOUND);
      return result;
    },

    /** Records a level 2 or 3 meeting (held, or arranged) with its attendees and actions. */
    async recordMeeting(ctx: RequestContext, nominalId: unknown, input: unknown) {
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, 'mappa.meeting-recorded');
        const meeting = parseMeeting(input, await repo.agencies(tx.db), ctx.now);
        const id = await repo.insertMeeting(tx.db, a.nominalId, meeting, ctx.actor!.userId, ctx.now);
        await tx.record({
          type: 'mappa.meeting-recorded',
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { meetingId: id, level: meeting.level, heldOn: meeting.heldOn },
          log: { kind: 'collection', purposeCode: 'mappa-meeting', policyIds: a.read.policyIds },
        });
        return { id, nominalId: a.nominalId };
      });
    },

    /** One meeting with its attendees, minutes and actions. */
    async viewMeeting(ctx: RequestContext, nominalId: unknown, meetingId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await readable(tx, nominalId, 'mappa.meeting-viewed');
        if (!a) return null;
        const meeting = isUuid(meetingId) ? await repo.findMeeting(tx.db, a.nominalId, meetingId) : undefined;
        if (!meeting) return null;
        const nominal = (await nominalHeading(tx.db, a.nominalId))!;
        await consulted(tx, a, 'mappa.meeting-viewed', nominal.owningAgencyId);
        return { nominal, meeting, agencies: await repo.agencies(tx.db), canEdit: a.canEdit, breakGlass: a.breakGlass };
      });
      if (!result) throw notFound(MEETING_NOT_FOUND);
      return result;
    },

    /** Changes a meeting if nobody else has since the editor loaded it; otherwise says who did, and when (409). */
    async changeMeeting(ctx: RequestContext, nominalId: unknown, meetingId: unknown, input: unknown) {
      const expected = formVersion(input);
      return operation(database, ctx, async (tx) => {
        const a = await requireEditable(tx, await readerFor(tx, level), nominalId, 'mappa.meeting-changed');
        const current = isUuid(meetingId) ? await repo.findMeeting(tx.db, a.nominalId, meetingId) : undefined;
        if (!current) throw notFound(MEETING_NOT_FOUND);
        const meeting = parseMeeting(input, await repo.agencies(tx.db), ctx.now);
        if (current.version !== expected) return staleMeeting(tx, a.nominalId, current.id);
        const version = await repo.updateMeeting(tx.db, current.id, a.nominalId, expected, meeting, ctx.actor!.userId, ctx.now);
        if (version === undefined) return staleMeeting(tx, a.nominalId, current.id);
        await tx.record({
          type: 'mappa.meeting-changed',
          subjectType: 'nominal',
          subjectId: a.nominalId,
          payload: { meetingId: current.id, version },
          log: { kind: 'alteration', purposeCode: 'mappa-meeting', policyIds: a.read.policyIds, changes: [{ field: 'mappa-meeting', old: current.version, new: version }] },
        });
        return { id: current.id, version, nominalId: a.nominalId };
      });
    },

    /**
     * A co-ordinator's work: meetings coming up, actions overdue, and level and plan reviews due,
     * over the records they may read (scoped in SQL).
     */
    async coordinatorWork(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx, level);
        if (!MAPPA_LIST_ROLES.some((r) => reader.roles.includes(r))) {
          throw new Refusal(forbidden('Only MAPPA co-ordinators and managers can see MAPPA work across records.'), { kind: 'consultation', action: 'mappa.work-viewed', subjectType: 'mappa-work', purposeCode: 'mappa-meeting', decision: 'denied', policyIds: ['mappa.coordinator-role'] });
        }
        const today = ukToday(ctx.now);
        const reviewBy = addDays(today, REVIEW_WINDOW_DAYS);
        // One after another: a transaction is one connection.
        const upcoming = await repo.upcomingMeetings(tx.db, reader, today);
        const overdue = await repo.overdueActions(tx.db, reader, today);
        const reviews = await repo.reviewsDue(tx.db, reader, reviewBy);
        await tx.log({ kind: 'consultation', action: 'mappa.work-viewed', subjectType: 'mappa-work', purposeCode: 'mappa-meeting', policyIds: ['mappa.coordinator-role'] });
        return { upcoming, overdue, reviews, today, reviewBy, reviewWindowDays: REVIEW_WINDOW_DAYS };
      });
    },
  };
}

export type MappaService = ReturnType<typeof createMappaService>;
