import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DisposalRow, EventRow, ReviewRow } from './notification.facts.ts';
import type { StatusRows } from './notification.status.ts';

type Q = Kysely<DB>;

/** One nominal's clock facts, as the rows notification.facts.ts reads. */
export interface NominalFacts {
  id: string;
  dateOfBirth: string | null;
  disposals: DisposalRow[];
  events: EventRow[];
  reviews: ReviewRow[];
  /** What is stored for it now, as positional tuples, to write only what changed (`storedMatches`). */
  stored: { status: Tuple | null; duties: Tuple[] };
}

type Tuple = (string | number | boolean | null)[];

const sameTuple = (a: Tuple, b: Tuple) => a.length === b.length && a.every((v, i) => v === b[i]);
const byDutyThenTrigger = (a: Tuple, b: Tuple) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0);

/**
 * Whether what the clock computed is what is stored, compared field by field in the order
 * `factsFor` reads them (status, then duties ordered by duty and trigger), without building
 * strings: most records are the same from one day to the next, and the daily run compares them all.
 */
export function storedMatches(stored: NominalFacts['stored'], rows: StatusRows): boolean {
  const s = rows.status;
  if (!s || !stored.status) return !s && !stored.status && !stored.duties.length && !rows.duties.length;
  const status: Tuple = [s.period_kind ?? null, s.period_ends_on ?? null, s.ended ?? false, s.next_periodic_by ?? null, s.next_due_by ?? null, s.overdue_count ?? 0, s.review_eligible_from ?? null, s.review_blocked_by ?? null];
  if (!sameTuple(stored.status, status) || stored.duties.length !== rows.duties.length) return false;
  const duties = rows.duties.map((d): Tuple => [d.duty, d.change_kind ?? null, d.trigger_id, d.triggered_on, d.due_by, d.status, d.section]);
  if (duties.length > 1) duties.sort(byDutyThenTrigger);
  return duties.every((d, i) => sameTuple(stored.duties[i]!, d));
}

/** The next `limit` nominals with a disposal in force, after `after` by id (keyset, so each batch costs the same). */
export async function nextSubjects(db: Q, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await sql<{ nominal_id: string }>`
    select distinct nominal_id from notification_disposal
    where removed_at is null and (${after}::uuid is null or nominal_id > ${after}::uuid)
    order by nominal_id limit ${limit}`.execute(db);
  return rows.map((r) => r.nominal_id);
}

/**
 * Every fact the clock reads for a batch of nominals, in one statement: one row per nominal
 * with its disposals, events and decided reviews as JSON arrays of positional tuples (cheaper to
 * build and to parse than objects with their keys repeated), and what is stored for it now.
 * Each table is read once for the batch's range of ids (one index range scan, grouped), not
 * once per nominal: a batch is a run of consecutive ids, so the range holds little else, and
 * 5,000 correlated look-ups per table cost five times as much.
 */
export async function factsFor(db: Q, ids: readonly string[]): Promise<NominalFacts[]> {
  if (!ids.length) return [];
  // Lower case hexadecimal sorts as PostgreSQL orders uuids.
  const sorted = ids.map((id) => id.toLowerCase()).sort();
  const [lo, hi] = [sorted[0]!, sorted.at(-1)!];
  const inRange = (column: string) => sql`${sql.ref(column)} between ${lo}::uuid and ${hi}::uuid`;
  const { rows } = await sql<{ id: string; dateOfBirth: string | null; disposals: Tuple[] | null; events: Tuple[] | null; reviews: Tuple[] | null; status: Tuple | null; duties: Tuple[] | null }>`
    select n.id, n.date_of_birth as "dateOfBirth", d.a as disposals, e.a as events, r.a as reviews, s.a as status, u.a as duties
    from nominal n
    left join (select nominal_id, json_agg(json_build_array(id, kind, relevant_date, sentence_months, discharge_months)) as a
      from notification_disposal where ${inRange('nominal_id')} and removed_at is null group by nominal_id) d on d.nominal_id = n.id
    left join (select nominal_id, json_agg(json_build_array(id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier)) as a
      from notification_event where ${inRange('nominal_id')} and removed_at is null group by nominal_id) e on e.nominal_id = n.id
    left join (select nominal_id, json_agg(json_build_array(id, outcome, decided_on, appeal_outcome, appeal_decided_on)) as a
      from notification_review where ${inRange('nominal_id')} and outcome is not null group by nominal_id) r on r.nominal_id = n.id
    left join (select nominal_id, json_build_array(period_kind, period_ends_on, ended, next_periodic_by, next_due_by, overdue_count, review_eligible_from, review_blocked_by) as a
      from notification_status where ${inRange('nominal_id')}) s on s.nominal_id = n.id
    left join (select nominal_id, json_agg(json_build_array(duty, change_kind, trigger_id, triggered_on, due_by, status, section) order by duty collate "C", trigger_id collate "C") as a
      from notification_duty where ${inRange('nominal_id')} group by nominal_id) u on u.nominal_id = n.id
    where ${inRange('n.id')} and n.id = any(${sorted}::uuid[])`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    dateOfBirth: r.dateOfBirth,
    disposals: (r.disposals ?? []).map(([id, kind, relevant_date, sentence_months, discharge_months]) => ({ id, kind, relevant_date, sentence_months, discharge_months, removed_at: null }) as DisposalRow),
    events: (r.events ?? []).map(([id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier]) => ({ id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier, removed_at: null }) as EventRow),
    reviews: (r.reviews ?? []).map(([id, outcome, decided_on, appeal_outcome, appeal_decided_on]) => ({ id, outcome, decided_on, appeal_outcome, appeal_decided_on }) as ReviewRow),
    stored: { status: r.status, duties: r.duties ?? [] },
  }));
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
      insert into notification_status (nominal_id, period_kind, period_ends_on, ended, next_periodic_by, next_due_by, overdue_count, review_eligible_from, review_blocked_by, computed_at, computed_for)
      select u.*, ${computedAt}::timestamptz, ${col('computed_for')[0]}::date
      from unnest(${col('nominal_id')}::uuid[], ${col('period_kind')}::text[], ${col('period_ends_on')}::date[], ${col('ended')}::boolean[],
        ${col('next_periodic_by')}::date[], ${col('next_due_by')}::date[], ${col('overdue_count')}::integer[], ${col('review_eligible_from')}::date[],
        ${col('review_blocked_by')}::text[]) as u`.execute(db);
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

/** Status rows left for nominals whose disposals have all been removed: the full recompute clears them. */
export async function clearFormerSubjects(db: Q): Promise<number> {
  await sql`delete from notification_duty d where not exists (select 1 from notification_disposal x where x.nominal_id = d.nominal_id and x.removed_at is null)`.execute(db);
  const result = await sql`delete from notification_status s where not exists (select 1 from notification_disposal x where x.nominal_id = s.nominal_id and x.removed_at is null)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
