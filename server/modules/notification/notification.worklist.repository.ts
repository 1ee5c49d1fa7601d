import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { readableNominalIds } from '../register/register.access.repository.ts';
import type { Reader } from '../register/register.repository.ts';

type Q = Kysely<DB>;

export const WORKLISTS = ['overdue', 'due-7', 'due-30', 'breaches', 'reviews', 'incomplete', 'changed'] as const;
/** The lists of records rather than of duties. */
export type RecordList = 'reviews' | 'incomplete' | 'changed';
/** How far back the list of dates changed by the daily job reaches. */
export const CHANGED_DAYS = 30;
export type Worklist = (typeof WORKLISTS)[number];
export const SCOPES = ['mine', 'unit'] as const;
export type Scope = (typeof SCOPES)[number];

/** Whose records a list holds: the ones I manage, or the ones my unit owns. */
export type Owner = { managingOfficerId: string } | { owningUnitId: string };

export interface DutyRow {
  nominalId: string;
  reference: string;
  familyName: string;
  givenNames: string;
  duty: 'initial' | 'change' | 'periodic' | 'travel';
  changeKind: string | null;
  section: string;
  triggeredOn: string;
  dueBy: string;
}

export interface ReviewRow {
  nominalId: string;
  reference: string;
  familyName: string;
  givenNames: string;
  eligibleFrom: string;
}

/** A record whose facts the clock had to read without (ADR 0014 point 18): the warning codes, comma-separated. */
export interface IncompleteRow {
  nominalId: string;
  reference: string;
  familyName: string;
  givenNames: string;
  warnings: string;
}

/** A period or review date the daily job found changed (migration 0037). */
export interface ChangedRow {
  nominalId: string;
  reference: string;
  familyName: string;
  givenNames: string;
  changedFor: string;
  field: 'period' | 'review';
  oldValue: string;
  newValue: string;
  reason: string;
}

export type WorklistCounts = Record<Worklist, number>;

/**
 * The condition that puts an open duty on a list, as of `today` (a UK calendar date). The rows
 * were computed by the clock for some day; a duty's due date does not move with the day, so
 * overdue and due-soon are read from the date, not from the status stored with it.
 * "Breaches to record": overdue, and no breach proven for the record on or after the due date.
 */
const dutyCondition = (list: Exclude<Worklist, RecordList>, today: string) => {
  switch (list) {
    case 'overdue':
      return sql<boolean>`d.due_by < ${today}::date`;
    case 'due-7':
      return sql<boolean>`d.due_by between ${today}::date and ${today}::date + 7`;
    case 'due-30':
      return sql<boolean>`d.due_by between ${today}::date and ${today}::date + 30`;
    case 'breaches':
      return sql<boolean>`d.due_by < ${today}::date and not exists (select 1 from notification_breach b where b.nominal_id = d.nominal_id and b.proven_on >= d.due_by)`;
  }
};

/**
 * Reviews now possible: indefinite notification, eligible by today, nothing barring it but the
 * date (no order in force, the first notification after release recorded: s.91A(2), s.91B(2)),
 * and no application already waiting for a decision.
 */
const reviewCondition = (today: string) =>
  sql<boolean>`s.period_kind = 'indefinite' and s.review_eligible_from <= ${today}::date and coalesce(s.review_blocked_by, 'not-yet') = 'not-yet'
    and not exists (select 1 from notification_review r where r.nominal_id = s.nominal_id and r.outcome is null)`;

/** Active records of the owner among those the reader may read, decided in SQL as every list is. */
function scoped<O>(db: Q, q: SelectQueryBuilder<DB, 'nominal', O>, reader: Reader, owner: Owner) {
  const owned = 'managingOfficerId' in owner ? q.where('nominal.managing_officer_id', '=', owner.managingOfficerId) : q.where('nominal.owning_unit_id', '=', owner.owningUnitId);
  return owned.where('nominal.status', '=', 'active').where('nominal.id', 'in', readableNominalIds(db, reader));
}

