import { Router } from 'express';
import { isAppError } from '../../errors.ts';
import { requireRole, requireUser } from '../../middleware/auth.ts';
import { csvRow } from './audit.csv.ts';
import { ENTRY_KINDS, PURPOSE_CODES } from './audit.entry.ts';
import type { AuditService } from './audit.service.ts';

const CSV_HEADER = ['entry', 'leaf', 'time', 'kind', 'action', 'actor', 'actor_user_id', 'actor_agency_id', 'subject_type', 'subject_id',
  'purpose', 'purpose_text', 'recipient', 'decision', 'policies', 'break_glass', 'correlation_id', 'changed_fields'];

export function auditRoutes(service: AuditService): Router {
  const router = Router();

  router.get('/audit', requireRole('data-protection-officer'), async (req, res) => {
    const options = { kinds: ENTRY_KINDS, purposes: PURPOSE_CODES, values: req.query, activeNav: 'audit' };
    try {
      const result = await service.searchLog(req.ctx, req.query);
      const params = new URLSearchParams(Object.entries(req.query).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v) as [string, string][]);
      res.render('audit-search', { ...options, ...result, query: params.toString() });
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      res.status(400).render('audit-search', { ...options, entries: [], errors: error.fieldErrors });
    }
  });

  router.get('/audit/export.csv', requireRole('data-protection-officer'), async (req, res) => {
    const result = await service.searchLog(req.ctx, req.query, { export: true });
    res.type('text/csv; charset=utf-8').attachment('access-log.csv');
    let body = csvRow(CSV_HEADER);
    for (const e of result.entries) {
      body += csvRow([e.id, e.leafIndex, e.recordedAt, e.kind, e.action, e.actorUsername, e.actorUserId, e.actorAgencyId, e.subjectType,
        e.subjectId, e.purposeCode, e.purposeText, e.recipient, e.decision, e.policyIds.join(' '), e.breakGlass,
        e.correlationId, (e.changes ?? []).map((c) => c.field).join(' ')]);
    }
    res.send(body);
  });

  router.get('/audit/anomalies', requireRole('data-protection-officer'), async (req, res) => {
    res.render('audit-anomalies', { ...(await service.anomalies(req.ctx, req.query)), activeNav: 'audit' });
  });

  router.get('/account/activity', requireUser, async (req, res) => {
    res.render('account-activity', { entries: await service.myActivity(req.ctx), activeNav: 'account' });
  });

  return router;
}
