import { Router } from 'express';
import { isAppError, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { ETHNIC_GROUPS, QUESTIONS } from './equality.questions.ts';

const groupNames = Object.fromEntries(ETHNIC_GROUPS.map((g) => [g.value, g.text]));
import type { EqualityService } from './equality.service.ts';

const formErrors = (error: AppError) => (error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);

export function equalityRoutes(service: EqualityService): Router {
  const router = Router();
  router.use(['/vetting/applications/:id/equality', '/equality'], requireUser);

  router.get('/vetting/applications/:id/equality', async (req, res) => {
    const view = await service.form(req.ctx, req.params.id);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('equality-form', { ...view, questions: QUESTIONS, groupNames, flash, activeNav: 'vetting' });
  });

  router.post('/vetting/applications/:id/equality', async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      const saved = await service.save(req.ctx, req.params.id, values);
      req.session.flash = saved.objected
        ? { heading: 'Your objection is recorded', text: 'Your equality answers have been deleted and you are not counted in equality monitoring.' }
        : { heading: 'Equality answers saved' };
      res.redirect(303, `/vetting/applications/${req.params.id}/equality`);
    } catch (error) {
      if (!isAppError(error) || (error.status !== 400 && error.status !== 409)) throw error;
      const view = await service.form(req.ctx, req.params.id);
      res.status(error.status).render('equality-form', { ...view, values, questions: QUESTIONS, groupNames, errors: formErrors(error), activeNav: 'vetting' });
    }
  });

  router.get('/equality/summary', async (req, res) => {
    try {
      const figures = await service.summary(req.ctx, req.query);
      res.render('equality-summary', { ...figures, activeNav: 'equality' });
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      res.status(400).render('equality-summary', { errors: formErrors(error), activeNav: 'equality' });
    }
  });

  return router;
}
