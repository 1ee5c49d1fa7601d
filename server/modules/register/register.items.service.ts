import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { checkUpload, type Upload } from './register.files.ts';
import { decideRecordAccess, readerFor, type RecordAccess } from './register.access.ts';
import { operation, requireEditable } from './register.editing.ts';
import { isSection, itemKind, ITEM_KINDS, kindsInSection, type ItemKindDef, type SectionKey } from './register.items.ts';
import * as repo from './register.items.repository.ts';
import { parseItem } from './register.items.validation.ts';
import { isUuid } from '../../shared/ids.ts';

const NOT_FOUND = 'No record was found with that reference, or you do not have access to it.';

/** "14:05 on 1 December 2026", in UK time: when a stale editor is told someone else got there first. */
export const whenText = (d: Date) =>
  `${d.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })} on ${d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })}`;

const versionOf = (input: unknown): number => {
  const v = Number((input as { version?: unknown } | undefined)?.version);
  if (!Number.isInteger(v) || v < 1) throw badRequest('invalid-input', 'The form is missing its version: reload the page and make your change again', [{ field: 'version', message: 'Reload the page and make your change again' }]);
  return v;
};

export function createItemsService(database: Database, config: Pick<Config, 'register'>) {
  const level = config.register.clearanceLevel;
  const maxBytes = config.register.maxUploadBytes;

  /** The actor's access to the record, or "not found" when they may not read it (logged either way by the caller). */
  async function access(tx: Tx, nominalId: unknown): Promise<RecordAccess> {
    const reader = await readerFor(tx, level);
    return decideRecordAccess(tx, reader, nominalId);
  }

  async function logDenied(tx: Tx, a: RecordAccess, action: string) {
    await tx.log({ kind: 'consultation', action, subjectType: 'nominal', subjectId: a.nominalId ?? undefined, purposeCode: 'case-management', decision: 'denied', policyIds: a.read.policyIds });
  }

  /** Restricted items are recorded only by those who may see them. */
  function assertMaySee(a: RecordAccess, def: ItemKindDef, sensitivity: string) {
    if (sensitivity === 'restricted' && !a.canSeeRestricted) {
      throw forbidden(`Only the owning unit, the managing officer and supervisors can record restricted ${def.plural.toLowerCase()}.`);
    }
  }

  /** The record, if the actor may change it; "not found" or 403 otherwise, with the refusal logged. */
  async function editable(tx: Tx, nominalId: unknown, action: string) {
    return requireEditable(tx, await readerFor(tx, level), nominalId, action);
  }

  /** Stores an upload for a file field, or leaves the field as it was; a field error if the bytes are wrong. */
  async function storeFile(tx: Tx, nominalId: string, def: ItemKindDef, data: Record<string, unknown>, upload: Upload | undefined, previous?: Record<string, unknown>) {
    const field = def.fields.find((f) => f.type === 'file');
    if (!field) return;
    if (upload) {
      const checked = checkUpload(upload, field.accept ?? 'image-or-pdf', maxBytes);
      if (!checked.ok) throw badRequest('invalid-file', checked.message, [{ field: field.name, message: checked.message }]);
      data.fileId = await repo.insertFile(tx.db, { nominalId, contentType: checked.contentType, content: upload.buffer, sha256: checked.sha256, userId: tx.ctx.actor!.userId, at: tx.ctx.now });
    } else if (previous?.fileId) {
      data.fileId = previous.fileId;
    } else if (field.required) {
      const message = `Select the ${field.label.toLowerCase()} to upload`;
      throw badRequest('invalid-file', message, [{ field: field.name, message }]);
    }
  }

  /** Tells a stale editor who changed the item, and when; nothing of theirs has been saved. */
  async function staleEdit(tx: Tx, def: ItemKindDef, itemId: string): Promise<never> {
    const last = await repo.lastChange(tx.db, itemId);
    const who = last?.name ?? 'someone else';
    const what = last?.removedAt ? 'removed' : 'changed';
    throw conflict('stale-edit', `This ${def.name.toLowerCase()} was ${what} by ${who} at ${whenText(last?.removedAt ?? last?.at ?? tx.ctx.now)}. Your change has not been saved: check the current details and make it again.`);
  }

  return {
    /** A section of a record (identity, addresses, risk...): its kinds with their items, as the reader may see them. */
    async viewSection(ctx: RequestContext, nominalId: unknown, section: unknown) {
      if (!isSection(section)) throw notFound('There is no such section of a record.');
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await access(tx, nominalId);
        if (!a.read.allowed) return logDenied(tx, a, 'register.section-viewed').then(() => null);
        const heading = (await repo.nominalHeading(tx.db, a.nominalId!))!;
        const kinds = kindsInSection(section as SectionKey);
        const items = await repo.listItems(tx.db, a.nominalId!, kinds.map((k) => k.kind), a.canSeeRestricted);
        const counts = await repo.itemCounts(tx.db, a.nominalId!, a.canSeeRestricted);
        await tx.log({ kind: 'consultation', action: 'register.section-viewed', subjectType: 'nominal', subjectId: a.nominalId!, subjectAgencyId: heading.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return {
          nominal: heading,
          section: section as SectionKey,
          kinds: kinds.map((k) => ({ def: k, items: items.filter((i) => i.kind === k.kind) })),
          counts,
          canEdit: a.canEdit,
          canSeeRestricted: a.canSeeRestricted,
          breakGlass: a.breakGlass,
        };
      });
      if (!result) throw notFound(NOT_FOUND);
      return result;
    },

    /** The record's current items of one kind (the API's list). */
    async listItems(ctx: RequestContext, nominalId: unknown, kind: unknown) {
      const def = itemKind(kind);
      if (!def) throw badRequest('invalid-input', `Unknown kind of item. Kinds are: ${ITEM_KINDS.map((k) => k.kind).join(', ')}`, [{ field: 'kind', message: 'Choose a kind of item' }]);
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await access(tx, nominalId);
        if (!a.read.allowed) return logDenied(tx, a, 'register.items-viewed').then(() => null);
        const items = await repo.listItems(tx.db, a.nominalId!, [def.kind], a.canSeeRestricted);
        await tx.log({ kind: 'consultation', action: 'register.items-viewed', subjectType: 'nominal', subjectId: a.nominalId!, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return items;
      });
      if (!result) throw notFound(NOT_FOUND);
      return result;
    },

    /** One item with its history, for the edit form and the history page. */
    async viewItem(ctx: RequestContext, nominalId: unknown, itemId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await access(tx, nominalId);
        if (!a.read.allowed) return logDenied(tx, a, 'register.item-viewed').then(() => null);
        const item = isUuid(itemId) ? await repo.findItem(tx.db, a.nominalId!, itemId) : undefined;
        if (!item || (item.sensitivity === 'restricted' && !a.canSeeRestricted)) return null;
        const heading = (await repo.nominalHeading(tx.db, a.nominalId!))!;
        const history = await repo.itemHistory(tx.db, item.id);
        await tx.log({ kind: 'consultation', action: 'register.item-viewed', subjectType: 'nominal', subjectId: a.nominalId!, subjectAgencyId: heading.owningAgencyId, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return { nominal: heading, item, def: itemKind(item.kind)!, history, canEdit: a.canEdit, canSeeRestricted: a.canSeeRestricted };
      });
      if (!result) throw notFound('That item was not found. It may have been removed, or you may not have access to it.');
      return result;
    },

    /** Adds an item of a kind to a record. A disclosure is logged as a disclosure, with its recipient. */
    async addItem(ctx: RequestContext, nominalId: unknown, kind: unknown, input: unknown, upload?: Upload) {
      const def = itemKind(kind);
      if (!def) throw notFound('There is no such kind of item.');
      const parsed = parseItem(def, input, ctx.now);
      return operation(database, ctx, async (tx) => {
        const a = await editable(tx, nominalId, 'register.item-added');
        assertMaySee(a, def, parsed.sensitivity);
        await storeFile(tx, a.nominalId!, def, parsed.data, upload);
        const [id] = await repo.insertItems(tx.db, [{ nominalId: a.nominalId!, kind: def.kind, sensitivity: parsed.sensitivity, data: parsed.data, userId: ctx.actor!.userId, at: ctx.now }]);
        const disclosure = def.kind === 'disclosure';
        await tx.record({
          type: disclosure ? 'register.disclosure-recorded' : 'register.item-added',
          subjectType: 'nominal',
          subjectId: a.nominalId!,
          payload: { itemId: id, kind: def.kind },
          log: disclosure
            ? { kind: 'disclosure', recipient: String(parsed.data.recipient), purposeCode: 'public-protection', policyIds: a.read.policyIds }
            : { kind: 'collection', purposeCode: 'public-protection', policyIds: a.read.policyIds },
        });
        return { id: id!, version: 1, nominalId: a.nominalId! };
      });
    },

    /** Changes an item if nobody else has since the editor loaded it; otherwise says who did, and when (409). */
    async editItem(ctx: RequestContext, nominalId: unknown, itemId: unknown, input: unknown, upload?: Upload) {
      const expected = versionOf(input);
      return operation(database, ctx, async (tx) => {
        const a = await editable(tx, nominalId, 'register.item-changed');
        const item = isUuid(itemId) ? await repo.findItem(tx.db, a.nominalId, itemId) : undefined;
        if (!item || (item.sensitivity === 'restricted' && !a.canSeeRestricted)) {
          // Removed by someone else while this editor had the form open: say so, as for any stale edit.
          const last = isUuid(itemId) ? await repo.lastChange(tx.db, itemId) : undefined;
          if (last?.removedAt && last.nominalId === a.nominalId && (last.sensitivity === 'standard' || a.canSeeRestricted)) return staleEdit(tx, itemKind(last.kind)!, itemId as string);
          throw notFound('That item was not found. It may have been removed, or you may not have access to it.');
        }
        const def = itemKind(item.kind)!;
        const parsed = parseItem(def, input, ctx.now);
        assertMaySee(a, def, parsed.sensitivity);
        if (item.version !== expected) return staleEdit(tx, def, item.id);
        await storeFile(tx, a.nominalId!, def, parsed.data, upload, item.data);
        const version = await repo.updateItem(tx.db, { id: item.id, expectedVersion: expected, sensitivity: parsed.sensitivity, data: parsed.data, userId: ctx.actor!.userId, at: ctx.now });
        if (version === undefined) return staleEdit(tx, def, item.id);
        const fields = [...new Set([...Object.keys(item.data), ...Object.keys(parsed.data)])].filter((f) => JSON.stringify(item.data[f]) !== JSON.stringify(parsed.data[f]));
        await tx.record({
          type: 'register.item-changed',
          subjectType: 'nominal',
          subjectId: a.nominalId!,
          payload: { itemId: item.id, kind: def.kind, version },
          log: { kind: 'alteration', purposeCode: 'public-protection', policyIds: a.read.policyIds, changes: fields.map((f) => ({ field: `${def.kind}.${f}`, old: item.data[f], new: parsed.data[f] })) },
        });
        return { id: item.id, version, nominalId: a.nominalId!, kind: def.kind };
      });
    },

    /** Removes an item from the record's pages; it stays, with its history, for the audit trail. */
    async removeItem(ctx: RequestContext, nominalId: unknown, itemId: unknown, input: unknown) {
      const expected = versionOf(input);
      return operation(database, ctx, async (tx) => {
        const a = await editable(tx, nominalId, 'register.item-removed');
        const item = isUuid(itemId) ? await repo.findItem(tx.db, a.nominalId, itemId) : undefined;
        if (!item || (item.sensitivity === 'restricted' && !a.canSeeRestricted)) {
          throw notFound('That item was not found. It may have been removed already, or you may not have access to it.');
        }
        const def = itemKind(item.kind)!;
        const version = await repo.updateItem(tx.db, { id: item.id, expectedVersion: expected, sensitivity: item.sensitivity, data: item.data, userId: ctx.actor!.userId, at: ctx.now, remove: true });
        if (version === undefined) return staleEdit(tx, def, item.id);
        await tx.record({ type: 'register.item-removed', subjectType: 'nominal', subjectId: a.nominalId!, payload: { itemId: item.id, kind: def.kind }, log: { kind: 'alteration', purposeCode: 'public-protection', policyIds: a.read.policyIds } });
        return { nominalId: a.nominalId!, kind: def.kind, section: def.section };
      });
    },

    /** A photograph or document, if the reader may see the item that holds it. */
    async viewFile(ctx: RequestContext, nominalId: unknown, fileId: unknown) {
      const result = await withTransaction(database, ctx, async (tx) => {
        const a = await access(tx, nominalId);
        if (!a.read.allowed) return logDenied(tx, a, 'register.file-viewed').then(() => null);
        const file = isUuid(fileId) ? await repo.findFile(tx.db, a.nominalId!, fileId) : undefined;
        if (!file || (file.sensitivity === 'restricted' && !a.canSeeRestricted)) return null;
        await tx.log({ kind: 'consultation', action: 'register.file-viewed', subjectType: 'nominal', subjectId: a.nominalId!, purposeCode: 'case-management', policyIds: a.read.policyIds, breakGlass: a.breakGlass || undefined });
        return file;
      });
      if (!result) throw notFound('That file was not found, or you do not have access to it.');
      return result;
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
