import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { notifyUser } from '../messages/messages.ts';
import { decideRecordAccess, readerFor as registerReader, type RegisterReader } from './register.access.ts';
import { checkVersion, lockedRecord, operation, Refusal, requireEditable } from './register.editing.ts';
import * as lifecycle from './register.lifecycle.repository.ts';
import { AcceptTransferSchema, RejectTransferSchema, RequestTransferSchema } from './register.lifecycle.schemas.ts';
import * as repo from './register.transfer.repository.ts';

const TRANSFER_NOT_FOUND = 'No transfer was found, or it is not for your unit.';
const DAY_MS = 86_400_000;

export function createTransferService(database: Database, config: Pick<Config, 'register'>) {
  const level = config.register.clearanceLevel;
  const readerFor = (tx: Tx) => registerReader(tx, level);

  /** A transfer into or out of the reader's unit, whose record they may still read; "not found" otherwise. */
  async function visibleTransfer(tx: Tx, reader: RegisterReader, id: unknown, action: string, lock = false) {
    const transferId = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
    const transfer = transferId ? await repo.findTransfer(tx.db, transferId, lock) : undefined;
    const ours = !!transfer && reader.cleared && (transfer.toUnitId === reader.unitId || transfer.fromUnitId === reader.unitId);
    if (!transfer || !ours) {
      throw new Refusal(notFound(TRANSFER_NOT_FOUND), {
        kind: 'consultation',
        action,
        subjectType: 'nominal-transfer',
        subjectId: transferId ?? undefined,
        decision: 'denied',
        policyIds: [transfer ? 'register.transfer-other-unit' : 'register.no-such-transfer'],
      });
    }
    return transfer;
  }

  /** Only a manager of the receiving unit decides a transfer, and only while it waits. */
  async function decidable(tx: Tx, reader: RegisterReader, transfer: repo.TransferRow, action: string, formVersion: number) {
    if (transfer.toUnitId !== reader.unitId || !reader.roles.includes('manager')) {
      throw new Refusal(forbidden('Only a manager of the receiving unit can accept or reject this transfer.'), {
        kind: 'consultation',
        action,
        subjectType: 'nominal-transfer',
        subjectId: transfer.id,
        decision: 'denied',
        policyIds: ['register.transfer-manager-of-receiving-unit'],
      });
    }
    if (transfer.status !== 'pending') {
      const when = transfer.decidedAt ? new Date(transfer.decidedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }) : '';
      throw conflict('transfer-decided', `This transfer was already ${transfer.status} by ${transfer.decidedByName ?? 'another user'} at ${when}. Nothing was changed.`);
    }
    if (transfer.version !== formVersion) throw conflict('transfer-changed', 'This transfer was changed since you opened it. Open it again and check before you decide.');
  }

  async function tell(tx: Tx, userIds: string[], type: string, subject: string, body: string, link: string) {
    for (const userId of new Set(userIds)) await notifyUser(tx, { type, userId, subject, body, link });
  }

  return {
    /** The transfer form: the record (if the actor may change it), the units it could go to, and any pending transfer. */
    async transferForm(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.transfer-form-viewed');
        const record = (await lifecycle.recordState(tx.db, access.nominalId))!;
        const units = (await org.listUnits(tx.db)).filter((u) => u.id !== record.owningUnitId);
        const pending = await repo.pendingTransferOf(tx.db, record.id);
        await tx.log({ kind: 'consultation', action: 'register.transfer-form-viewed', subjectType: 'nominal', subjectId: record.id, subjectAgencyId: record.owningAgencyId, policyIds: access.read.policyIds, purposeCode: 'case-management' });
        return { record, units, pending };
      });
    },

    /**
     * The sending unit asks another unit to take the record. Until it is decided the
     * receiving unit may read the record (a view-only relationship if it had none).
     */
    async requestTransfer(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(RequestTransferSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const access = await requireEditable(tx, reader, id, 'register.transfer-requested');
        const record = await lockedRecord(tx, access.nominalId);
        await checkVersion(tx, record, data.version);
        if (record.status !== 'active') throw conflict('record-not-active', `This record is ${record.status}. Only an active record can be transferred.`);
        const to = await org.findUnit(tx.db, data.toUnitId);
        if (!to) throw badRequest('invalid-input', 'Select the unit to transfer the record to', [{ field: 'toUnitId', message: 'Select the unit to transfer the record to' }]);
        if (to.id === record.owningUnitId) {
          throw badRequest('invalid-input', 'Select a unit other than the one that owns the record', [{ field: 'toUnitId', message: 'Select a unit other than the one that owns the record' }]);
        }
        const pending = await repo.pendingTransferOf(tx.db, record.id);
        if (pending) throw conflict('transfer-pending', `A transfer of this record to ${pending.toUnitName} is already waiting for a decision.`);
        const existing = await repo.relationshipOf(tx.db, record.id, to.id);
        if (!existing) await repo.addRelationship(tx.db, record.id, to.id, 'view-only');
        const transferId = await repo.insertTransfer(tx.db, {
          nominalId: record.id,
          fromUnitId: record.owningUnitId,
          toUnitId: to.id,
          reason: data.reason,
          requestedBy: reader.userId,
          requestedAt: ctx.now,
          grantedViewOnly: !existing,
        });
        await tx.record({
          type: 'register.transfer-requested',
          subjectType: 'nominal',
          subjectId: record.id,
          payload: { transferId, fromUnitId: record.owningUnitId, toUnitId: to.id },
          log: { kind: 'disclosure', subjectAgencyId: record.owningAgencyId, recipient: `unit:${to.id}`, purposeCode: 'public-protection', policyIds: access.read.policyIds },
        });
        const managers = await repo.managersOf(tx.db, [to.id]);
        await tell(tx, managers.map((m) => m.id), 'transfer-requested', `Transfer request: ${record.reference}`,
          `${record.owningUnitName} asks your unit to take over record ${record.reference}. Accept it and name a managing officer, or reject it with a reason.`, `/transfers/${transferId}`);
        return { transferId, reference: record.reference, toUnitName: to.name };
      });
    },

    /** The transfers inbox: into and out of the actor's unit. */
    async listTransfers(ctx: RequestContext) {
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const transfers = reader.cleared ? await repo.transfersOfUnit(tx.db, reader) : [];
        await tx.log({ kind: 'consultation', action: 'register.transfers-listed', subjectType: 'nominal-transfer-list', purposeCode: 'case-management' });
        return {
          cleared: reader.cleared,
          isManager: reader.roles.includes('manager'),
          incoming: transfers.filter((t) => t.toUnitId === reader.unitId),
          outgoing: transfers.filter((t) => t.fromUnitId === reader.unitId),
        };
      });
    },

    /** One transfer, with the people who could manage the record if the actor is to decide it. */
    async viewTransfer(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const transfer = await visibleTransfer(tx, reader, id, 'register.transfer-viewed');
        // After a rejection the receiving unit keeps the transfer's history, but not the person's details.
        const access = await decideRecordAccess(tx, reader, transfer.nominalId);
        const record = access.read.allowed ? await lifecycle.recordState(tx.db, transfer.nominalId) : undefined;
        const canDecide = transfer.status === 'pending' && transfer.toUnitId === reader.unitId && reader.roles.includes('manager');
        const managers = canDecide ? await repo.possibleManagers(tx.db, reader.unitId) : [];
        await tx.log({ kind: 'consultation', action: 'register.transfer-viewed', subjectType: 'nominal', subjectId: transfer.nominalId, subjectAgencyId: record?.owningAgencyId, purposeCode: 'case-management', policyIds: access.read.policyIds });
        return { transfer, record, canDecide, managers };
      });
    },

    /**
     * The receiving unit takes the record: owner and managing officer change together,
     * the record's version moves on, and the sending unit stays a partner.
     */
    async acceptTransfer(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(AcceptTransferSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const transfer = await visibleTransfer(tx, reader, id, 'register.transfer-accepted', true);
        await decidable(tx, reader, transfer, 'register.transfer-accepted', data.version);
        const managers = await repo.possibleManagers(tx.db, transfer.toUnitId);
        const manager = managers.find((m) => m.id === data.managingOfficerId);
        if (!manager) {
          throw badRequest('invalid-input', 'Select the new managing officer from your unit', [{ field: 'managingOfficerId', message: 'Select the new managing officer from your unit' }]);
        }
        const record = await lockedRecord(tx, transfer.nominalId);
        if (record.status !== 'active') throw conflict('record-not-active', `This record is now ${record.status}. It cannot be transferred; reject the transfer instead.`);
        if (!(await repo.changeOwner(tx.db, record.id, record.version, { unitId: transfer.toUnitId, managerId: manager.id, by: reader.userId, at: ctx.now }))) {
          throw conflict('stale-record', 'This record was changed while the transfer was being accepted. Try again.');
        }
        await repo.removeRelationship(tx.db, record.id, transfer.toUnitId);
        await repo.addRelationship(tx.db, record.id, transfer.fromUnitId, 'partner');
        if (!(await repo.decideTransfer(tx.db, transfer.id, data.version, { status: 'accepted', decidedBy: reader.userId, decidedAt: ctx.now, reason: null, newManagerId: manager.id }))) {
          throw conflict('transfer-changed', 'This transfer was changed since you opened it. Open it again and check before you decide.');
        }
        await tx.record({
          type: 'register.transfer-accepted',
          subjectType: 'nominal',
          subjectId: record.id,
          payload: { transferId: transfer.id, fromUnitId: transfer.fromUnitId, toUnitId: transfer.toUnitId, managingOfficerId: manager.id },
          log: {
            kind: 'alteration',
            subjectAgencyId: record.owningAgencyId,
            purposeCode: 'public-protection',
            changes: [
              { field: 'owning_unit_id', old: transfer.fromUnitId, new: transfer.toUnitId },
              { field: 'managing_officer_id', old: record.managingOfficerId, new: manager.id },
            ],
          },
        });
        await tell(tx, [transfer.requestedBy, record.managingOfficerId], 'transfer-accepted', `Transfer accepted: ${record.reference}`,
          `${transfer.toUnitName} accepted the transfer of record ${record.reference}. ${manager.displayName} is its managing officer now; your unit keeps partner access.`, `/transfers/${transfer.id}`);
        if (manager.id !== reader.userId) {
          await tell(tx, [manager.id], 'record-assigned', `You manage record ${record.reference}`, `Record ${record.reference} was transferred to your unit and you are its managing officer.`, `/nominals/${record.id}`);
        }
        return { nominalId: record.id, reference: record.reference };
      });
    },

    /** The receiving unit declines: the record stays where it is, and any view-only access given for the decision ends. */
    async rejectTransfer(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(RejectTransferSchema, input);
      return operation(database, ctx, async (tx) => {
        const reader = await readerFor(tx);
        const transfer = await visibleTransfer(tx, reader, id, 'register.transfer-rejected', true);
        await decidable(tx, reader, transfer, 'register.transfer-rejected', data.version);
        if (!(await repo.decideTransfer(tx.db, transfer.id, data.version, { status: 'rejected', decidedBy: reader.userId, decidedAt: ctx.now, reason: data.reason, newManagerId: null }))) {
          throw conflict('transfer-changed', 'This transfer was changed since you opened it. Open it again and check before you decide.');
        }
        if (transfer.grantedViewOnly) await repo.removeRelationship(tx.db, transfer.nominalId, transfer.toUnitId, 'view-only');
        await tx.record({
          type: 'register.transfer-rejected',
          subjectType: 'nominal',
          subjectId: transfer.nominalId,
          payload: { transferId: transfer.id, fromUnitId: transfer.fromUnitId, toUnitId: transfer.toUnitId },
          log: { kind: 'administration', purposeCode: 'public-protection' },
        });
        await tell(tx, [transfer.requestedBy], 'transfer-rejected', `Transfer rejected: ${transfer.reference}`,
          `${transfer.toUnitName} rejected the transfer of record ${transfer.reference}. Their reason is on the transfer page.`, `/transfers/${transfer.id}`);
        return { reference: transfer.reference };
      });
    },

    /**
     * Escalates, once, every transfer left undecided for longer than the configured days:
     * the managers of both units are told. Run by the server periodically and by
     * `vigil jobs escalate-transfers`; `ctx.now` is the clock.
     */
    async escalateOverdueTransfers(ctx: RequestContext): Promise<number> {
      return operation(database, ctx, async (tx) => {
        const due = await repo.claimOverdue(tx.db, new Date(ctx.now.getTime() - config.register.transferEscalationDays * DAY_MS));
        for (const t of due) {
          await repo.markEscalated(tx.db, t.id, ctx.now);
          const transfer = (await repo.findTransfer(tx.db, t.id))!;
          await tx.record({
            type: 'register.transfer-escalated',
            subjectType: 'nominal',
            subjectId: t.nominalId,
            payload: { transferId: t.id, fromUnitId: t.fromUnitId, toUnitId: t.toUnitId },
            log: { kind: 'administration', purposeCode: 'public-protection' },
          });
          const managers = await repo.managersOf(tx.db, [t.fromUnitId, t.toUnitId]);
          await tell(tx, managers.map((m) => m.id), 'transfer-escalated', `Transfer overdue: ${transfer.reference}`,
            `The transfer of record ${transfer.reference} from ${transfer.fromUnitName} to ${transfer.toUnitName} has waited more than ${config.register.transferEscalationDays} days for a decision.`, `/transfers/${t.id}`);
        }
        return due.length;
      });
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
