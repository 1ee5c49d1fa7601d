import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { flashOf, formErrors } from './vetting.casework.routes.ts';
import type { RightsService } from './vetting.rights.service.ts';
import { STATE_NAMES } from './vetting.states.ts';

export function rightsRoutes(rights: RightsService): Router {
  const router = Router();
  router.use(['/vetting/my-data', '/vetting/my-data.json', '/vetting/applications/:id/restriction'], requireUser);

  router.get('/vetting/my-data', async (req, res) => {
    const data = await rights.myData(req.ctx);
    res.render('vetting-my-data', { data, stateNames: STATE_NAMES, activeNav: 'vetting' });
  });

  router.get('/vetting/my-data.json', async (req, res) => {
    const data = await rights.myData(req.ctx, 'vetting.my-data-downloaded');
    res.type('application/json; charset=utf-8').attachment('my-vetting-data.json');
    res.send(JSON.stringify(data, null, 2));
  });

  const render = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: unknown) => {
    const view = await rights.restriction(req.ctx, req.params.id);
    res.status(status).render('vetting-restriction', { ...view, stateNames: STATE_NAMES, values, errors, flash: flashOf(req), activeNav: 'vetting-casework' });
  };
  router.get('/vetting/applications/:id/restriction', (req, res) => render(req, res, 200, {}));

  for (const [step, heading] of [['restrict', 'Processing restricted'], ['lift', 'Restriction lifted']] as const) {
    router.post(`/vetting/applications/:id/restriction/${step}`, async (req, res) => {
      try {
        await rights[step](req.ctx, req.params.id, req.body);
        req.session.flash = { heading };
        res.redirect(303, `/vetting/applications/${req.params.id}/restriction`);
      } catch (error) {
        if (isAppError(error) && [400, 409].includes(error.status)) return render(req, res, error.status, req.body ?? {}, formErrors(error));
        throw error;
      }
    });
  }

  return router;
}
