import { Router, type Request, type Response } from 'express';
import { badRequest, isAppError, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { STATE_NAMES } from './vetting.states.ts';
import type { CaseworkService } from './vetting.casework.service.ts';
import { QUEUE_STATES } from './vetting.casework.repository.ts';
import { CHECK_NAMES, CHECK_RESULTS, connectorLabel, RESULT_NAMES } from './vetting.checks.ts';
import type { ChecksService } from './vetting.checks.service.ts';
import { ukToday } from '../../shared/clock.ts';

export const formErrors = (error: AppError) => (error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);

/** What every casework page shows the same way. */
export const caseworkNames = { stateNames: STATE_NAMES, checkNames: CHECK_NAMES, resultNames: RESULT_NAMES, checkResults: CHECK_RESULTS, connectorLabel, activeNav: 'vetting-casework' };

/** A refusal of an action out of order (409) is shown on the case page, which says what to do instead. */
export async function backToCase(req: Request, res: Response, id: string, error: unknown) {
  if (!isAppError(error) || error.status !== 409) throw error;
  req.session.conflict = error.message;
  res.redirect(303, `/vetting/casework/${id}`);
}

export const flashOf = (req: Request) => {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
};

const upload = (req: Request) => (req.file ? { buffer: req.file.buffer, originalname: req.file.originalname } : undefined);

/** Renders the case page, with a conflict or errors from a form on it. */
export async function renderCase(req: Request, res: Response, casework: CaseworkService, status = 200, extra: Record<string, unknown> = {}) {
  const view = await casework.viewCase(req.ctx, req.params.id);
  const conflictMessage = req.session.conflict;
  delete req.session.conflict;
  const errors = (extra.errors as unknown[] | undefined) ?? (conflictMessage ? [{ field: 'form', message: conflictMessage }] : undefined);
  res.status(status).render('vetting-casework-case', { ...view, ...caseworkNames, values: {}, ...extra, errors, flash: flashOf(req) });
}

export function caseworkRoutes(casework: CaseworkService, checks: ChecksService): Router {
  const router = Router();
  router.use(['/vetting/casework', '/vetting/applications/:id/returned'], requireUser);

  router.get('/vetting/casework', async (req, res) => {
    try {
      const view = await casework.queue(req.ctx, req.query);
      res.render('vetting-casework-queue', { ...view, queueStates: QUEUE_STATES, ...caseworkNames });
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      const view = await casework.queue(req.ctx, {});
      res.status(400).render('vetting-casework-queue', { ...view, filters: { state: String(req.query.state ?? ''), level: String(req.query.level ?? '') }, errors: formErrors(error), queueStates: QUEUE_STATES, ...caseworkNames });
    }
  });

  router.get('/vetting/casework/:id', (req, res) => renderCase(req, res, casework));

  router.post('/vetting/casework/:id/take', async (req, res) => {
    try {
      const taken = await casework.takeCase(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'You have taken this case: checks can start' };
      res.redirect(303, `/vetting/casework/${taken.id}`);
    } catch (error) {
      await backToCase(req, res, req.params.id, error);
    }
  });

  router.get('/vetting/casework/:id/return', async (req, res) => {
    const view = await casework.viewCase(req.ctx, req.params.id);
    res.render('vetting-casework-return', { ...view, ...caseworkNames, values: {} });
  });

  router.post('/vetting/casework/:id/return', async (req, res) => {
    try {
      const returned = await casework.returnForInformation(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Application returned to the applicant with the list of what is missing' };
      res.redirect(303, `/vetting/casework/${returned.id}`);
    } catch (error) {
      if (isAppError(error) && error.status === 400) {
        const view = await casework.viewCase(req.ctx, req.params.id);
        return res.status(400).render('vetting-casework-return', { ...view, ...caseworkNames, values: req.body ?? {}, errors: formErrors(error) });
      }
      await backToCase(req, res, req.params.id, error);
    }
  });

  router.post('/vetting/casework/:id/checks/run', async (req, res) => {
    try {
      const run = await checks.runAllChecks(req.ctx, req.params.id);
      req.session.flash = { heading: `${run.ran} check${run.ran === 1 ? '' : 's'} run through the ${connectorLabel(checks.connector.name)} connector` };
      res.redirect(303, `/vetting/casework/${run.id}`);
    } catch (error) {
      await backToCase(req, res, req.params.id, error);
    }
  });

  const renderCheck = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await checks.checkForm(req.ctx, req.params.id, req.params.subject, req.params.kind);
    res.status(status).render('vetting-casework-check', { ...view, ...caseworkNames, values, errors });
  };

  router.get('/vetting/casework/:id/checks/:subject/:kind', async (req, res) => {
    const [year, month, day] = ukToday(req.ctx.now).split('-');
    await renderCheck(req, res, 200, { 'checkedOn-day': String(Number(day)), 'checkedOn-month': String(Number(month)), 'checkedOn-year': year });
  });

  router.post('/vetting/casework/:id/checks/:subject/:kind', async (req, res) => {
    try {
      if (req.uploadError) throw badRequest('invalid-file', req.uploadError, [{ field: 'file', message: req.uploadError }]);
      const recorded = await checks.recordCheck(req.ctx, req.params.id, req.params.subject, req.params.kind, req.body, upload(req));
      req.session.flash = { heading: 'Check recorded' };
      res.redirect(303, `/vetting/casework/${recorded.id}`);
    } catch (error) {
      if (isAppError(error) && error.status === 400) return renderCheck(req, res, 400, req.body ?? {}, formErrors(error));
      await backToCase(req, res, req.params.id, error);
    }
  });

  router.get('/vetting/casework/:id/files/:fileId', async (req, res) => {
    const file = await checks.viewFile(req.ctx, req.params.id, req.params.fileId);
    res.set({ 'Content-Type': file.contentType, 'Content-Length': String(file.byteSize), 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' });
    res.end(file.content);
  });

  router.get('/vetting/applications/:id/returned', async (req, res) => {
    const view = await casework.returnedItems(req.ctx, req.params.id);
    res.render('vetting-casework-returned', { ...view, stateNames: STATE_NAMES, activeNav: 'vetting' });
  });

  return router;
}
