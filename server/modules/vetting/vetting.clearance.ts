import type { Tx } from '../../db/transaction.ts';
import * as repo from './vetting.decision.repository.ts';

/** How long a clearance lasts, per level (VETTING_CLEARANCE_YEARS_NPPV2 / _NPPV3). */
export interface ClearanceYears {
  NPPV2: number;
  NPPV3: number;
}
export const DEFAULT_CLEARANCE_YEARS: ClearanceYears = { NPPV2: 3, NPPV3: 5 };

/** The same calendar date, years on (29 February becomes 1 March). */
export function clearanceExpiry(grantedAt: Date, years: number): Date {
  const d = new Date(grantedAt);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * Writes the applicant's clearance from a granted application (or an allowed appeal): the
 * register's policy reads this row (access.clearance.ts), so access starts now and ends the
 * moment it expires or is withdrawn. Runs in the caller's transaction, beside its move.
 */
export async function grantClearance(
  tx: Tx,
  application: { id: string; applicant_user_id: string; level: 'NPPV2' | 'NPPV3' },
  conditions: string,
  years: ClearanceYears = DEFAULT_CLEARANCE_YEARS,
): Promise<{ grantedAt: Date; expiresAt: Date }> {
  const grantedAt = tx.ctx.now;
  const expiresAt = clearanceExpiry(grantedAt, years[application.level]);
  await repo.upsertClearance(tx.db, { userId: application.applicant_user_id, level: application.level, grantedAt, expiresAt, conditions, applicationId: application.id, recordedBy: tx.ctx.actor?.userId ?? null });
  await tx.record({
    type: 'vetting.clearance-granted',
    subjectType: 'vetting-application',
    subjectId: application.id,
    payload: { level: application.level, expiresAt: expiresAt.toISOString() },
    log: { kind: 'alteration', purposeCode: 'vetting', changes: [{ field: 'clearance.expires_at', new: expiresAt.toISOString() }] },
  });
  return { grantedAt, expiresAt };
}
