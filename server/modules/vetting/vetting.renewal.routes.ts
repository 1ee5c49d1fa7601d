import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { flashOf, formErrors } from './vetting.casework.routes.ts';
import type { RenewalService } from './vetting.renewal.service.ts';

export function renewalRoutes(renewal: RenewalService): Router {
  const router = Router();
  router.use('/vetting/renewal', requireUser);

  const render = async (req: Request, res: Response, status: number, errors?: unknown) => {
    const view = await renewal.view(req.ctx, req.params.id);
    res.status(status).render('vetting-renewal', { ...view, errors, flash: flashOf(req), activeNav: 'vetting' });
  };
  router.get('/vetting/renewal/:id', (req, res) => render(req, res, 200));

  router.post('/vetting/renewal/:id/sections/:section/confirm', async (req, res) => {
    try {
      await renewal.confirm(req.ctx, req.params.id, req.params.section);
      req.session.flash = { heading: 'Section confirmed' };
      res.redirect(303, `/vetting/renewal/${req.params.id}`);
    } catch (error) {
      if (isAppError(error) && [400, 409].includes(error.status)) return render(req, res, error.status, formErrors(error));
      throw error;
    }
  });

  return router;
}
