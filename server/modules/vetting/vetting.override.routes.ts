import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { csvRow } from '../audit/audit.csv.ts';
import { caseworkNames, flashOf, formErrors } from './vetting.casework.routes.ts';
import { OUTCOME_KIND_NAMES, OUTCOME_KINDS } from './vetting.override.schemas.ts';
import type { OverrideService } from './vetting.override.service.ts';

const shownOnForm = (error: unknown) => isAppError(error) && [400, 409].includes(error.status);
const names = { ...caseworkNames, outcomeKinds: OUTCOME_KINDS, outcomeKindNames: OUTCOME_KIND_NAMES, activeNav: 'vetting-overrides' };

export function overrideRoutes(overrides: OverrideService): Router {
  const router = Router();
  router.use(['/vetting/overrides', '/vetting/overrides.csv', '/vetting/casework/:id/override'], requireUser);

  router.get('/vetting/overrides', async (req, res) => {
    const view = await overrides.list(req.ctx);
    res.render('vetting-override-list', { ...view, ...names });
  });

  router.get('/vetting/overrides.csv', async (req, res) => {
    const view = await overrides.list(req.ctx, 'vetting.overrides-exported');
    const header = csvRow(['Application', 'Level', 'Applicant', 'Authoriser', 'Decided', 'Expiry or review date', 'Clearance ends', 'Adverse outcomes']);
    const rows = view.overrides.map((o) => csvRow([o.reference, o.level, o.applicant_name, o.authoriser_name, o.decided_at, o.review_on, o.clearance_expires_at, o.adverse_outcomes ?? 0]));
    res.type('text/csv; charset=utf-8').attachment('vetting-overrides.csv');
    res.send(header + rows.join(''));
  });

  const renderOverride = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await overrides.view(req.ctx, req.params.id);
    res.status(status).render('vetting-override-case', { ...view, ...names, values, errors, flash: flashOf(req) });
  };

  router.get('/vetting/overrides/:id', (req, res) => renderOverride(req, res, 200, {}));

  router.post('/vetting/overrides/:id/outcomes', async (req, res) => {
    try {
      const done = await overrides.recordOutcome(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Outcome recorded against the override' };
      res.redirect(303, `/vetting/overrides/${done.overrideId}`);
    } catch (error) {
      if (shownOnForm(error) && isAppError(error)) return renderOverride(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  const renderForm = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await overrides.form(req.ctx, req.params.id);
    res.status(status).render('vetting-override-form', { ...view, ...names, values, errors });
  };

  router.get('/vetting/casework/:id/override', (req, res) => renderForm(req, res, 200, {}));

  router.post('/vetting/casework/:id/override', async (req, res) => {
    try {
      const done = await overrides.record(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: 'Override recorded: clearance granted with its conditions' };
      res.redirect(303, `/vetting/overrides/${done.overrideId}`);
    } catch (error) {
      // A refusal that no longer stands (an appeal lodged meanwhile) closes the form: the error page says why.
      if (shownOnForm(error) && isAppError(error) && error.status !== 409) return renderForm(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  return router;
}
