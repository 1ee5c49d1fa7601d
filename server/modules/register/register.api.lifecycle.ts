import type { Router } from 'express';
import { badRequest } from '../../errors.ts';
import { requireScope } from '../../middleware/api-auth.ts';
import { isoToParts } from './register.api.schemas.ts';
import type { LifecycleService } from './register.lifecycle.service.ts';
import type { TransferRow } from './register.transfer.repository.ts';
import type { TransferService } from './register.transfer.service.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A transfer as the API shows it; the person's name only where the reader may read the record now. */
export const presentTransfer = (t: TransferRow & { name?: string | null }) => ({
  id: t.id,
  nominalId: t.nominalId,
  reference: t.reference,
  status: t.status,
  fromUnitId: t.fromUnitId,
  fromUnitName: t.fromUnitName,
  toUnitId: t.toUnitId,
  toUnitName: t.toUnitName,
  reason: t.reason,
  requestedByName: t.requestedByName,
  requestedAt: iso(t.requestedAt),
  decidedByName: t.decidedByName,
  decidedAt: iso(t.decidedAt),
  decisionReason: t.decisionReason,
  newManagerName: t.newManagerName,
  escalatedAt: iso(t.escalatedAt),
  version: t.version,
  ...(t.name !== undefined ? { name: t.name } : {}),
});

interface RecordState {
  id: string;
  reference: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string | null;
  status: string;
  version: number;
  owningUnitName: string;
}
const presentState = (r: RecordState) => ({
  id: r.id,
  reference: r.reference,
  familyName: r.familyName,
  givenNames: r.givenNames,
  dateOfBirth: r.dateOfBirth,
  status: r.status,
  version: r.version,
  owningUnitName: r.owningUnitName,
});

function objectBody(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw badRequest('invalid-input', 'Send the request as a JSON object');
}

/** The API's date of death (YYYY-MM-DD) as the form's three boxes. */
function archiveInput(body: Record<string, unknown>) {
  const raw = body.dateOfDeath;
  if (raw !== undefined && raw !== null && (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw))) {
    const message = 'dateOfDeath must be a date like 2026-03-27';
    throw badRequest('invalid-input', message, [{ field: 'dateOfDeath', message }]);
  }
  return { ...body, dateOfDeath: isoToParts(raw as string | null | undefined) };
}

/**
 * Transfers, archive and restore, and merge over the API: the same operations as the pages.
 * Each change carries the record's (or the transfer's) version, as read; a stale one is 409.
 */
export function lifecycleApiRoutes(router: Router, transfers: TransferService, lifecycle: LifecycleService): void {
  router.post('/api/v1/nominals/:id/transfers', requireScope('register:write'), async (req, res) => {
    const done = await transfers.requestTransfer(req.ctx, req.params.id, objectBody(req.body));
    res.status(201).location(`/api/v1/transfers/${done.transferId}`).json({ id: done.transferId, reference: done.reference, toUnitName: done.toUnitName });
  });

  router.get('/api/v1/transfers', requireScope('register:read'), async (req, res) => {
    const list = await transfers.listTransfers(req.ctx);
    res.json({ cleared: list.cleared, incoming: list.incoming.map(presentTransfer), outgoing: list.outgoing.map(presentTransfer) });
  });

  router.get('/api/v1/transfers/:transferId', requireScope('register:read'), async (req, res) => {
    const found = await transfers.viewTransfer(req.ctx, req.params.transferId);
    res.json({
      ...presentTransfer(found.transfer),
      record: found.record ? presentState(found.record) : null,
      canDecide: found.canDecide,
      possibleManagers: found.managers.map((m) => ({ id: m.id, displayName: m.displayName })),
    });
  });

  router.post('/api/v1/transfers/:transferId/accept', requireScope('register:write'), async (req, res) => {
    const done = await transfers.acceptTransfer(req.ctx, req.params.transferId, objectBody(req.body));
    res.json({ nominalId: done.nominalId, reference: done.reference, status: 'accepted' });
  });

  router.post('/api/v1/transfers/:transferId/reject', requireScope('register:write'), async (req, res) => {
    const done = await transfers.rejectTransfer(req.ctx, req.params.transferId, objectBody(req.body));
    res.json({ reference: done.reference, status: 'rejected' });
  });

  router.post('/api/v1/nominals/:id/archive', requireScope('register:write'), async (req, res) => {
    const done = await lifecycle.archiveNominal(req.ctx, req.params.id, archiveInput(objectBody(req.body)));
    res.json({ reference: done.reference, status: done.status });
  });

  router.post('/api/v1/nominals/:id/restore', requireScope('register:write'), async (req, res) => {
    const done = await lifecycle.restoreNominal(req.ctx, req.params.id, objectBody(req.body));
    res.json({ reference: done.reference, status: 'active' });
  });

  router.get('/api/v1/nominals/:id/merge', requireScope('register:write'), async (req, res) => {
    const preview = await lifecycle.mergePreview(req.ctx, req.params.id, req.query);
    const side = (r: Awaited<ReturnType<LifecycleService['mergePreview']>>['record']) => ({
      ...presentState(r),
      names: r.names.map((n) => ({ nameType: n.nameType, familyName: n.familyName, givenNames: n.givenNames })),
      identifiers: r.identifiers.map((i) => ({ kind: i.kind, value: i.value })),
      itemCount: r.itemCount,
      fileCount: r.fileCount,
    });
    res.json({ record: side(preview.record), other: side(preview.other) });
  });

  router.post('/api/v1/nominals/:id/merge', requireScope('register:write'), async (req, res) => {
    const done = await lifecycle.mergeNominals(req.ctx, req.params.id, objectBody(req.body));
    res.json(done);
  });
}
