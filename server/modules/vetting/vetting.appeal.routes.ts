import { Router, type Request, type Response } from 'express';
import { badRequest, isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { caseworkNames, flashOf, formErrors } from './vetting.casework.routes.ts';
import { REASONS } from './vetting.criteria.ts';
import { OUTCOME_NAMES } from './vetting.decision.schemas.ts';
import type { AppealService } from './vetting.appeal.service.ts';
import { ukToday } from '../../shared/clock.ts';

const upload = (req: Request) => (req.file ? { buffer: req.file.buffer, originalname: req.file.originalname } : undefined);

/** A form refused for its content (400), who sent it (403) or its timing (409) stays on its page, answers kept. */
const shownOnForm = (error: unknown) => isAppError(error) && [400, 403, 409].includes(error.status);

const names = { ...caseworkNames, reasons: REASONS, outcomeNames: OUTCOME_NAMES, activeNav: 'vetting-appeals' };

export function appealRoutes(appeals: AppealService): Router {
  const router = Router();
  router.use(['/vetting/applications/:id/appeal', '/vetting/appeals', '/vetting/casework/:id/appeal-window'], requireUser);

  const renderApplicant = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await appeals.applicantView(req.ctx, req.params.id);
    res.status(status).render('vetting-appeal-applicant', { ...view, values, errors, flash: flashOf(req), activeNav: 'vetting' });
  };

  router.get('/vetting/applications/:id/appeal', (req, res) => renderApplicant(req, res, 200, {}));

  router.post('/vetting/applications/:id/appeal', async (req, res) => {
    try {
      if (req.uploadError) throw badRequest('invalid-file', req.uploadError, [{ field: 'file', message: req.uploadError }]);
      const lodged = await appeals.lodge(req.ctx, req.params.id, req.body, upload(req));
      req.session.flash = { heading: 'Your appeal has been lodged' };
      res.redirect(303, `/vetting/applications/${lodged.applicationId}/appeal`);
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderApplicant(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  router.get('/vetting/appeals', async (req, res) => {
    const view = await appeals.list(req.ctx);
    res.render('vetting-appeal-list', { ...view, ...names });
  });

  const renderAppeal = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const view = await appeals.view(req.ctx, req.params.id);
    const [y, m, d] = ukToday(req.ctx.now).split('-');
    res.status(status).render('vetting-appeal-case', { ...view, ...names, values: { 'heardOn-day': String(Number(d)), 'heardOn-month': String(Number(m)), 'heardOn-year': y }, ...extra, flash: flashOf(req) });
  };

  router.get('/vetting/appeals/:id', (req, res) => renderAppeal(req, res, 200));

  const FLASH = { hearer: 'Hearer assigned', hearing: 'Hearing recorded', decision: 'Appeal decided: the applicant has been told' } as const;
  for (const step of ['hearer', 'hearing', 'decision'] as const) {
    router.post(`/vetting/appeals/:id/${step}`, async (req, res) => {
      try {
        const done = step === 'hearer' ? await appeals.assignHearer(req.ctx, req.params.id, req.body) : step === 'hearing' ? await appeals.recordHearing(req.ctx, req.params.id, req.body) : await appeals.decide(req.ctx, req.params.id, req.body);
        req.session.flash = { heading: FLASH[step] };
        res.redirect(303, `/vetting/appeals/${done.appealId}`);
      } catch (error) {
        if (shownOnForm(error) && isAppError(error)) return renderAppeal(req, res, error.status, { errors: formErrors(error), values: req.body ?? {}, form: step });
        throw error;
      }
    });
  }

  router.get('/vetting/appeals/:id/files/:fileId', async (req, res) => {
    const file = await appeals.file(req.ctx, req.params.id, req.params.fileId);
    res.set({ 'Content-Type': file.contentType, 'Content-Length': String(file.byteSize), 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' });
    res.end(file.content);
  });

  const renderWindow = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await appeals.windowView(req.ctx, req.params.id);
    res.status(status).render('vetting-appeal-window', { ...view, ...names, values, errors, flash: flashOf(req) });
  };

  router.get('/vetting/casework/:id/appeal-window', (req, res) => renderWindow(req, res, 200, {}));

  router.post('/vetting/casework/:id/appeal-window', async (req, res) => {
    try {
      const done = await appeals.extend(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Time to appeal extended: the applicant has been told' };
      res.redirect(303, `/vetting/casework/${done.applicationId}/appeal-window`);
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderWindow(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  return router;
}
