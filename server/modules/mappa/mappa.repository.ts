import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { readableNominalIds } from '../register/register.access.repository.ts';

type Q = Kysely<DB>;

export interface AttendeeInput {
  name: string;
  agencyId: string;
  role: string;
}

export interface ActionInput {
  description: string;
  ownerName: string;
  ownerAgencyId: string | null;
  dueOn: string;
  doneOn: string | null;
}

export interface MeetingInput {
  level: number;
  heldOn: string;
  minutes: string;
  nextMeetingOn: string | null;
  attendees: AttendeeInput[];
  actions: ActionInput[];
}

/** The agencies attendees and action owners can come from: the choices on the meeting form. */
export async function agencies(db: Q) {
  return db.selectFrom('agency').select(['id', 'name']).where('kind', '<>', 'vetting-authority').orderBy('name').execute();
}

export async function agencyIdsExist(db: Q, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('agency').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The record's current MAPPA items (standard sensitivity always), newest first. */
export async function mappaItems(db: Q, nominalId: string) {
  return db
    .selectFrom('nominal_item as i')
    .select(['i.id', 'i.data', 'i.version', 'i.updated_at as updatedAt'])
    .where('i.nominal_id', '=', nominalId)
    .where('i.kind', '=', 'mappa')
    .where('i.removed_at', 'is', null)
    .orderBy('i.updated_at', 'desc')
    .execute();
}

/** Every version of every MAPPA item of the record, removed ones included, newest first, with who made it. */
export async function mappaHistory(db: Q, nominalId: string) {
  return db
    .selectFrom('nominal_item_history as h')
    .innerJoin('nominal_item as i', 'i.id', 'h.item_id')
    .leftJoin('app_user as u', 'u.id', 'h.changed_by')
    .select(['h.item_id as itemId', 'h.version', 'h.data', 'h.changed_at as changedAt', 'h.removed', 'u.display_name as changedByName'])
    .where('i.nominal_id', '=', nominalId)
    .where('i.kind', '=', 'mappa')
    .orderBy('h.changed_at', 'desc')
    .orderBy('h.version', 'desc')
    .execute();
}

export async function meetingsOf(db: Q, nominalId: string) {
  return db
    .selectFrom('mappa_meeting as m')
    .select([
      'm.id',
      'm.level',
      'm.held_on as heldOn',
      'm.next_meeting_on as nextMeetingOn',
      sql<number>`(select count(*)::int from mappa_meeting_attendee a where a.meeting_id = m.id)`.as('attendeeCount'),
      sql<number>`(select count(*)::int from mappa_action a where a.meeting_id = m.id and a.done_on is null)`.as('openActions'),
    ])
    .where('m.nominal_id', '=', nominalId)
    .orderBy('m.held_on', 'desc')
    .execute();
}

export async function findMeeting(db: Q, nominalId: string, meetingId: string) {
  const meeting = await db
    .selectFrom('mappa_meeting as m')
    .leftJoin('app_user as u', 'u.id', 'm.updated_by')
    .select(['m.id', 'm.level', 'm.held_on as heldOn', 'm.minutes', 'm.next_meeting_on as nextMeetingOn', 'm.version', 'm.updated_at as updatedAt', 'u.display_name as updatedByName'])
    .where('m.id', '=', meetingId)
    .where('m.nominal_id', '=', nominalId)
    .executeTakeFirst();
  if (!meeting) return undefined;
  const attendees = await db
    .selectFrom('mappa_meeting_attendee as a')
    .innerJoin('agency as g', 'g.id', 'a.agency_id')
    .select(['a.name', 'a.agency_id as agencyId', 'g.name as agencyName', 'a.role'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.position')
    .execute();
  const actions = await db
    .selectFrom('mappa_action as a')
    .leftJoin('agency as g', 'g.id', 'a.owner_agency_id')
    .select(['a.description', 'a.owner_name as ownerName', 'a.owner_agency_id as ownerAgencyId', 'g.name as ownerAgencyName', 'a.due_on as dueOn', 'a.done_on as doneOn'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.position')
    .execute();
  return { ...meeting, attendees, actions };
}

async function insertParts(db: Q, meetingId: string, nominalId: string, m: MeetingInput) {
  await db
    .insertInto('mappa_meeting_attendee')
    .values(m.attendees.map((a, position) => ({ meeting_id: meetingId, position, name: a.name, agency_id: a.agencyId, role: a.role })))
    .execute();
  if (m.actions.length) {
    await db
      .insertInto('mappa_action')
      .values(
        m.actions.map((a, position) => ({
          meeting_id: meetingId,
          nominal_id: nominalId,
          position,
          description: a.description,
          owner_name: a.ownerName,
          owner_agency_id: a.ownerAgencyId,
          due_on: a.dueOn,
          done_on: a.doneOn,
        })),
      )
      .execute();
  }
}

export async function insertMeeting(db: Q, nominalId: string, m: MeetingInput, userId: string, at: Date): Promise<string> {
  const row = await db
    .insertInto('mappa_meeting')
    .values({ nominal_id: nominalId, level: m.level, held_on: m.heldOn, minutes: m.minutes, next_meeting_on: m.nextMeetingOn, created_at: at, created_by: userId, updated_at: at, updated_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertParts(db, row.id, nominalId, m);
  return row.id;
}

/**
 * Replaces a meeting's details, attendees and actions if it is still at the version the
 * editor saw. Returns the new version, or undefined when someone else changed it first.
 */
export async function updateMeeting(db: Q, meetingId: string, nominalId: string, expectedVersion: number, m: MeetingInput, userId: string, at: Date) {
  const row = await db
    .updateTable('mappa_meeting')
    .set({ level: m.level, held_on: m.heldOn, minutes: m.minutes, next_meeting_on: m.nextMeetingOn, version: sql`version + 1`, updated_at: at, updated_by: userId })
    .where('id', '=', meetingId)
    .where('nominal_id', '=', nominalId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('mappa_meeting_attendee').where('meeting_id', '=', meetingId).execute();
  await db.deleteFrom('mappa_action').where('meeting_id', '=', meetingId).execute();
  await insertParts(db, meetingId, nominalId, m);
  return row.version;
}

type Reader = { userId: string; unitId: string; cleared: boolean };

/**
 * Meetings coming up on the records the reader may read: meetings arranged for today or later,
 * and the next meeting named by each record's latest meeting.
 */
export async function upcomingMeetings(db: Q, reader: Reader, today: string, limit = 100) {
  return db
    .selectFrom('mappa_meeting as m')
    .innerJoin('nominal as n', 'n.id', 'm.nominal_id')
    .select(['n.id as nominalId', 'n.reference', 'n.family_name as familyName', 'n.given_names as givenNames', 'm.id as meetingId', 'm.level',
      sql<string>`case when m.held_on >= ${today}::date then m.held_on else m.next_meeting_on end`.as('on'),
      sql<boolean>`m.held_on < ${today}::date`.as('isNext')])
    .where('n.id', 'in', readableNominalIds(db, reader))
    .where('n.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('m.held_on', '>=', sql<string>`${today}::date`),
        eb.and([
          eb('m.next_meeting_on', '>=', sql<string>`${today}::date`),
          // Only the latest meeting's "next meeting": once it is held (or arranged), that row speaks for it.
          eb.not(eb.exists(eb.selectFrom('mappa_meeting as later').select('later.id').whereRef('later.nominal_id', '=', 'm.nominal_id').whereRef('later.held_on', '>', 'm.held_on'))),
        ]),
      ]),
    )
    .orderBy('on')
    .limit(limit)
    .execute();
}

/** Actions not done by their due date, on records the reader may read. */
export async function overdueActions(db: Q, reader: Reader, today: string, limit = 100) {
  return db
    .selectFrom('mappa_action as a')
    .innerJoin('nominal as n', 'n.id', 'a.nominal_id')
    .leftJoin('agency as g', 'g.id', 'a.owner_agency_id')
    .select(['n.id as nominalId', 'n.reference', 'n.family_name as familyName', 'n.given_names as givenNames', 'a.meeting_id as meetingId', 'a.description', 'a.owner_name as ownerName', 'g.name as ownerAgencyName', 'a.due_on as dueOn'])
    .where('n.id', 'in', readableNominalIds(db, reader))
    .where('n.status', '=', 'active')
    .where('a.done_on', 'is', null)
    .where('a.due_on', '<', sql<string>`${today}::date`)
    .orderBy('a.due_on')
    .limit(limit)
    .execute();
}

/** MAPPA level reviews and risk management plan reviews due by a date, on records the reader may read. */
export async function reviewsDue(db: Q, reader: Reader, by: string, limit = 100) {
  return db
    .selectFrom('nominal_item as i')
    .innerJoin('nominal as n', 'n.id', 'i.nominal_id')
    .select(['n.id as nominalId', 'n.reference', 'n.family_name as familyName', 'n.given_names as givenNames', 'i.kind', sql<string>`i.data ->> 'reviewOn'`.as('reviewOn')])
    .where('n.id', 'in', readableNominalIds(db, reader))
    .where('n.status', '=', 'active')
    .where('i.removed_at', 'is', null)
    .where('i.sensitivity', '=', 'standard')
    .where((eb) => eb.or([eb('i.kind', '=', 'mappa'), eb.and([eb('i.kind', '=', 'rmp-action'), eb(sql`i.data ->> 'state'`, '=', 'open')])]))
    .where(sql<boolean>`(i.data ->> 'reviewOn')::date <= ${by}::date`)
    .orderBy(sql`(i.data ->> 'reviewOn')::date`)
    .limit(limit)
    .execute();
}
