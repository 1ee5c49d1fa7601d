import { Router, type Request, type Response } from 'express';
import { isAppError, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { DETAIL_LABELS } from './vetting.relatives.schemas.ts';
import type { RelativesService } from './vetting.relatives.service.ts';

const formErrors = (error: AppError) => (error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);

const PROBLEM_HEADINGS: Record<string, string> = {
  'link-unknown': 'This link is not recognised',
  'link-expired': 'This link has expired',
  'link-used': 'This link has already been used',
  'link-closed': 'This link can no longer be used',
  'too-many-attempts': 'Too many attempts',
};

/** A dead link gets a plain page saying which problem it is, with its own status (404, 410 or 429). */
function renderProblem(res: Response, error: AppError) {
  res.status(error.status).render('vetting-relative-link-problem', { heading: PROBLEM_HEADINGS[error.id] ?? 'This link cannot be used', message: error.message });
}

const isLinkProblem = (error: unknown): error is AppError => isAppError(error) && error.id in PROBLEM_HEADINGS;

export function relativesRoutes(service: RelativesService): Router {
  const router = Router();
  router.use(['/vetting/applications/:id/relatives', '/vetting/casework/:id/relatives'], requireUser);

  const renderLinks = async (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    const view = await service.linksPage(req.ctx, req.params.id);
    res.status(status).render('vetting-relatives', { ...view, values: {}, ...extra, activeNav: 'vetting' });
  };

  router.get('/vetting/applications/:id/relatives', (req, res) => renderLinks(req, res));

  router.post('/vetting/applications/:id/relatives', async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      const made = await service.createLink(req.ctx, req.params.id, values);
      // Shown in this response only: only the hash is kept, and this page is never cached (noStore).
      const url = `${req.protocol}://${req.get('host')}/vetting/relative/${made.token}`;
      res.status(201).render('vetting-relative-link-created', { ...made, url, activeNav: 'vetting' });
    } catch (error) {
      if (!isAppError(error) || (error.status !== 400 && error.status !== 409)) throw error;
      await renderLinks(req, res, error.status, { values, errors: formErrors(error) });
    }
  });

  router.get('/vetting/relative-sent', (_req, res) => {
    res.render('vetting-relative-sent');
  });

  router.get('/vetting/relative/:token', async (req, res) => {
    try {
      const view = await service.openLink(req.ctx, req.params.token);
      res.render('vetting-relative-form', { ...view, token: req.params.token, values: {} });
    } catch (error) {
      if (!isLinkProblem(error)) throw error;
      renderProblem(res, error);
    }
  });

  router.post('/vetting/relative/:token', async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      await service.submitDetails(req.ctx, req.params.token, values);
      res.redirect(303, '/vetting/relative-sent');
    } catch (error) {
      if (isLinkProblem(error)) return renderProblem(res, error);
      if (!isAppError(error) || error.status !== 400) throw error;
      const view = await service.openLink(req.ctx, req.params.token);
      res.status(400).render('vetting-relative-form', { ...view, token: req.params.token, values, errors: formErrors(error) });
    }
  });

  router.get('/vetting/casework/:id/relatives', async (req, res) => {
    const view = await service.caseworkDetails(req.ctx, req.params.id);
    res.render('vetting-relative-details', { ...view, labels: DETAIL_LABELS, activeNav: 'vetting' });
  });

  return router;
}