/** Every list's duties fall due by today + 30: bounding by it lets the due-date index cut the rows before the scoping. */
const duties = (db: Q, reader: Reader, owner: Owner, today: string) =>
  scoped(db, db.selectFrom('nominal'), reader, owner).innerJoin('notification_duty as d', 'd.nominal_id', 'nominal.id').where(sql<boolean>`d.due_by <= ${today}::date + 30`);
const statuses = (db: Q, reader: Reader, owner: Owner) => scoped(db, db.selectFrom('nominal'), reader, owner).innerJoin('notification_status as s', 's.nominal_id', 'nominal.id');
/** Dates changed by the daily job in the last CHANGED_DAYS days: few rows, cut by their date index before the scoping. */
const changes = (db: Q, reader: Reader, owner: Owner, today: string) =>
  scoped(db, db.selectFrom('nominal'), reader, owner)
    .innerJoin('notification_clock_change as c', 'c.nominal_id', 'nominal.id')
    .where(sql<boolean>`c.changed_for > ${today}::date - ${CHANGED_DAYS}::integer`);

/**
 * No JIT compilation and no parallel workers for the work lists' statements: their cost
 * estimates (many nested index look-ups) pass PostgreSQL's JIT threshold, and compiling took
 * most of a second, far longer than running them; and a later page's plan would start a worker
 * (a few hundred milliseconds on a busy two-core server) to sort a few hundred rows. Local to
 * the transaction.
 */
export async function forShortStatements(db: Q): Promise<void> {
  await sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(db);
}

/** How many rows each list holds, in three statements (duties, reviews, facts to complete: each on its own index). */
export async function countWorklists(db: Q, reader: Reader, owner: Owner, today: string): Promise<WorklistCounts> {
  const d = await duties(db, reader, owner, today)
    .select([
      sql<string>`count(*) filter (where ${dutyCondition('overdue', today)})`.as('overdue'),
      sql<string>`count(*) filter (where ${dutyCondition('due-7', today)})`.as('due7'),
      sql<string>`count(*) filter (where ${dutyCondition('due-30', today)})`.as('due30'),
      sql<string>`count(*) filter (where ${dutyCondition('breaches', today)})`.as('breaches'),
    ])
    .executeTakeFirstOrThrow();
  const r = await statuses(db, reader, owner).select((eb) => eb.fn.countAll<string>().as('n')).where(reviewCondition(today)).executeTakeFirstOrThrow();
  const w = await statuses(db, reader, owner).select((eb) => eb.fn.countAll<string>().as('n')).where('s.warnings', 'is not', null).executeTakeFirstOrThrow();
  const c = await changes(db, reader, owner, today).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { overdue: Number(d.overdue), 'due-7': Number(d.due7), 'due-30': Number(d.due30), breaches: Number(d.breaches), reviews: Number(r.n), incomplete: Number(w.n), changed: Number(c.n) };
}

