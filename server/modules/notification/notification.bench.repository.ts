import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * For `vigil bench clock`: notification facts for every nominal of the scratch register, made
 * in SQL from each record's row number so that the mix is the same every run. One disposal
 * each, of every kind in turn. As in a register that is mostly kept up: nineteen in twenty have
 * their initial notification (some late), nine in ten a periodic one within the last year, one
 * in twenty a periodic one more than a year ago (overdue); one in twenty a change of address (half
 * of them not yet notified); one in twenty a custody spell; every indefinite sentence its custody;
 * one in fifty each a second, consecutive term, a stay elsewhere and a trip abroad.
 */
export async function seedClockFacts(db: Kysely<DB>, today: string): Promise<{ disposals: number; events: number }> {
  await sql`create temporary table bench_subject as
    select id, row_number() over (order by id) as rn from nominal`.execute(db);
  const disposals = await sql`
    insert into notification_disposal (nominal_id, kind, relevant_date, sentence_months, discharge_months)
    select id,
      (array['imprisonment', 'imprisonment', 'imprisonment', 'life', 'ipp', 'hospital-restricted', 'hospital', 'caution', 'conditional-discharge', 'other'])[1 + rn % 10],
      -- Indefinite periods go back 16 years; fixed ones less than two, so few have ended.
      ${today}::date - (30 + (rn * 7919) % (case when rn % 10 in (3, 4, 5) then 6000 else 600 end))::integer,
      case when rn % 10 < 3 then 1 + (rn * 31) % 60 end,
      case when rn % 10 = 8 then 1 + (rn * 13) % 36 end
    from bench_subject`.execute(db);
  const initial = await sql`
    insert into notification_event (nominal_id, type, kind, on_date)
    select s.id, 'notification', 'initial', d.relevant_date + (s.rn % 5)::integer
    from bench_subject s join notification_disposal d on d.nominal_id = s.id
    where s.rn % 20 <> 0`.execute(db);
  const periodic = await sql`
    insert into notification_event (nominal_id, type, kind, on_date)
    select s.id, 'notification', 'periodic', greatest(d.relevant_date + 10,
      case when s.rn % 20 = 1 then ${today}::date - (370 + s.rn % 60)::integer else ${today}::date - ((s.rn * 104729) % 360)::integer end)
    from bench_subject s join notification_disposal d on d.nominal_id = s.id
    where s.rn % 20 <> 0`.execute(db);
  const changes = await sql`
    insert into notification_event (nominal_id, type, kind, on_date)
    select id, 'change', 'change-of-address', ${today}::date - (rn % 25)::integer from bench_subject where rn % 20 = 3`.execute(db);
  const notified = await sql`
    insert into notification_event (nominal_id, type, kind, on_date)
    select id, 'notification', 'change-of-address', ${today}::date - (rn % 25)::integer + 2 from bench_subject where rn % 40 = 3 and rn % 25 >= 2`.execute(db);
  const spells = await sql`
    insert into notification_event (nominal_id, type, kind, from_date, to_date)
    select s.id, 'spell', 'custody', d.relevant_date + 1, case when s.rn % 40 = 7 then null else d.relevant_date + 1 + (s.rn % 300)::integer end
    from bench_subject s join notification_disposal d on d.nominal_id = s.id
    where s.rn % 20 = 7`.execute(db);
  // As a kept register has them: the custody (or hospital) an indefinite sentence brought, here
  // remand until the relevant date, so the review date runs from the first notification after it
  // (s.91B(2)) rather than the record waiting on Facts to complete.
  const detained = await sql`
    insert into notification_event (nominal_id, type, kind, from_date, to_date)
    select d.nominal_id, 'spell', case when d.kind = 'hospital-restricted' then 'hospital' else 'custody' end, d.relevant_date - 60, d.relevant_date
    from notification_disposal d
    where d.kind in ('life', 'ipp', 'hospital-restricted') or (d.kind = 'imprisonment' and d.sentence_months >= 30)`.execute(db);
  // The newer facts, one record in fifty each: a second term imposed the same day and consecutive
  // (s.82(3)-(4)), a stay at another address (s.84(1)(c)), and a trip abroad (s.86).
  const terms = await sql`
    insert into notification_disposal (nominal_id, kind, relevant_date, sentence_months, runs, runs_with)
    select d.nominal_id, 'imprisonment', d.relevant_date, 3, 'consecutive', d.id
    from bench_subject s join notification_disposal d on d.nominal_id = s.id
    where s.rn % 50 = 1 and d.kind = 'imprisonment'`.execute(db);
  const stays = await sql`
    insert into notification_event (nominal_id, type, premises, from_date, to_date)
    select id, 'stay', 'Synthetic premises ' || (rn % 7), ${today}::date - (20 + rn % 200)::integer, ${today}::date - (20 + rn % 200)::integer + (rn % 9)::integer
    from bench_subject where rn % 50 = 2`.execute(db);
  const trips = await sql`
    insert into notification_event (nominal_id, type, kind, notified_at, departure_at, details_known_earlier, destination)
    select id, 'travel', 'travel', (${today}::date - (rn % 300)::integer)::timestamptz, (${today}::date - (rn % 300)::integer + (rn % 12)::integer)::timestamptz + interval '10 hours',
      rn % 3 <> 0, (array['other-country', 'republic-of-ireland', 'crown-dependency', 'northern-ireland'])[1 + rn % 4]
    from bench_subject where rn % 50 = 3`.execute(db);
  await sql`drop table bench_subject`.execute(db);
  await sql`analyze notification_disposal`.execute(db);
  await sql`analyze notification_event`.execute(db);
  const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
  return { disposals: n(disposals) + n(terms), events: n(initial) + n(periodic) + n(changes) + n(notified) + n(spells) + n(detained) + n(stays) + n(trips) };
}

/** The unit owning the most records that has a cleared officer, and that officer: whose work list is timed. */
export async function busiestUnitOfficer(db: Kysely<DB>): Promise<{ unitId: string; userId: string; records: number } | undefined> {
  const { rows } = await sql<{ unitId: string; userId: string; records: string }>`
    select n.owning_unit_id as "unitId", min(u.id::text) as "userId", count(distinct n.id) as records
    from nominal n join app_user u on u.unit_id = n.owning_unit_id join clearance c on c.user_id = u.id
    group by n.owning_unit_id order by count(distinct n.id) desc limit 1`.execute(db);
  return rows[0] ? { ...rows[0], records: Number(rows[0].records) } : undefined;
}

/**
 * After the bulk load and the first compute, the tables as autovacuum leaves them in a running
 * register: statistics current and pages marked all-visible, so the work lists' counts read
 * their indexes only, as they do in service. Not timed.
 */
export async function settleTables(db: Kysely<DB>): Promise<void> {
  for (const table of ['nominal', 'notification_status', 'notification_duty']) await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
}
