import type { Tx } from '../../db/transaction.ts';
import { unauthenticated } from '../../errors.ts';
import { recordedClearance, type ClearanceLevel } from '../access/access.clearance.ts';
import { authorize, type Decision, type NominalFacts, type UserFacts } from '../access/access.policy.ts';
import { nominalFacts } from './register.access.repository.ts';
import { activeBreakGlassGrant } from './register.breakglass.repository.ts';
import type { Reader } from './register.repository.ts';
import { isUuid } from '../../shared/ids.ts';

/** A record id from a URL or a request body, or null if it cannot be one (and so is "not found"). */
export const asNominalId = (id: unknown): string | null => (isUuid(id) ? id : null);

export type RegisterReader = Reader & UserFacts;

/** The actor as the register sees them: their unit, roles, and whether their clearance is active now. */
export async function readerFor(tx: Tx, level: ClearanceLevel): Promise<RegisterReader> {
  const actor = tx.ctx.actor;
  if (!actor) throw unauthenticated();
  const cleared = await recordedClearance.isCleared(tx.db, actor.userId, level, tx.ctx.now);
  return { userId: actor.userId, unitId: actor.unitId, agencyId: actor.agencyId, roles: actor.roles, cleared, clearanceActive: cleared };
}

/** What one actor may do with one record, decided once per operation by the Cedar policies. */
export interface RecordAccess {
  nominalId: string | null;
  facts: NominalFacts | undefined;
  /** The read decision, whose policy ids go into the access-log entry. */
  read: Decision;
  canSeeRestricted: boolean;
  canEdit: boolean;
  /** May change partner units, exclusions and restrictions (register.manage-access). */
  canManageAccess: boolean;
  /** May see who has viewed the record (register.view-record-log). */
  canViewRecordLog: boolean;
  /** True when the read is allowed only by a break-glass justification: read-only, and marked in the log. */
  breakGlass: boolean;
  /** When the break-glass grant that allows the read ends. */
  breakGlassExpiresAt?: Date;
}

/**
 * Decides an actor's access to a record. A record that does not exist and one
 * the actor may not see give the same answer to the caller ("not found"); the
 * decision's policy ids say which it was, for the log.
 */
export async function decideRecordAccess(tx: Tx, reader: RegisterReader, id: unknown): Promise<RecordAccess> {
  const nominalId = asNominalId(id);
  return decide(tx, reader, nominalId, nominalId ? await nominalFacts(tx.db, nominalId) : undefined);
}

/**
 * An identifier typed by the actor is already held by a record. Where the actor may see that record,
 * saying so reveals nothing; where they may not (excluded, restricted, another unit's), the answer
 * must not confirm that a record exists. Returns the read decision, whose policy ids the log keeps.
 */
export async function holderVisibleTo(tx: Tx, reader: RegisterReader, holderId: string): Promise<Decision> {
  return (await decideRecordAccess(tx, reader, holderId)).read;
}

/**
 * The reader and their access to one record, with the clearance and the record's facts asked for
 * together: neither waits for the other, and both leave in one socket write with BEGIN.
 */
export async function readerWithAccess(tx: Tx, level: ClearanceLevel, id: unknown): Promise<{ reader: RegisterReader; access: RecordAccess }> {
  const nominalId = asNominalId(id);
  const [reader, facts] = await Promise.all([readerFor(tx, level), nominalId ? nominalFacts(tx.db, nominalId) : undefined]);
  return { reader, access: await decide(tx, reader, nominalId, facts) };
}

async function decide(tx: Tx, reader: RegisterReader, nominalId: string | null, facts: NominalFacts | undefined): Promise<RecordAccess> {
  if (!facts) {
    return { nominalId, facts, read: { allowed: false, policyIds: ['register.no-such-record'] }, canSeeRestricted: false, canEdit: false, canManageAccess: false, canViewRecordLog: false, breakGlass: false };
  }
  const read = authorize(reader, 'readNominal', facts);
  if (read.allowed) {
    return {
      nominalId,
      facts,
      read,
      canSeeRestricted: authorize(reader, 'readRestricted', facts).allowed,
      canEdit: authorize(reader, 'editNominal', facts).allowed,
      canManageAccess: authorize(reader, 'manageAccess', facts).allowed,
      canViewRecordLog: authorize(reader, 'viewRecordLog', facts).allowed,
      breakGlass: false,
    };
  }
  // Only a read no relationship allows looks for a grant: the everyday path costs no extra query.
  // The forbids (clearance, exclusion, restriction) still apply under break-glass, in Cedar.
  const grant = read.policyIds.includes('register.no-permit') ? await activeBreakGlassGrant(tx.db, reader.userId, facts.nominalId, tx.ctx.now) : undefined;
  if (grant) {
    const emergency = authorize(reader, 'readNominal', facts, { breakGlass: true });
    if (emergency.allowed) {
      return { nominalId, facts, read: emergency, canSeeRestricted: false, canEdit: false, canManageAccess: false, canViewRecordLog: false, breakGlass: true, breakGlassExpiresAt: grant.expiresAt };
    }
  }
  return { nominalId, facts, read, canSeeRestricted: false, canEdit: false, canManageAccess: false, canViewRecordLog: false, breakGlass: false };
}
