import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { asArray } from '../../shared/validation.ts';
import { backToCase, caseworkNames, formErrors, renderCase } from './vetting.casework.routes.ts';
import type { CaseworkService } from './vetting.casework.service.ts';
import { REASON_CODES, REASONS } from './vetting.criteria.ts';
import { OUTCOME_NAMES, OUTCOMES } from './vetting.decision.schemas.ts';
import type { DecisionService } from './vetting.decision.service.ts';

/** The typed form, with checkbox groups as lists so the boxes stay ticked. */
const formValues = (body: Record<string, unknown> = {}) => ({ ...body, factors: asArray(body.factors).map(String), reasons: asArray(body.reasons).map(String), disclose: asArray(body.disclose).map(String) });

const FLASH: Record<string, string> = {
  granted: 'Clearance granted',
  'granted-with-conditions': 'Clearance granted with conditions',
  refused: 'Refusal proposed: a second vetting officer must agree',
  discontinued: 'Application discontinued',
};

export function decisionRoutes(decisions: DecisionService, casework: CaseworkService): Router {
  const router = Router();
  router.use(['/vetting/casework/:id/decision', '/vetting/casework/:id/refusal', '/vetting/applications/:id/outcome'], requireUser);

  const renderForm = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await decisions.decisionForm(req.ctx, req.params.id);
    res.status(status).render('vetting-casework-decision', { ...view, ...caseworkNames, values: formValues(values), errors, outcomes: OUTCOMES, outcomeNames: OUTCOME_NAMES, reasonCodes: REASON_CODES, reasons: REASONS });
  };

  router.get('/vetting/casework/:id/decision', (req, res) => renderForm(req, res, 200, {}));

  router.post('/vetting/casework/:id/decision', async (req, res) => {
    try {
      const decided = await decisions.decide(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: FLASH[decided.outcome]! };
      res.redirect(303, `/vetting/casework/${decided.id}`);
    } catch (error) {
      // A decision refused for its content or its timing stays on the form with every answer kept.
      if (isAppError(error) && (error.status === 400 || error.status === 409)) return renderForm(req, res, error.status, req.body ?? {}, formErrors(error));
      throw error;
    }
  });

  router.post('/vetting/casework/:id/refusal', async (req, res) => {
    try {
      const answered = await decisions.answerRefusal(req.ctx, req.params.id, req.body);
      req.session.flash = { heading: answered.answer === 'agree' ? 'Refusal agreed: the applicant has been told' : 'Refusal rejected: the case is back in checks' };
      res.redirect(303, `/vetting/casework/${answered.id}`);
    } catch (error) {
      if (isAppError(error) && (error.status === 400 || error.status === 403)) return renderCase(req, res, casework, error.status, { errors: formErrors(error), values: req.body ?? {} });
      await backToCase(req, res, req.params.id, error);
    }
  });

  router.get('/vetting/applications/:id/outcome', async (req, res) => {
    const view = await decisions.outcome(req.ctx, req.params.id);
    res.render('vetting-casework-outcome', { ...view, activeNav: 'vetting' });
  });

  return router;
}
