import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RawFacts } from './notification.recompute.compute.ts';
import type { DateChange } from './notification.recompute.changes.ts';
import type { StatusRows } from './notification.status.ts';

type Q = Kysely<DB>;

/** The next `limit` nominals with a disposal in force, after `after` by id (keyset, so each batch costs the same). */
export async function nextSubjects(db: Q, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await sql<{ nominal_id: string }>`
    select distinct nominal_id from notification_disposal
    where removed_at is null and (${after}::uuid is null or nominal_id > ${after}::uuid)
    order by nominal_id limit ${limit}`.execute(db);
  return rows.map((r) => r.nominal_id);
}

/**
 * Every fact the clock reads for a batch of nominals with a disposal in force (the others have
 * nothing to compute: the caller clears what is stored for them), and what is stored for each
 * now, in one statement: one JSON text per nominal of positional tuples (cheaper to build and to parse than
 * objects with their keys repeated; parsed where the clock runs, notification.recompute.compute.ts).
 * Each table is read once for the batch (`run`: every subject between the batch's first and
 * last id, one index range scan each, grouped), not once per nominal: 5,000 correlated
 * look-ups per table cost five times as much. No list of the batch's ids filters a run: a
 * 5,000-long list was searched once for each group, which cost more than all the rest. The date of birth is looked up
 * by key: the planner would otherwise scan the whole register for each batch.
 */
export async function factsFor(db: Q, ids: readonly string[], o: { run: boolean }): Promise<RawFacts[]> {
  if (!ids.length) return [];
  return db.transaction().execute(async (tx) => {
    // The planner's estimate for the grouped joins passes the JIT threshold: compiling took
    // over a second a batch, ten times the statement itself.
    await sql`select set_config('jit', 'off', true)`.execute(tx);
    return readFacts(tx, ids, o);
  });
}

async function readFacts(db: Q, ids: readonly string[], o: { run: boolean }): Promise<RawFacts[]> {
  // A run of the register's subjects (keyset) is read by range; a given set by its ids.
  const sorted = ids.map((id) => id.toLowerCase()).sort();
  const within = o.run ? sql`between ${sorted[0]!}::uuid and ${sorted.at(-1)!}::uuid` : sql`= any(${sorted}::uuid[])`;
  const inRange = (column: string) => sql`${sql.ref(column)} ${within}`;
  const { rows } = await sql<RawFacts>`
    select d.nominal_id as id, json_build_array((select date_of_birth from nominal where id = d.nominal_id), d.a, e.a, r.a, s.a, u.a)::text as facts
    from (select nominal_id, json_agg(json_build_array(id, kind, relevant_date, sentence_months, discharge_months,
        sentence_days, sentenced_on, schedule3, runs, runs_with, overlap_length, overlap_unit)) as a
      from notification_disposal where ${inRange('nominal_id')} and removed_at is null group by nominal_id) d
    left join (select nominal_id, json_agg(json_build_array(id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier, expected_on, premises, destination)) as a
      from notification_event where ${inRange('nominal_id')} and removed_at is null group by nominal_id) e on e.nominal_id = d.nominal_id
    left join (select nominal_id, json_agg(json_build_array(id, outcome, decided_on, appeal_outcome, appeal_decided_on)) as a
      from notification_review where ${inRange('nominal_id')} and outcome is not null group by nominal_id) r on r.nominal_id = d.nominal_id
    left join (select nominal_id, json_build_array(period_kind, period_ends_on, ended, next_periodic_by, next_due_by, overdue_count, review_eligible_from, review_blocked_by, warnings) as a
      from notification_status where ${inRange('nominal_id')}) s on s.nominal_id = d.nominal_id
    left join (select nominal_id, json_agg(json_build_array(duty, change_kind, trigger_id, triggered_on, due_by, status, section) order by duty collate "C", trigger_id collate "C") as a
      from notification_duty where ${inRange('nominal_id')} group by nominal_id) u on u.nominal_id = d.nominal_id`.execute(db);
  return rows;
}

/**
 * Replaces the computed status and open duties of a batch of nominals, set-based: two deletes
 * and two inserts from arrays, whatever the batch size. Run inside the batch's transaction.
 */
export async function replaceStatuses(db: Q, ids: readonly string[], batch: readonly StatusRows[], computedAt: Date): Promise<void> {
  if (!ids.length) return;
  await sql`delete from notification_duty where nominal_id = any(${ids as string[]}::uuid[])`.execute(db);
  await sql`delete from notification_status where nominal_id = any(${ids as string[]}::uuid[])`.execute(db);
  const statuses = batch.flatMap((b) => (b.status ? [b.status] : []));
  if (statuses.length) {
    const col = <K extends keyof (typeof statuses)[number]>(k: K) => statuses.map((s) => s[k] ?? null);
    await sql`
      insert into notification_status (nominal_id, period_kind, period_ends_on, ended, next_periodic_by, next_due_by, overdue_count, review_eligible_from, review_blocked_by, warnings, computed_at, computed_for)
      select u.*, ${computedAt}::timestamptz, ${col('computed_for')[0]}::date
      from unnest(${col('nominal_id')}::uuid[], ${col('period_kind')}::text[], ${col('period_ends_on')}::date[], ${col('ended')}::boolean[],
        ${col('next_periodic_by')}::date[], ${col('next_due_by')}::date[], ${col('overdue_count')}::integer[], ${col('review_eligible_from')}::date[],
        ${col('review_blocked_by')}::text[], ${col('warnings')}::text[]) as u`.execute(db);
  }
  const duties = batch.flatMap((b) => b.duties);
  if (duties.length) {
    const col = <K extends keyof (typeof duties)[number]>(k: K) => duties.map((d) => d[k] ?? null);
    await sql`
      insert into notification_duty (nominal_id, duty, change_kind, trigger_id, triggered_on, due_by, status, section)
      select * from unnest(${col('nominal_id')}::uuid[], ${col('duty')}::text[], ${col('change_kind')}::text[], ${col('trigger_id')}::text[],
        ${col('triggered_on')}::date[], ${col('due_by')}::date[], ${col('status')}::text[], ${col('section')}::text[])`.execute(db);
  }
}

/** Records the periods and review dates the recompute found changed, once per record, field and day. */
export async function insertDateChanges(db: Q, changes: readonly DateChange[], changedFor: string): Promise<void> {
  if (!changes.length) return;
  const col = <K extends keyof DateChange>(k: K) => changes.map((c) => c[k]);
  await sql`
    insert into notification_clock_change (nominal_id, changed_for, field, old_value, new_value, reason)
    select u.nominal_id, ${changedFor}::date, u.field, u.old_value, u.new_value, u.reason
    from unnest(${col('nominalId')}::uuid[], ${col('field')}::text[], ${col('oldValue')}::text[], ${col('newValue')}::text[], ${col('reason')}::text[])
      as u (nominal_id, field, old_value, new_value, reason)
    on conflict (nominal_id, changed_for, field) do nothing`.execute(db);
}

/** Status rows left for nominals whose disposals have all been removed: the full recompute clears them. */
export async function clearFormerSubjects(db: Q): Promise<number> {
  await sql`delete from notification_duty d where not exists (select 1 from notification_disposal x where x.nominal_id = d.nominal_id and x.removed_at is null)`.execute(db);
  const result = await sql`delete from notification_status s where not exists (select 1 from notification_disposal x where x.nominal_id = s.nominal_id and x.removed_at is null)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
