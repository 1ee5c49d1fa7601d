import type { Insertable } from 'kysely';
import type { NotificationDutyTable, NotificationStatusTable } from '../../db/schema.ts';
import { systemClock } from '../../shared/clock.ts';
import type { ClockResult, IsoDate } from './notification.types.ts';

/**
 * From what the clock computed to the rows the work lists read. Only open duties (due or
 * overdue) are kept: met and late ones are history the clock recomputes from the facts.
 */
export interface StatusRows {
  nominalId: string;
  /** Null when the person has no disposals: the nominal then has no status row at all. */
  status: Insertable<NotificationStatusTable> | null;
  duties: Insertable<NotificationDutyTable>[];
}

export function statusRows(nominalId: string, result: ClockResult, asOf: IsoDate, now: Date = systemClock.now()): StatusRows {
  if (!result.subject) return { nominalId, status: null, duties: [] };
  const seen = new Set<string>();
  const duties: Insertable<NotificationDutyTable>[] = [];
  for (const d of result.duties) {
    if (d.status !== 'due' && d.status !== 'overdue') continue;
    // The table's key is (nominal, duty, trigger): keep the first should the clock ever repeat one.
    const key = `${d.duty}\u0000${d.triggerId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    duties.push({
      nominal_id: nominalId,
      duty: d.duty,
      change_kind: d.changeKind ?? null,
      trigger_id: d.triggerId,
      triggered_on: d.triggeredOn,
      due_by: d.dueBy,
      status: d.status,
      section: d.section,
    });
  }
  const dues = duties.map((d) => d.due_by as string);
  if (result.nextPeriodicBy && !result.ended) dues.push(result.nextPeriodicBy);
  const nextDueBy = dues.length ? dues.reduce((a, b) => (b < a ? b : a)) : null;
  const period = result.period;
  return {
    nominalId,
    status: {
      nominal_id: nominalId,
      period_kind: period?.kind ?? null,
      period_ends_on: period?.kind === 'fixed' ? period.endsOn : null,
      ended: result.ended,
      next_periodic_by: result.nextPeriodicBy,
      next_due_by: nextDueBy,
      overdue_count: result.overdue.length,
      review_eligible_from: result.review.eligibleFrom,
      review_blocked_by: result.review.blockedBy,
      // Codes only (what to complete), each once: the page says which facts and why.
      warnings: result.warnings.length ? [...new Set(result.warnings.map((w) => w.code))].sort().join(',') : null,
      computed_at: now,
      computed_for: asOf,
    },
    duties,
  };
}
