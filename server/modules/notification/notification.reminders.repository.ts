import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;
export type ReminderKind = DB['notification_reminder']['kind'];

export interface OfficerDuties {
  userId: string;
  email: string;
  overdueRecords: number;
  dueRecords: number;
}

export interface OfficerReviews {
  userId: string;
  email: string;
  overdue: number;
  due: number;
}

/**
 * Each active managing officer with records that have notification duties overdue, or due in
 * the next `days` days, as of `today`: counts of records only. Records the officer is
 * excluded from are not counted.
 */
export async function officersWithDuties(db: Q, today: string, days: number): Promise<OfficerDuties[]> {
  const { rows } = await sql<{ userId: string; email: string; overdueRecords: string; dueRecords: string }>`
    select u.id as "userId", u.email,
      count(distinct n.id) filter (where d.due_by < ${today}::date) as "overdueRecords",
      count(distinct n.id) filter (where d.due_by >= ${today}::date) as "dueRecords"
    from notification_duty d
    join nominal n on n.id = d.nominal_id and n.status = 'active'
    join app_user u on u.id = n.managing_officer_id and u.status = 'active'
    where d.due_by <= ${today}::date + ${days}::integer
      and not exists (select 1 from nominal_exclusion x where x.nominal_id = n.id and x.user_id = u.id)
    group by u.id, u.email
    order by u.id`.execute(db);
  return rows.map((r) => ({ ...r, overdueRecords: Number(r.overdueRecords), dueRecords: Number(r.dueRecords) }));
}

/**
 * Each active managing officer with open risk management plan actions whose review date has
 * passed or falls in the next `days` days (the review date is an ISO date in the item's data).
 */
export async function officersWithPlanReviews(db: Q, today: string, days: number): Promise<OfficerReviews[]> {
  const { rows } = await sql<{ userId: string; email: string; overdue: string; due: string }>`
    select u.id as "userId", u.email,
      count(*) filter (where i.data ->> 'reviewOn' < ${today}) as overdue,
      count(*) filter (where i.data ->> 'reviewOn' >= ${today}) as due
    from nominal_item i
    join nominal n on n.id = i.nominal_id and n.status = 'active'
    join app_user u on u.id = n.managing_officer_id and u.status = 'active'
    where i.kind = 'rmp-action' and i.removed_at is null and i.data ->> 'state' = 'open'
      and i.data ->> 'reviewOn' <= to_char(${today}::date + ${days}::integer, 'YYYY-MM-DD')
      and not exists (select 1 from nominal_exclusion x where x.nominal_id = n.id and x.user_id = u.id)
    group by u.id, u.email
    order by u.id`.execute(db);
  return rows.map((r) => ({ ...r, overdue: Number(r.overdue), due: Number(r.due) }));
}

/**
 * Each active managing officer with records whose notification period or review date the daily
 * job found changed on `day`: counts of records only, exclusions honoured.
 */
export async function officersWithDateChanges(db: Q, day: string): Promise<{ userId: string; email: string; records: number }[]> {
  const { rows } = await sql<{ userId: string; email: string; records: string }>`
    select u.id as "userId", u.email, count(distinct n.id) as records
    from notification_clock_change c
    join nominal n on n.id = c.nominal_id and n.status = 'active'
    join app_user u on u.id = n.managing_officer_id and u.status = 'active'
    where c.changed_for = ${day}::date
      and not exists (select 1 from nominal_exclusion x where x.nominal_id = n.id and x.user_id = u.id)
    group by u.id, u.email
    order by u.id`.execute(db);
  return rows.map((r) => ({ ...r, records: Number(r.records) }));
}

/** Claims a reminder for a user and day: true only for the first claim, so it is sent once. */
export async function claimReminder(db: Q, userId: string, kind: ReminderKind, day: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('notification_reminder')
    .values({ user_id: userId, kind, sent_for: day, sent_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'sent_for']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

export async function markEmailed(db: Q, userId: string, kind: ReminderKind, day: string, at: Date): Promise<void> {
  await db.updateTable('notification_reminder').set({ emailed_at: at }).where('user_id', '=', userId).where('kind', '=', kind).where('sent_for', '=', day).execute();
}

/**
 * Claims the daily run for `day`: true when no run has finished for it and none started in the
 * last hour (one that started and never finished, on a server that stopped, is taken over).
 */
export async function claimRun(db: Q, day: string, at: Date): Promise<boolean> {
  const { rows } = await sql<{ run_for: string }>`
    insert into notification_clock_run (run_for, started_at) values (${day}::date, ${at}::timestamptz)
    on conflict (run_for) do update set started_at = excluded.started_at
      where notification_clock_run.finished_at is null and notification_clock_run.started_at < ${at}::timestamptz - interval '1 hour'
    returning run_for`.execute(db);
  return rows.length > 0;
}

export async function finishRun(db: Q, day: string, at: Date, nominals: number): Promise<void> {
  await sql`
    insert into notification_clock_run (run_for, started_at, finished_at, nominals) values (${day}::date, ${at}::timestamptz, ${at}::timestamptz, ${nominals})
    on conflict (run_for) do update set finished_at = excluded.finished_at, nominals = excluded.nominals`.execute(db);
}
