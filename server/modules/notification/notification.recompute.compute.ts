import { computeClock } from './notification.clock.ts';
import { toClockInput, type DisposalRow, type EventRow, type ReviewRow } from './notification.facts.ts';
import { dateChanges, type DateChange } from './notification.recompute.changes.ts';
import { statusRows, type StatusRows } from './notification.status.ts';
import type { ClockConfig, IsoDate } from './notification.types.ts';

type Tuple = (string | number | boolean | null)[];

/**
 * One nominal's facts as the recompute reads them: one JSON text of positional tuples (date of
 * birth, disposals, events, decided reviews, stored status, stored duties). One JSON.parse per
 * nominal costs this process about half what the driver's parsing of six JSON columns did.
 */
export interface RawFacts {
  id: string;
  facts: string;
}

/** One nominal's clock facts, as the rows notification.facts.ts reads, and what is stored for it now. */
export interface NominalFacts {
  id: string;
  dateOfBirth: string | null;
  disposals: DisposalRow[];
  events: EventRow[];
  reviews: ReviewRow[];
  stored: { status: Tuple | null; duties: Tuple[] };
}

export function parseFacts(raw: RawFacts): NominalFacts {
  const [dateOfBirth, disposals, events, reviews, status, duties] = JSON.parse(raw.facts) as [string | null, Tuple[] | null, Tuple[] | null, Tuple[] | null, Tuple | null, Tuple[] | null];
  return {
    id: raw.id,
    dateOfBirth,
    disposals: (disposals ?? []).map(
      ([id, kind, relevant_date, sentence_months, discharge_months, sentence_days, sentenced_on, schedule3, runs, runs_with, overlap_length, overlap_unit]) =>
        ({ id, kind, relevant_date, sentence_months, discharge_months, sentence_days, sentenced_on, schedule3, runs, runs_with, overlap_length, overlap_unit, removed_at: null }) as DisposalRow,
    ),
    events: (events ?? []).map(
      ([id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier, expected_on, premises, destination]) =>
        ({ id, type, kind, on_date, from_date, to_date, notified_at, departure_at, details_known_earlier, expected_on, premises, destination, removed_at: null }) as EventRow,
    ),
    reviews: (reviews ?? []).map(([id, outcome, decided_on, appeal_outcome, appeal_decided_on]) => ({ id, outcome, decided_on, appeal_outcome, appeal_decided_on }) as ReviewRow),
    stored: { status, duties: duties ?? [] },
  };
}

const sameTuple = (a: Tuple, b: Tuple) => a.length === b.length && a.every((v, i) => v === b[i]);
const byDutyThenTrigger = (a: Tuple, b: Tuple) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0);

/**
 * Whether what the clock computed is what is stored, compared field by field in the order
 * the recompute reads them (status, then duties ordered by duty and trigger), without building
 * strings: most records are the same from one day to the next, and the daily run compares them all.
 */
export function storedMatches(stored: NominalFacts['stored'], rows: StatusRows): boolean {
  const s = rows.status;
  if (!s || !stored.status) return !s && !stored.status && !stored.duties.length && !rows.duties.length;
  const status: Tuple = [s.period_kind ?? null, s.period_ends_on ?? null, s.ended ?? false, s.next_periodic_by ?? null, s.next_due_by ?? null, s.overdue_count ?? 0, s.review_eligible_from ?? null, s.review_blocked_by ?? null, s.warnings ?? null];
  if (!sameTuple(stored.status, status) || stored.duties.length !== rows.duties.length) return false;
  const duties = rows.duties.map((d): Tuple => [d.duty, d.change_kind ?? null, d.trigger_id, d.triggered_on, d.due_by, d.status, d.section]);
  if (duties.length > 1) duties.sort(byDutyThenTrigger);
  return duties.every((d, i) => sameTuple(stored.duties[i]!, d));
}

export interface BatchRequest {
  facts: RawFacts[];
  asOf: IsoDate;
  clock: ClockConfig;
  /** When the rows say they were computed. */
  now: Date;
}

export interface BatchResult {
  /** The rows of the nominals whose stored rows differ from what the clock gives today. */
  changed: StatusRows[];
  /** Open duties across the whole batch, changed or not. */
  duties: number;
  /** Periods and review dates that differ from what was stored, with the reason, for the managing officers. */
  dateChanges: DateChange[];
}

/** The clock run for each nominal of a batch, keeping only what differs from what is stored. */
export function computeBatch(request: BatchRequest): BatchResult {
  const now = request.now;
  const changed: StatusRows[] = [];
  const changes: DateChange[] = [];
  let duties = 0;
  for (const raw of request.facts) {
    const f = parseFacts(raw);
    const result = computeClock(toClockInput(f.dateOfBirth, f.disposals, f.events, f.reviews, request.asOf), request.clock);
    const rows = statusRows(f.id, result, request.asOf, now);
    duties += rows.duties.length;
    if (storedMatches(f.stored, rows)) continue;
    changed.push(rows);
    // Only the records whose rows differ are looked at again: most days, a few.
    for (const c of dateChanges(f.stored.status, rows, result, f.disposals)) changes.push(c);
  }
  return { changed, duties, dateChanges: changes };
}
