import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationEventTable } from '../../db/schema.ts';

type Q = Kysely<DB>;

/** How a term runs with another (s.82(3)-(4)), as given on a form: the other term and any overlap. */
export interface TermRuns {
  how: 'concurrent' | 'consecutive' | 'partly-concurrent';
  withId: string;
  overlap: { length: number; unit: 'months' | 'weeks' | 'days' } | null;
}

const runsColumns = (r: TermRuns | null) => ({
  runs: r?.how ?? null,
  runs_with: r?.withId ?? null,
  overlap_length: r?.overlap?.length ?? null,
  overlap_unit: r?.overlap?.unit ?? null,
});

/** The record's fixed terms of imprisonment not removed, earliest first: what another term can run with. */
export async function fixedTerms(db: Q, nominalId: string) {
  return db
    .selectFrom('notification_disposal')
    .select(['id', 'relevant_date', 'sentenced_on', 'sentence_months', 'sentence_days', 'sentence_unit', 'runs'])
    .where('nominal_id', '=', nominalId)
    .where('kind', '=', 'imprisonment')
    .where('removed_at', 'is', null)
    .orderBy('relevant_date')
    .orderBy('recorded_at')
    .execute();
}

/** Records how a term recorded without it runs with another; false if it was answered (or removed) meanwhile. */
export async function setTermRuns(db: Q, nominalId: string, disposalId: string, runs: TermRuns): Promise<boolean> {
  const result = await db
    .updateTable('notification_disposal')
    .set(runsColumns(runs))
    .where('id', '=', disposalId)
    .where('nominal_id', '=', nominalId)
    .where('kind', '=', 'imprisonment')
    .where('runs', 'is', null)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What the clock reads for one nominal: its date of birth and every fact not removed. */
export async function clockFacts(db: Q, nominalId: string) {
  const [nominal, disposals, events, reviews] = await Promise.all([
    db.selectFrom('nominal').select(['date_of_birth', 'nominal_type']).where('id', '=', nominalId).executeTakeFirst(),
    db.selectFrom('notification_disposal').selectAll().where('nominal_id', '=', nominalId).where('removed_at', 'is', null).orderBy('relevant_date').orderBy('recorded_at').execute(),
    db.selectFrom('notification_event').selectAll().where('nominal_id', '=', nominalId).where('removed_at', 'is', null).orderBy('recorded_at').execute(),
    db.selectFrom('notification_review').selectAll().where('nominal_id', '=', nominalId).orderBy('applied_on').orderBy('created_at').execute(),
  ]);
  return { dateOfBirth: nominal?.date_of_birth ?? null, nominalType: nominal?.nominal_type ?? null, disposals, events, reviews };
}

export type ClockFacts = Awaited<ReturnType<typeof clockFacts>>;

/** The breaches proven, newest first. */
export async function breaches(db: Q, nominalId: string) {
  return db.selectFrom('notification_breach').selectAll().where('nominal_id', '=', nominalId).orderBy('proven_on', 'desc').orderBy('recorded_at', 'desc').execute();
}

/** Display names of the users who recorded or decided something, by id. */
export async function userNames(db: Q, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export interface NewDisposal {
  nominalId: string;
  kind: DB['notification_disposal']['kind'];
  relevantDate: string;
  sentenceMonths: number | null;
  /** A term given in weeks or days, in days, and which of the two it was given in. */
  sentenceDays: number | null;
  sentenceUnit: 'weeks' | 'days' | null;
  sentencedOn: string | null;
  dischargeMonths: number | null;
  schedule3: boolean | null;
  runs: TermRuns | null;
  court: string;
  description: string;
  userId: string;
  at: Date;
}

export async function insertDisposal(db: Q, d: NewDisposal): Promise<string> {
  const row = await db
    .insertInto('notification_disposal')
    .values({
      nominal_id: d.nominalId,
      kind: d.kind,
      relevant_date: d.relevantDate,
      sentence_months: d.sentenceMonths,
      sentence_days: d.sentenceDays,
      sentence_unit: d.sentenceUnit,
      sentenced_on: d.sentencedOn,
      discharge_months: d.dischargeMonths,
      schedule3: d.schedule3,
      ...runsColumns(d.runs),
      court: d.court,
      description: d.description,
      recorded_at: d.at,
      recorded_by: d.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEvent(db: Q, e: Insertable<NotificationEventTable>): Promise<string> {
  const row = await db.insertInto('notification_event').values(e).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** An open spell, no-fixed-address period, stay or order of this nominal, which can be given its end. */
export async function openEvent(db: Q, nominalId: string, eventId: string) {
  return db
    .selectFrom('notification_event')
    .select(['id', 'type', 'kind', 'from_date'])
    .where('id', '=', eventId)
    .where('nominal_id', '=', nominalId)
    .where('removed_at', 'is', null)
    .where('type', 'in', ['spell', 'no-fixed-address', 'shpo', 'stay'])
    .where('to_date', 'is', null)
    .executeTakeFirst();
}

/** Ends an open period; false if someone else ended or removed it first. */
export async function endEvent(db: Q, nominalId: string, eventId: string, to: string): Promise<boolean> {
  const result = await db
    .updateTable('notification_event')
    .set({ to_date: to })
    .where('id', '=', eventId)
    .where('nominal_id', '=', nominalId)
    .where('to_date', 'is', null)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A disposal or event of this nominal not yet removed, with what it was, for the removal form. */
export async function findFact(db: Q, nominalId: string, factId: string) {
  const disposal = await db.selectFrom('notification_disposal').select(['id', 'kind', 'relevant_date as date']).where('id', '=', factId).where('nominal_id', '=', nominalId).where('removed_at', 'is', null).executeTakeFirst();
  if (disposal) return { id: disposal.id, type: 'disposal', kind: disposal.kind as string, date: disposal.date as string | null };
  const event = await db.selectFrom('notification_event').select(['id', 'type', 'kind', 'on_date', 'from_date']).where('id', '=', factId).where('nominal_id', '=', nominalId).where('removed_at', 'is', null).executeTakeFirst();
  return event ? { id: event.id, type: event.type as string, kind: event.kind, date: event.on_date ?? event.from_date } : undefined;
}

/** Marks a disposal or event recorded in error as removed; false if it is not there to remove. */
export async function removeFact(db: Q, nominalId: string, factId: string, at: Date): Promise<'disposal' | 'event' | null> {
  const disposal = await db.updateTable('notification_disposal').set({ removed_at: at }).where('id', '=', factId).where('nominal_id', '=', nominalId).where('removed_at', 'is', null).executeTakeFirst();
  if (Number(disposal.numUpdatedRows) === 1) return 'disposal';
  const event = await db.updateTable('notification_event').set({ removed_at: at }).where('id', '=', factId).where('nominal_id', '=', nominalId).where('removed_at', 'is', null).executeTakeFirst();
  return Number(event.numUpdatedRows) === 1 ? 'event' : null;
}

export async function insertBreach(db: Q, b: { nominalId: string; duty: string; provenOn: string; details: string; userId: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('notification_breach')
    .values({ nominal_id: b.nominalId, duty: b.duty, proven_on: b.provenOn, details: b.details, recorded_at: b.at, recorded_by: b.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
