import { Router, type Request, type Response } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import type { LifecycleService } from './register.lifecycle.service.ts';
import { ARCHIVE_REASON_NAMES, ARCHIVE_REASONS } from './register.lifecycle.schemas.ts';
import { IDENTIFIER_NAMES } from './register.identifiers.ts';
import { errorsOf, formErrors } from './register.transfer.routes.ts';

const reasons = ARCHIVE_REASONS.map((r) => ({ value: r, text: ARCHIVE_REASON_NAMES[r] }));

/** The form sends the date of death as three boxes; the schema wants them together. */
const withDate = (body: Record<string, unknown>) => ({
  ...body,
  dateOfDeath: { day: String(body['dateOfDeath-day'] ?? ''), month: String(body['dateOfDeath-month'] ?? ''), year: String(body['dateOfDeath-year'] ?? '') },
});

export function lifecycleRoutes(service: LifecycleService): Router {
  const router = Router();
  router.use(['/nominals/:id/archive', '/nominals/:id/restore', '/nominals/:id/merge'], requireUser);

  const renderForm = async (req: Request, res: Response, purpose: 'archive' | 'restore' | 'merge', status = 200, errors?: unknown) =>
    res.status(status).render(`nominal-${purpose}`, {
      ...(await service.editableRecord(req.ctx, req.params.id, purpose)),
      reasons,
      reasonNames: ARCHIVE_REASON_NAMES,
      errors,
      values: req.method === 'POST' ? (req.body ?? {}) : req.query,
      activeNav: 'register',
    });

  for (const purpose of ['archive', 'restore'] as const) {
    router.get(`/nominals/:id/${purpose}`, async (req, res) => {
      await renderForm(req, res, purpose);
    });
    router.post(`/nominals/:id/${purpose}`, async (req, res) => {
      try {
        const done =
          purpose === 'archive'
            ? await service.archiveNominal(req.ctx, req.params.id, withDate(req.body ?? {}))
            : await service.restoreNominal(req.ctx, req.params.id, req.body ?? {});
        req.session.flash = { heading: purpose === 'archive' ? `Record ${done.reference} archived` : `Record ${done.reference} restored` };
        res.redirect(303, `/nominals/${req.params.id}`);
      } catch (error) {
        const e = formErrors(error);
        await renderForm(req, res, purpose, e.status, errorsOf(e));
      }
    });
  }

  router.get('/nominals/:id/merge', async (req, res) => {
    if (req.query.with === undefined) return renderForm(req, res, 'merge');
    try {
      const preview = await service.mergePreview(req.ctx, req.params.id, req.query);
      res.render('nominal-merge-confirm', { ...preview, identifierNames: IDENTIFIER_NAMES, values: {}, activeNav: 'register' });
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, 'merge', e.status, errorsOf(e, 'with'));
    }
  });

  router.post('/nominals/:id/merge', async (req, res) => {
    try {
      const done = await service.mergeNominals(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: `Record ${done.mergedReference} merged into ${done.survivorReference}`, text: 'Every name, identifier, item and file of both records is on this record now.' };
      res.redirect(303, `/nominals/${done.survivorId}`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, 'merge', e.status, errorsOf(e));
    }
  });

  return router;
}
