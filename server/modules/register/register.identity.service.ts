import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import { holderVisibleTo, readerFor } from './register.access.ts';
import { checkVersion, identifierInUse, identifierUnusable, lockedRecord, operation, requireEditable } from './register.editing.ts';
import { IDENTIFIER_NAMES } from './register.identifiers.ts';
import * as repo from './register.identity.repository.ts';
import { detailsSchema, IdentifierSchema, NameSchema, RemoveIdentifierSchema, RemoveNameSchema, withDates } from './register.identity.schemas.ts';
import { bumpVersion } from './register.lifecycle.repository.ts';
import { isUuid } from '../../shared/ids.ts';

/**
 * Who the record is about, changed by those who may edit it: details and flags,
 * names and identifiers. Each change checks the version the editor saw, so a
 * stale form is refused with who changed the record and when.
 */
export function createIdentityService(database: Database, config: Pick<Config, 'register'>) {
  const level = config.register.clearanceLevel;

  /** The record, locked, if the actor may change it and their form is current. */
  async function current(tx: Tx, nominalId: unknown, action: string, formVersion: number) {
    const reader = await readerFor(tx, level);
    const access = await requireEditable(tx, reader, nominalId, action);
    const record = await lockedRecord(tx, access.nominalId);
    await checkVersion(tx, record, formVersion);
    return { access, record, reader };
  }

  async function changed(tx: Tx, record: { id: string; version: number; owningAgencyId: string }, type: string, policyIds: string[], changes: { field: string; old?: unknown; new?: unknown }[]) {
    await bumpVersion(tx.db, record, tx.ctx.actor!.userId, tx.ctx.now);
    await tx.record({
      type,
      subjectType: 'nominal',
      subjectId: record.id,
      payload: { version: record.version + 1 },
      log: { kind: 'alteration', subjectAgencyId: record.owningAgencyId, purposeCode: 'public-protection', policyIds, changes },
    });
  }

  return {
    /** Type, gender, date of birth, and whether the person is wanted or missing (and since when). */
    async editDetails(ctx: RequestContext, nominalId: unknown, input: Record<string, unknown>) {
      const data = parseInput(detailsSchema(ctx.now), withDates(input, ['dateOfBirth', 'wantedSince', 'missingSince']));
      return operation(database, ctx, async (tx) => {
        const { access, record } = await current(tx, nominalId, 'register.details-changed', data.version);
        const before = await repo.currentDetails(tx.db, record.id);
        await repo.updateDetails(tx.db, record.id, data);
        const fields = ['nominalType', 'gender', 'dateOfBirth', 'wantedSince', 'missingSince'] as const;
        const changes = fields.filter((f) => before[f] !== data[f]).map((f) => ({ field: `nominal.${f}`, old: before[f], new: data[f] }));
        await changed(tx, record, 'register.details-changed', access.read.policyIds, changes);
        return { nominalId: record.id };
      });
    },

    async addName(ctx: RequestContext, nominalId: unknown, input: unknown) {
      const data = parseInput(NameSchema, input);
      return operation(database, ctx, async (tx) => {
        const { access, record } = await current(tx, nominalId, 'register.name-added', data.version);
        await repo.addName(tx.db, record.id, data, ctx.now);
        await changed(tx, record, 'register.name-added', access.read.policyIds, [{ field: `name.${data.nameType}`, new: `${data.givenNames} ${data.familyName}` }]);
        return { nominalId: record.id };
      });
    },

    async removeName(ctx: RequestContext, nominalId: unknown, nameId: unknown, input: unknown) {
      const data = parseInput(RemoveNameSchema, input);
      return operation(database, ctx, async (tx) => {
        const { access, record } = await current(tx, nominalId, 'register.name-removed', data.version);
        const removed = isUuid(nameId) ? await repo.removeName(tx.db, record.id, nameId) : undefined;
        if (!removed) throw notFound('That name is not on this record, or it is the current name (change it by adding a new current name).');
        await changed(tx, record, 'register.name-removed', access.read.policyIds, [{ field: 'name', old: `${removed.givenNames} ${removed.familyName}` }]);
        return { nominalId: record.id };
      });
    },

    async addIdentifier(ctx: RequestContext, nominalId: unknown, input: unknown) {
      const data = parseInput(IdentifierSchema, input);
      return operation(database, ctx, async (tx) => {
        const { access, record, reader } = await current(tx, nominalId, 'register.identifier-added', data.version);
        const holder = await repo.identifierHolder(tx.db, data.kind, data.value);
        if (holder) {
          // The editor typed the number: saying where it is reveals nothing they did not know, unless the
          // record holding it is one they may not see; then the answer names no record (register.access.ts).
          const read = holder.nominal_id === record.id ? access.read : await holderVisibleTo(tx, reader, holder.nominal_id);
          const message = holder.nominal_id === record.id
            ? `That ${data.label} is already on this record.`
            : read.allowed
              ? `That ${data.label} is already on another record. Search for it, or ask your register point of contact about a merge.`
              : identifierUnusable(data.label);
          throw identifierInUse(badRequest('identifier-in-use', message, [{ field: 'value', message }]), read.allowed ? undefined : { nominalId: holder.nominal_id, policyIds: read.policyIds });
        }
        await repo.addIdentifier(tx.db, record.id, data.kind, data.value, ctx.now);
        await changed(tx, record, 'register.identifier-added', access.read.policyIds, [{ field: `identifier.${data.kind}`, new: data.value }]);
        return { nominalId: record.id };
      });
    },

    async removeIdentifier(ctx: RequestContext, nominalId: unknown, input: unknown) {
      const data = parseInput(RemoveIdentifierSchema, input);
      return operation(database, ctx, async (tx) => {
        const { access, record } = await current(tx, nominalId, 'register.identifier-removed', data.version);
        if (!(await repo.removeIdentifier(tx.db, record.id, data.kind, data.value))) throw notFound(`That ${IDENTIFIER_NAMES[data.kind]} is not on this record.`);
        await changed(tx, record, 'register.identifier-removed', access.read.policyIds, [{ field: `identifier.${data.kind}`, old: data.value }]);
        return { nominalId: record.id };
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
