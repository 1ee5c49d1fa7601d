import type { Router } from 'express';
import { badRequest } from '../../errors.ts';
import { requireScope } from '../../middleware/api-auth.ts';
import { ITEM_KINDS, itemKind } from './register.items.ts';
import type { ItemRow } from './register.items.repository.ts';
import type { ItemsService } from './register.items.service.ts';
import type { Upload } from './register.files.ts';

const BASE = '/api/v1/nominals/:id/items';

/** An item as the API shows it: named fields only. */
export const presentItem = (i: ItemRow) => ({
  id: i.id,
  kind: i.kind,
  sensitivity: i.sensitivity,
  version: i.version,
  updatedAt: new Date(i.updatedAt).toISOString(),
  updatedByName: i.updatedByName,
  data: i.data,
});

/** The kind from the query: checked here, so an API client gets a 400 that lists the kinds. */
function kindOf(query: Record<string, unknown>): string {
  const kind = query.kind;
  if (itemKind(kind)) return kind as string;
  const message = `Give the kind of item as ?kind=, one of: ${ITEM_KINDS.map((k) => k.kind).join(', ')}`;
  throw badRequest('invalid-input', message, [{ field: 'kind', message }]);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * JSON carries no bytes: a file field (a photograph, a document) comes as `file: { contentBase64 }`
 * and is then checked by its content and size exactly as an upload on the pages is.
 */
function withFile(body: Record<string, unknown>): { input: Record<string, unknown>; upload?: Upload } {
  const { file, ...input } = body;
  if (file === undefined) return { input };
  const content = (file as { contentBase64?: unknown } | null)?.contentBase64;
  const text = typeof content === 'string' ? content.replace(/\s/g, '') : undefined;
  if (!text || text.length % 4 !== 0 || !BASE64.test(text)) {
    const message = 'Send the file as "file": { "contentBase64": "..." }, its bytes in standard base64';
    throw badRequest('invalid-file', message, [{ field: 'file', message }]);
  }
  return { input, upload: { buffer: Buffer.from(text, 'base64') } };
}

/** A JSON object body, or a 400 that says so. */
function objectBody(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw badRequest('invalid-input', 'Send the item as a JSON object');
}

/**
 * The record's attachments ("items") over the API: the same operations as the section pages.
 * A change carries the version it was read at; a stale one is refused with 409, saying who
 * changed the item and when.
 */
export function itemApiRoutes(router: Router, items: ItemsService): void {
  router.get(BASE, requireScope('register:read'), async (req, res) => {
    const kind = kindOf(req.query);
    const list = await items.listItems(req.ctx, req.params.id, kind);
    res.json({ kind, items: list.map(presentItem) });
  });

  router.post(BASE, requireScope('register:write'), async (req, res) => {
    const kind = kindOf(req.query);
    const { input, upload } = withFile(objectBody(req.body));
    const added = await items.addItem(req.ctx, req.params.id, kind, input, upload);
    res.status(201).location(`/api/v1/nominals/${added.nominalId}/items/${added.id}`).json({ id: added.id, kind, version: added.version });
  });

  router.get(`${BASE}/:itemId`, requireScope('register:read'), async (req, res) => {
    const found = await items.viewItem(req.ctx, req.params.id, req.params.itemId);
    res.json({
      ...presentItem(found.item),
      history: found.history.map((h) => ({
        version: h.version,
        sensitivity: h.sensitivity,
        removed: h.removed,
        changedAt: new Date(h.changedAt).toISOString(),
        changedByName: h.changedByName,
        data: h.data,
      })),
    });
  });

  router.put(`${BASE}/:itemId`, requireScope('register:write'), async (req, res) => {
    const { input, upload } = withFile(objectBody(req.body));
    const changed = await items.editItem(req.ctx, req.params.id, req.params.itemId, input, upload);
    res.json({ id: changed.id, kind: changed.kind, version: changed.version });
  });

  router.get('/api/v1/nominals/:id/files/:fileId', requireScope('register:read'), async (req, res) => {
    const file = await items.viewFile(req.ctx, req.params.id, req.params.fileId);
    res.set({ 'Content-Type': file.contentType, 'Content-Length': String(file.byteSize), 'Content-Disposition': 'attachment', 'X-Content-Type-Options': 'nosniff' });
    res.end(file.content);
  });

  router.delete(`${BASE}/:itemId`, requireScope('register:write'), async (req, res) => {
    // Some clients cannot send a body with DELETE: the version may come in the query instead.
    const version = (req.body as { version?: unknown } | undefined)?.version ?? req.query.version;
    await items.removeItem(req.ctx, req.params.id, req.params.itemId, { version });
    res.status(204).end();
  });
}
