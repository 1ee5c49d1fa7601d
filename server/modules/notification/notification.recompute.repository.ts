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
  /** What is stored for it now, in the form of `storedForm`, to write only what changed. */
  stored: string;
}

type Tuple = (string | number | boolean | null)[];

/** The stored rows of one nominal as one string: status then duties, each a positional tuple. */
export function storedForm(rows: StatusRows): string {
  const s = rows.status;
  const status = s ? [s.period_kind ?? null, s.period_ends_on ?? null, s.ended ?? false, s.next_periodic_by ?? null, s.next_due_by ?? null, s.overdue_count ?? 0, s.review_eligible_from ?? null, s.review_blocked_by ?? null] : null;
  const duties = rows.duties
    .map((d) => [d.duty, d.change_kind ?? null, d.trigger_id, d.triggered_on, d.due_by, d.status, d.section])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0));
  return JSON.stringify([status, duties]);
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
 * build and to parse than objects with their keys repeated), each aggregate an index scan.
 */
export async function factsFor(db: Q, ids: readonly string[]): Promise<NominalFacts[]> {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: string; dateOfBirth: string | null; disposals: Tuple[]; events: Tuple[]; reviews: Tuple[]; status: Tuple | null; duties: Tuple[] }>`
    select n.id, n.date_of_birth as "dateOfBirth",
      coalesce((select json_agg(json_build_array(d.id, d.kind, d.relevant_date, d.sentence_months, d.discharge_months))
        from notification_disposal d where d.nominal_id = n.id and d.removed_at is null), '[]') as disposals,
      coalesce((select json_agg(json_build_array(e.id, e.type, e.kind, e.on_date, e.from_date, e.to_date, e.notified_at, e.departure_at, e.details_known_earlier))
        from notification_event e where e.nominal_id = n.id and e.removed_at is null), '[]') as events,
      coalesce((select json_agg(json_build_array(r.id, r.outcome, r.decided_on, r.appeal_outcome, r.appeal_decided_on))
        from notification_review r where r.nominal_id = n.id and r.outcome is not null), '[]') as reviews,
      (select json_build_array(s.period_kind, s.period_ends_on, s.ended, s.next_periodic_by, s.next_due_by, s.overdue_count, s.review_eligible_from, s.review_blocked_by)
        from notification_status s where s.nominal_id = n.id) as status,
      coalesce((select json_agg(json_build_array(d.duty, d.change_kind, d.trigger_id, d.triggered_on, d.due_by, d.status, d.section) order by d.duty collate "C", d.trigger_id collate "C")
        from notification_duty d where d.nominal_id = n.id), '[]') as duties
    from nominal n where n.id = any(${ids as string[]}::uuid[])`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    dateOfBirth: r.dateOfBirth,
    disposals: r.disposals.map(([id, kind, relevant_date, sentence_months, discharge_months]) => ({ id, kind, relevant_date, sentence_months, discharge_months, removed_at: null }) as DisposalRow),
    events: r.events.map(([id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier]) => ({ id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier, removed_at: null }) as EventRow),
    reviews: r.reviews.map(([id, outcome, decided_on, appeal_outcome, appeal_decided_on]) => ({ id, outcome, decided_on, appeal_outcome, appeal_decided_on }) as ReviewRow),
    stored: JSON.stringify([r.status, r.duties]),
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

/** Marks unchanged rows as computed for the day: no index changes, so PostgreSQL updates them in place (HOT). */
export async function touchStatuses(db: Q, ids: readonly string[], computedAt: Date, computedFor: string): Promise<void> {
  if (!ids.length) return;
  await sql`update notification_status set computed_at = ${computedAt}::timestamptz, computed_for = ${computedFor}::date where nominal_id = any(${ids as string[]}::uuid[])`.execute(db);
}

/** Status rows left for nominals whose disposals have all been removed: the full recompute clears them. */
export async function clearFormerSubjects(db: Q): Promise<number> {
  await sql`delete from notification_duty d where not exists (select 1 from notification_disposal x where x.nominal_id = d.nominal_id and x.removed_at is null)`.execute(db);
  const result = await sql`delete from notification_status s where not exists (select 1 from notification_disposal x where x.nominal_id = s.nominal_id and x.removed_at is null)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
