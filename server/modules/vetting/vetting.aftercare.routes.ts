import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { REPORT_KIND_NAMES, REPORT_KINDS, REVIEW_OUTCOME_NAMES, REVIEW_OUTCOMES, TASK_KIND_NAMES } from './vetting.aftercare.schemas.ts';
import type { AftercareService } from './vetting.aftercare.service.ts';
import { flashOf, formErrors } from './vetting.casework.routes.ts';
import type { RenewalService } from './vetting.renewal.service.ts';

const shownOnForm = (error: unknown) => isAppError(error) && [400, 409].includes(error.status);
const names = { reportKinds: REPORT_KINDS, reportKindNames: REPORT_KIND_NAMES, reviewOutcomes: REVIEW_OUTCOMES, reviewOutcomeNames: REVIEW_OUTCOME_NAMES, taskKindNames: TASK_KIND_NAMES };

/** Holders' clearance and aftercare reports; officers' aftercare queue, reviews, tasks and withdrawal. */
export function aftercareRoutes(aftercare: AftercareService, renewal: RenewalService): Router {
  const router = Router();
  router.use(['/vetting/clearance', '/vetting/aftercare', '/vetting/casework/:id/withdraw-clearance'], requireUser);

  const renderClearance = async (req: Request, res: Response, status: number, errors?: unknown) => {
    const view = await aftercare.myClearance(req.ctx);
    res.status(status).render('vetting-clearance', { ...view, ...names, errors, flash: flashOf(req), activeNav: 'vetting' });
  };
  router.get('/vetting/clearance', (req, res) => renderClearance(req, res, 200));

  router.post('/vetting/clearance/renew', async (req, res) => {
    try {
      const done = await renewal.start(req.ctx);
      req.session.flash = { heading: `Renewal started: ${done.reference}`, text: 'Check each section and confirm it, or correct it.' };
      res.redirect(303, `/vetting/renewal/${done.id}`);
    } catch (error) {
      if (isAppError(error) && error.status === 409) return renderClearance(req, res, 409, formErrors(error));
      throw error;
    }
  });

  const renderReport = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await aftercare.myClearance(req.ctx);
    res.status(status).render('vetting-aftercare-report', { ...view, ...names, values, errors, activeNav: 'vetting' });
  };
  router.get('/vetting/aftercare', (req, res) => renderReport(req, res, 200, {}));
  router.post('/vetting/aftercare', async (req, res) => {
    try {
      await aftercare.report(req.ctx, req.body);
      req.session.flash = { heading: 'Change reported', text: 'A vetting officer will review it. You do not need to do anything else unless they contact you.' };
      res.redirect(303, '/vetting/clearance');
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderReport(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  router.get('/vetting/aftercare/queue', async (req, res) => {
    const view = await aftercare.queue(req.ctx);
    res.render('vetting-aftercare-queue', { ...view, ...names, flash: flashOf(req), activeNav: 'vetting-casework' });
  });

  const renderReview = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await aftercare.viewReport(req.ctx, req.params.id);
    res.status(status).render('vetting-aftercare-review', { ...view, ...names, values, errors, activeNav: 'vetting-casework' });
  };
  router.get('/vetting/aftercare/reports/:id', (req, res) => renderReview(req, res, 200, {}));
  router.post('/vetting/aftercare/reports/:id', async (req, res) => {
    try {
      await aftercare.reviewReport(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Review recorded' };
      res.redirect(303, '/vetting/aftercare/queue');
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderReview(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  const renderTask = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await aftercare.viewTask(req.ctx, req.params.id);
    res.status(status).render('vetting-aftercare-task', { ...view, ...names, values, errors, activeNav: 'vetting-casework' });
  };
  router.get('/vetting/aftercare/tasks/:id', (req, res) => renderTask(req, res, 200, {}));
  router.post('/vetting/aftercare/tasks/:id', async (req, res) => {
    try {
      await aftercare.completeTask(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Review task completed' };
      res.redirect(303, '/vetting/aftercare/queue');
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderTask(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  const renderWithdraw = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await aftercare.withdrawalForm(req.ctx, req.params.id);
    res.status(status).render('vetting-withdraw-clearance', { ...view, values, errors, activeNav: 'vetting-casework' });
  };
  router.get('/vetting/casework/:id/withdraw-clearance', (req, res) => renderWithdraw(req, res, 200, {}));
  router.post('/vetting/casework/:id/withdraw-clearance', async (req, res) => {
    try {
      await aftercare.withdraw(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Clearance withdrawn', text: 'Register access has ended. The holder has been told the reasons and how to appeal.' };
      res.redirect(303, `/vetting/casework/${req.params.id}`);
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderWithdraw(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  return router;
}
