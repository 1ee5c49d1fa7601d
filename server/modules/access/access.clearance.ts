import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { findClearance } from './access.clearance.repository.ts';

export const CLEARANCE_LEVELS = ['NPPV1', 'NPPV2', 'NPPV3'] as const;
export type ClearanceLevel = (typeof CLEARANCE_LEVELS)[number];

/**
 * Where the register's policy learns whether a user is cleared. Today the
 * record is kept by administrators; the vetting module will become its source
 * through this same interface, and access ends the moment it says so.
 */
export interface ClearanceSource {
  isCleared(db: Kysely<DB>, userId: string, required: ClearanceLevel, now: Date): Promise<boolean>;
}

const rank = (level: ClearanceLevel) => CLEARANCE_LEVELS.indexOf(level);

export const recordedClearance: ClearanceSource = {
  async isCleared(db, userId, required, now) {
    const c = await findClearance(db, userId);
    return !!c && !c.withdrawn_at && c.granted_at <= now && c.expires_at > now && rank(c.level) >= rank(required);
  },
};
