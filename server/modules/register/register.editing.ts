import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { conflict, forbidden, notFound, type AppError } from '../../errors.ts';
import type { AccessLogInput } from '../audit/audit.log.ts';
import type { RequestContext } from '../../shared/context.ts';
import { authorize } from '../access/access.policy.ts';
import { decideRecordAccess, type RecordAccess, type RegisterReader } from './register.access.ts';
import * as repo from './register.lifecycle.repository.ts';

export const NOT_FOUND = 'No record was found with that reference, or you do not have access to it.';

/**
 * A refused request: the error the person sees, and the access-log entry that keeps the
 * real reason. The refusal undoes the operation's transaction, so the entry is written after it.
 */
export class Refusal extends Error {
  constructor(
    readonly error: AppError,
    readonly entry: AccessLogInput,
  ) {
    super(error.message);
  }
}

/** What an actor is told about an identifier held by a record they may not see: nothing about the record. */
export const identifierUnusable = (name: string) =>
  `That ${name} cannot be used. Check you typed it correctly. If it is right, ask your register point of contact.`;

/**
 * Refuses an identifier already held. Where the holding record is one the actor may not see, the
 * refusal is logged against that record with the policies that hid it (the answer names none).
 */
export function identifierInUse(error: AppError, hidden?: { nominalId: string; policyIds: string[] }): AppError | Refusal {
  if (!hidden) return error;
  return new Refusal(error, { kind: 'consultation', action: 'register.identifier-checked', subjectType: 'nominal', subjectId: hidden.nominalId, purposeCode: 'case-management', decision: 'denied', policyIds: hidden.policyIds });
}

/** One operation in one transaction; a refusal is logged in its own transaction, then thrown. */
export async function operation<T>(database: Database, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(database, ctx, fn);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await withTransaction(database, ctx, (tx) => tx.log(error.entry));
    throw error.error;
  }
}

/**
 * The record an operation is about to change, if the actor may change it. A record
 * they may not read is "not found", logged with the real reason; one they may read
 * but not change is refused (403), logged with the policies that refused it.
 */
export async function requireEditable(tx: Tx, reader: RegisterReader, id: unknown, action: string): Promise<RecordAccess & { nominalId: string }> {
  const access = await decideRecordAccess(tx, reader, id);
  if (!access.read.allowed || !access.facts) {
    throw new Refusal(notFound(NOT_FOUND), { kind: 'consultation', action, subjectType: 'nominal', subjectId: access.nominalId ?? undefined, decision: 'denied', policyIds: access.read.policyIds, purposeCode: 'case-management' });
  }
  if (!access.canEdit) {
    const edit = authorize(reader, 'editNominal', access.facts);
    throw new Refusal(forbidden('You cannot change this record. Ask its managing officer or a user of its owning unit.'), {
      kind: 'consultation',
      action,
      subjectType: 'nominal',
      subjectId: access.nominalId!,
      decision: 'denied',
      policyIds: edit.policyIds,
      purposeCode: 'case-management',
    });
  }
  return { ...access, nominalId: access.nominalId! };
}

/** The record's state and version, locked for the rest of the transaction. */
export async function lockedRecord(tx: Tx, nominalId: string) {
  const record = await repo.recordState(tx.db, nominalId, true);
  if (!record) throw notFound(NOT_FOUND);
  return record;
}

/** Refuses a form that was filled in against an older version of the record. */
export async function checkVersion(tx: Tx, record: { id: string; version: number }, formVersion: number): Promise<void> {
  if (record.version === formVersion) return;
  const change = await repo.lastChange(tx.db, record.id);
  const who = change?.updatedByName ?? 'another user';
  const when = change ? new Date(change.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }) : 'a moment ago';
  throw conflict('stale-record', `This record was changed by ${who} at ${when}. Check the record and try again.`);
}