/** The home page's counts for me and for my unit, in one statement. */
export async function homeCounts(db: Q, reader: Reader, today: string) {
  const row = await db
    .selectFrom('nominal')
    .innerJoin('notification_duty as d', 'd.nominal_id', 'nominal.id')
    .where('nominal.status', '=', 'active')
    .where((eb) => eb.or([eb('nominal.managing_officer_id', '=', reader.userId), eb('nominal.owning_unit_id', '=', reader.unitId)]))
    .where('nominal.id', 'in', readableNominalIds(db, reader))
    .where(sql<boolean>`d.due_by <= ${today}::date + 30`)
    .select([
      sql<string>`count(*) filter (where nominal.managing_officer_id = ${reader.userId} and ${dutyCondition('overdue', today)})`.as('mineOverdue'),
      sql<string>`count(*) filter (where nominal.managing_officer_id = ${reader.userId} and ${dutyCondition('due-7', today)})`.as('mineDue7'),
      sql<string>`count(*) filter (where nominal.managing_officer_id = ${reader.userId} and ${dutyCondition('due-30', today)})`.as('mineDue30'),
      sql<string>`count(*) filter (where nominal.owning_unit_id = ${reader.unitId} and ${dutyCondition('overdue', today)})`.as('unitOverdue'),
      sql<string>`count(*) filter (where nominal.owning_unit_id = ${reader.unitId} and ${dutyCondition('due-7', today)})`.as('unitDue7'),
      sql<string>`count(*) filter (where nominal.owning_unit_id = ${reader.unitId} and ${dutyCondition('due-30', today)})`.as('unitDue30'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: { overdue: Number(row.mineOverdue), 'due-7': Number(row.mineDue7), 'due-30': Number(row.mineDue30) },
    unit: { overdue: Number(row.unitOverdue), 'due-7': Number(row.unitDue7), 'due-30': Number(row.unitDue30) },
  };
}

/** One list's duties, earliest due first; a window of them, or all for an export. */
export async function listDuties(db: Q, reader: Reader, owner: Owner, list: Exclude<Worklist, RecordList>, today: string, window?: { limit: number; offset: number }): Promise<DutyRow[]> {
  let q = duties(db, reader, owner, today)
    .where(dutyCondition(list, today))
    .select([
      'nominal.id as nominalId',
      'nominal.reference',
      'nominal.family_name as familyName',
      'nominal.given_names as givenNames',
      'd.duty',
      'd.change_kind as changeKind',
      'd.section',
      'd.triggered_on as triggeredOn',
      'd.due_by as dueBy',
    ])
    .orderBy('d.due_by')
    .orderBy('nominal.reference')
    .orderBy('d.duty')
    .orderBy('d.trigger_id');
  if (window) q = q.limit(window.limit).offset(window.offset);
  return q.execute();
}

/** Records whose review of indefinite notification may now be applied for, longest eligible first. */
export async function listReviews(db: Q, reader: Reader, owner: Owner, today: string, window?: { limit: number; offset: number }): Promise<ReviewRow[]> {
  let q = statuses(db, reader, owner)
    .where(reviewCondition(today))
    .select(['nominal.id as nominalId', 'nominal.reference', 'nominal.family_name as familyName', 'nominal.given_names as givenNames', sql<string>`s.review_eligible_from`.as('eligibleFrom')])
    .orderBy('s.review_eligible_from')
    .orderBy('nominal.reference');
  if (window) q = q.limit(window.limit).offset(window.offset);
  return q.execute();
}

/** Records with facts to complete or check (the clock's warnings), by reference. */
export async function listIncomplete(db: Q, reader: Reader, owner: Owner, window?: { limit: number; offset: number }): Promise<IncompleteRow[]> {
  let q = statuses(db, reader, owner)
    .where('s.warnings', 'is not', null)
    .select(['nominal.id as nominalId', 'nominal.reference', 'nominal.family_name as familyName', 'nominal.given_names as givenNames', sql<string>`s.warnings`.as('warnings')])
    .orderBy('nominal.reference');
  if (window) q = q.limit(window.limit).offset(window.offset);
  return q.execute();
}

/** Periods and review dates the daily job found changed, newest first, each with its reason. */
export async function listChanged(db: Q, reader: Reader, owner: Owner, today: string, window?: { limit: number; offset: number }): Promise<ChangedRow[]> {
  let q = changes(db, reader, owner, today)
    .select([
      'nominal.id as nominalId',
      'nominal.reference',
      'nominal.family_name as familyName',
      'nominal.given_names as givenNames',
      sql<string>`c.changed_for`.as('changedFor'),
      'c.field',
      'c.old_value as oldValue',
      'c.new_value as newValue',
      'c.reason',
    ])
    .orderBy('c.changed_for', 'desc')
    .orderBy('nominal.reference')
    .orderBy('c.field');
  if (window) q = q.limit(window.limit).offset(window.offset);
  return q.execute();
}
