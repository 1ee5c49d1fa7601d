import { Router, type Request, type Response } from 'express';
import { isAppError, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import type { TransferService } from './register.transfer.service.ts';

/** A refusal the person can act on (bad input, a conflict, a refusal): shown on the form, with its status. */
export function formErrors(error: unknown): AppError {
  if (!isAppError(error) || error.status >= 500 || error.status === 401 || error.status === 404) throw error;
  return error;
}

export const errorsOf = (error: AppError, field = 'form') => (error.fieldErrors.length ? error.fieldErrors : [{ field, message: error.message }]);

function takeFlash(req: Request) {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
}

export function transferRoutes(service: TransferService): Router {
  const router = Router();
  router.use(['/transfers', '/nominals/:id/transfer'], requireUser);

  const renderForm = async (req: Request, res: Response, status = 200, errors?: unknown, values: Record<string, unknown> = {}) =>
    res.status(status).render('nominal-transfer', { ...(await service.transferForm(req.ctx, req.params.id)), errors, values, activeNav: 'register' });

  router.get('/nominals/:id/transfer', async (req, res) => {
    await renderForm(req, res);
  });

  router.post('/nominals/:id/transfer', async (req, res) => {
    try {
      const done = await service.requestTransfer(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: `Transfer to ${done.toUnitName} requested`, text: 'Its managers have been told. The record stays with your unit until they accept it.' };
      res.redirect(303, `/nominals/${req.params.id}`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, e.status, errorsOf(e), req.body ?? {});
    }
  });

  router.get('/transfers', async (req, res) => {
    res.render('transfers', { ...(await service.listTransfers(req.ctx)), flash: takeFlash(req), activeNav: 'transfers' });
  });

  const renderTransfer = async (req: Request, res: Response, status = 200, errors?: unknown, values: Record<string, unknown> = {}) =>
    res.status(status).render('transfer', { ...(await service.viewTransfer(req.ctx, req.params.id)), flash: takeFlash(req), errors, values, activeNav: 'transfers' });

  router.get('/transfers/:id', async (req, res) => {
    await renderTransfer(req, res);
  });

  router.post('/transfers/:id/accept', async (req, res) => {
    try {
      const done = await service.acceptTransfer(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: `Record ${done.reference} transferred to your unit` };
      res.redirect(303, `/nominals/${done.nominalId}`);
    } catch (error) {
      const e = formErrors(error);
      await renderTransfer(req, res, e.status, errorsOf(e, 'managingOfficerId'), req.body ?? {});
    }
  });

  router.post('/transfers/:id/reject', async (req, res) => {
    try {
      const done = await service.rejectTransfer(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: `Transfer of ${done.reference} rejected`, text: 'The sending unit has been told.' };
      res.redirect(303, '/transfers');
    } catch (error) {
      const e = formErrors(error);
      await renderTransfer(req, res, e.status, errorsOf(e, 'reason'), req.body ?? {});
    }
  });

  return router;
}
