import type { RetentionYears } from '../../config.ts';
import type { ClearanceYears } from './vetting.clearance.ts';

export const DEFAULT_RETENTION_YEARS: RetentionYears = { granted: 1, refused: 2, withdrawn: 1, override: 6 };

/** What the retention schedule needs to know about a decided application (vetting.retention.repository.ts). */
export interface RetentionFacts {
  state: string;
  level: 'NPPV2' | 'NPPV3';
  decided_at: Date | null;
  last_move_at: Date;
  /** The clearance this application gave, while it is still the person's clearance. */
  clearance_expires_at: Date | null;
  clearance_withdrawn_at: Date | null;
  override_expires_at: Date | null;
  last_appeal_decided_at: Date | null;
}

export type RetentionRule = 'granted' | 'refused' | 'withdrawn' | 'override';

const GRANTED = ['granted', 'granted-with-conditions', 'appeal-allowed'];
const REFUSED = ['refused', 'appeal-dismissed'];
const ENDED = ['withdrawn', 'discontinued'];

const addYears = (d: Date, years: number) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() + years);
  return x;
};
const latest = (...dates: (Date | null)[]) => new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));

/**
 * When an application's record falls due for erasure, and under which rule (ADR 0023). The clock
 * starts when the matter ends: a clearance at its expiry or withdrawal, a refusal at the decision or
 * the appeal's, a withdrawn or discontinued application at its last move; an override keeps the
 * record longest, so later outcomes can be weighed against it. Undecided applications are live: null.
 */
export function retentionDue(f: RetentionFacts, years: RetentionYears, clearanceYears: ClearanceYears): { rule: RetentionRule; due: Date } | null {
  if (f.override_expires_at) return { rule: 'override', due: addYears(latest(f.override_expires_at, f.clearance_withdrawn_at, f.last_appeal_decided_at), years.override) };
  if (GRANTED.includes(f.state)) {
    // A clearance replaced by a renewal ended no later than its own term.
    const end = f.clearance_withdrawn_at ?? f.clearance_expires_at ?? addYears(f.decided_at ?? f.last_move_at, clearanceYears[f.level]);
    return { rule: 'granted', due: addYears(latest(end, f.last_appeal_decided_at), years.granted) };
  }
  if (REFUSED.includes(f.state)) return { rule: 'refused', due: addYears(latest(f.decided_at, f.last_move_at, f.last_appeal_decided_at), years.refused) };
  if (ENDED.includes(f.state)) return { rule: 'withdrawn', due: addYears(f.last_move_at, years.withdrawn) };
  return null;
}
