import { Router } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import type { AccountService } from './identity.account.service.ts';

export function accountRoutes(service: AccountService): Router {
  const router = Router();
  router.use('/account', requireUser);

  router.get('/account', async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('account', { ...(await service.viewMyAccount(req.ctx)), flash });
  });

  router.get('/account/password', (_req, res) => {
    res.render('new-password', { forced: false, action: '/account/password' });
  });

  router.post('/account/password', async (req, res) => {
    try {
      await service.changeMyPassword(req.ctx, {
        currentPassword: String(req.body?.currentPassword ?? ''),
        newPassword: String(req.body?.newPassword ?? ''),
        confirmPassword: String(req.body?.confirmPassword ?? ''),
      });
      req.session.flash = { heading: 'Your password has been changed' };
      res.redirect(303, '/account');
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      res.status(error.status).render('new-password', { forced: false, action: '/account/password', errors: error.fieldErrors });
    }
  });

  return router;
}
