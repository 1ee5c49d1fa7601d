import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

/*
 * The annual figures, each an aggregate in SQL over the register as it stood at the end of a
 * day (midnight UK time after it): a record's status from its status changes, and an item's
 * content from the version of its history in force then, so a later change does not rewrite
 * an earlier year.
 */

/** The end of day D in UK time, as an instant. */
const endOf = (date: string) => sql`((${date}::date + 1)::timestamp at time zone 'Europe/London')`;

/** Records active at the end of D: created by then, and with status 'active' then. */
const activeOn = (date: string) => sql`
  select n.id, n.nominal_type
  from nominal n
  where n.created_at < ${endOf(date)}
    and coalesce(
      (select s.to_status from nominal_status_change s where s.nominal_id = n.id and s.changed_at < ${endOf(date)} order by s.changed_at desc limit 1),
      (select s.from_status from nominal_status_change s where s.nominal_id = n.id and s.changed_at >= ${endOf(date)} order by s.changed_at asc limit 1),
      n.status
    ) = 'active'`;

/** Each item of a kind on a record active at D, with the content of its version in force then (removed ones left out). */
const itemsInForce = (date: string, kind: string) => sql`
  select i.nominal_id, h.data, h.changed_at
  from nominal_item i
  join (${activeOn(date)}) a on a.id = i.nominal_id
  join lateral (
    select h.data, h.removed, h.changed_at from nominal_item_history h
    where h.item_id = i.id and h.changed_at < ${endOf(date)}
    order by h.version desc limit 1
  ) h on not h.removed
  where i.kind = ${kind}`;

export interface CategoryLevelCount {
  category: string;
  level: string;
  n: number;
}

/** Active MAPPA-eligible records by category and level, from each record's latest MAPPA item in force at D. */
export async function countsByCategoryAndLevel(db: Q, date: string): Promise<CategoryLevelCount[]> {
  const { rows } = await sql<{ category: string; level: string; n: string | number }>`
    with m as (
      select distinct on (x.nominal_id) x.nominal_id, x.data ->> 'category' as category, x.data ->> 'level' as level
      from (${itemsInForce(date, 'mappa')}) x
      order by x.nominal_id, x.changed_at desc
    )
    select category, level, count(*) as n from m group by category, level order by category, level`.execute(db);
  return rows.map((r) => ({ category: r.category, level: r.level, n: Number(r.n) }));
}

/** Breaches of the notification requirements proven in the 12 months to D (after D a year earlier, up to D). */
export async function breachesInYearTo(db: Q, date: string): Promise<{ breaches: number; people: number }> {
  const { rows } = await sql<{ breaches: string | number; people: string | number }>`
    select count(*) as breaches, count(distinct b.nominal_id) as people
    from notification_breach b
    where b.proven_on > (${date}::date - interval '1 year')::date and b.proven_on <= ${date}::date`.execute(db);
  return { breaches: Number(rows[0]?.breaches ?? 0), people: Number(rows[0]?.people ?? 0) };
}

/** Court orders in force on D (made by then, not ended before it) on records active at D, by type. */
export async function ordersInForce(db: Q, date: string): Promise<{ orderType: string; n: number }[]> {
  const { rows } = await sql<{ orderType: string; n: string | number }>`
    select x.data ->> 'orderType' as "orderType", count(*) as n
    from (${itemsInForce(date, 'court-order')}) x
    where (x.data ->> 'madeOn')::date <= ${date}::date
      and (x.data ->> 'endsOn' is null or (x.data ->> 'endsOn')::date >= ${date}::date)
    group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ orderType: r.orderType, n: Number(r.n) }));
}

/**
 * Wanted and missing on D, among records active at D: a spell that began on or before D and had
 * not ended by the end of D (a flag cleared on D no longer counts for D). Spells are kept by a
 * trigger (migration 0032), so a person found since D still counts for D.
 */
export async function wantedAndMissing(db: Q, date: string): Promise<{ wanted: number; missing: number }> {
  const { rows } = await sql<{ wanted: string | number; missing: string | number }>`
    select count(distinct s.nominal_id) filter (where s.flag = 'wanted') as wanted,
           count(distinct s.nominal_id) filter (where s.flag = 'missing') as missing
    from nominal_flag_spell s
    join (${activeOn(date)}) a on a.id = s.nominal_id
    where s.began_on <= ${date}::date and (s.ended_on is null or s.ended_on > ${date}::date)`.execute(db);
  return { wanted: Number(rows[0]?.wanted ?? 0), missing: Number(rows[0]?.missing ?? 0) };
}
