import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, conflict } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import { readerFor as registerReader, type RegisterReader } from './register.access.ts';
import { checkVersion, lockedRecord, operation, Refusal, requireEditable } from './register.editing.ts';
import * as repo from './register.lifecycle.repository.ts';
import { archiveSchema, MergeFindSchema, MergeSchema, RestoreSchema } from './register.lifecycle.schemas.ts';
import { pendingTransferOf } from './register.transfer.repository.ts';

const OTHER_NOT_FOUND = 'No record was found with that reference that you can change. Check the reference.';

export function createLifecycleService(database: Database, config: Pick<Config, 'register'>) {
  const level = config.register.clearanceLevel;
  const readerFor = (tx: Tx) => registerReader(tx, level);

  /** The other record of a merge, found by reference: one the actor may not change reads as "no record". */
  async function otherRecord(tx: Tx, reader: RegisterReader, by: { reference?: string; id?: string }, action: string) {
    const found = by.reference ? await repo.findByReference(tx.db, by.reference) : by.id ? { id: by.id } : undefined;
    try {
      return await requireEditable(tx, reader, found?.id ?? null, action);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      throw new Refusal(badRequest('invalid-input', OTHER_NOT_FOUND, [{ field: by.reference !== undefined ? 'with' : 'otherId', message: OTHER_NOT_FOUND }]), error.entry);
    }
  }

  return {
    /** The record as the archive, restore and merge forms show it, if the actor may change it. */
    async editableRecord(ctx: RequestContext, id: unknown, purpose: 'archive' | 'restore' | 'merge') {
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const action = `register.${purpose}-form-viewed`;
        const access = await requireEditable(tx, reader, id, action);
        const record = (await repo.recordState(tx.db, access.nominalId))!;
        await tx.log({ kind: 'consultation', action, subjectType: 'nominal', subjectId: record.id, subjectAgencyId: record.owningAgencyId, policyIds: access.read.policyIds, purposeCode: 'case-management' });
        return { record, history: await repo.statusHistory(tx.db, record.id) };
      });
    },

    /** Archives an active record, at the end of notification or of MAPPA management, or on death (status "deceased"). */
    async archiveNominal(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(archiveSchema(ctx.now), input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.nominal-archived');
        const record = await lockedRecord(tx, access.nominalId);
        await checkVersion(tx, record, data.version);
        if (record.status !== 'active') throw conflict('record-not-active', `This record is already ${record.status}.`);
        if (await pendingTransferOf(tx.db, record.id)) throw conflict('transfer-pending', 'A transfer of this record is waiting for a decision. Wait for it, or ask the receiving unit to reject it, before archiving.');
        const to = data.reason === 'died' ? 'deceased' : 'archived';
        await repo.changeStatus(tx.db, record, { to, reasonCode: data.reason, reasonText: data.details, dateOfDeath: data.dateOfDeath, by: reader.userId, at: ctx.now });
        await tx.record({
          type: 'register.nominal-archived',
          subjectType: 'nominal',
          subjectId: record.id,
          payload: { reason: data.reason, status: to },
          log: { kind: 'alteration', subjectAgencyId: record.owningAgencyId, purposeCode: 'public-protection', changes: [{ field: 'status', old: record.status, new: to }, ...(data.dateOfDeath ? [{ field: 'date_of_death', old: null, new: data.dateOfDeath }] : [])] },
        });
        return { reference: record.reference, status: to };
      });
    },

    /** Makes an archived (or wrongly marked deceased) record active again, with the reason. */
    async restoreNominal(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(RestoreSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.nominal-restored');
        const record = await lockedRecord(tx, access.nominalId);
        await checkVersion(tx, record, data.version);
        if (record.status !== 'archived' && record.status !== 'deceased') throw conflict('record-not-archived', `This record is ${record.status}: only an archived record can be restored.`);
        await repo.changeStatus(tx.db, record, { to: 'active', reasonCode: 'restored', reasonText: data.reason, dateOfDeath: null, by: reader.userId, at: ctx.now });
        await tx.record({
          type: 'register.nominal-restored',
          subjectType: 'nominal',
          subjectId: record.id,
          payload: { from: record.status },
          log: { kind: 'alteration', subjectAgencyId: record.owningAgencyId, purposeCode: 'public-protection', changes: [{ field: 'status', old: record.status, new: 'active' }] },
        });
        return { reference: record.reference };
      });
    },

    /** Both records side by side, before a merge: each must be one the actor may change. */
    async mergePreview(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(MergeFindSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.merge-previewed');
        const other = await otherRecord(tx, reader, { reference: data.with }, 'register.merge-previewed');
        if (other.nominalId === access.nominalId) {
          throw badRequest('invalid-input', 'Enter the reference of a different record', [{ field: 'with', message: 'Enter the reference of a different record' }]);
        }
        const records = [];
        for (const nominalId of [access.nominalId, other.nominalId]) {
          const record = (await repo.recordState(tx.db, nominalId))!;
          if (record.status === 'merged') {
            throw badRequest('invalid-input', `Record ${record.reference} was already merged into another record`, [{ field: 'with', message: `Record ${record.reference} was already merged into another record` }]);
          }
          records.push({ ...record, ...(await repo.mergeSummary(tx.db, nominalId)) });
          await tx.log({ kind: 'consultation', action: 'register.merge-previewed', subjectType: 'nominal', subjectId: nominalId, subjectAgencyId: record.owningAgencyId, purposeCode: 'case-management' });
        }
        return { record: records[0]!, other: records[1]! };
      });
    },

    /**
     * Merges two records of the same person. Everything the merged record holds moves to the
     * survivor (see moveContent); the merged record keeps its shell, marked "merged" with where it went.
     */
    async mergeNominals(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(MergeSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.nominals-merged');
        const other = await otherRecord(tx, reader, { id: data.otherId }, 'register.nominals-merged');
        if (other.nominalId === access.nominalId) throw badRequest('invalid-input', 'Choose two different records', [{ field: 'otherId', message: 'Choose two different records' }]);
        // Locked in a fixed order, so that two merges of the same pair cannot deadlock.
        const [first, second] = [access.nominalId, other.nominalId].sort();
        const locked = new Map([[first!, await lockedRecord(tx, first!)], [second!, await lockedRecord(tx, second!)]]);
        const self = locked.get(access.nominalId)!;
        const them = locked.get(other.nominalId)!;
        await checkVersion(tx, self, data.version);
        await checkVersion(tx, them, data.otherVersion);
        for (const r of [self, them]) {
          if (r.status === 'merged') throw conflict('record-merged', `Record ${r.reference} was already merged into another record.`);
          if (await pendingTransferOf(tx.db, r.id)) throw conflict('transfer-pending', `A transfer of record ${r.reference} is waiting for a decision. Merge once it is decided.`);
        }
        if ((await repo.isRestricted(tx.db, self.id)) !== (await repo.isRestricted(tx.db, them.id))) {
          throw conflict('restriction-differs', 'One record is restricted to named users and the other is not. Align their restrictions before merging, so that nobody gains or loses access by the merge.');
        }
        const [survivor, merged] = data.survivor === 'this' ? [self, them] : [them, self];
        const moved = await repo.moveContent(tx.db, merged.id, survivor.id, survivor.owningUnitId, merged.owningUnitId);
        const why = `${merged.reference} merged into ${survivor.reference}`;
        await repo.changeStatus(tx.db, merged, { to: 'merged', reasonCode: 'merged', reasonText: why, mergedIntoId: survivor.id, otherNominalId: survivor.id, by: reader.userId, at: ctx.now });
        await repo.changeStatus(tx.db, survivor, { to: survivor.status, reasonCode: 'survived-merge', reasonText: why, otherNominalId: merged.id, by: reader.userId, at: ctx.now });
        // One combination entry for each record, both naming the pair: either record's history shows the merge.
        await tx.record({
          type: 'register.nominals-merged',
          subjectType: 'nominal',
          subjectId: survivor.id,
          payload: { survivorId: survivor.id, mergedId: merged.id, items: moved.items, files: moved.files },
          log: { kind: 'combination', subjectAgencyId: survivor.owningAgencyId, purposeCode: 'public-protection', purposeText: why },
        });
        await tx.log({ kind: 'combination', action: 'register.nominal-merged-away', subjectType: 'nominal', subjectId: merged.id, subjectAgencyId: merged.owningAgencyId, purposeCode: 'public-protection', purposeText: why });
        return { survivorId: survivor.id, survivorReference: survivor.reference, mergedReference: merged.reference };
      });
    },
  };
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;
