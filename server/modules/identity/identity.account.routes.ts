import { Router, type Request } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import type { AccountService } from './identity.account.service.ts';

/**
 * After a password change every other session of the person has ended: this one carries on under a
 * new id, keeping its sign-in time (a change of password does not lengthen a session).
 */
async function renewSession(req: Request): Promise<void> {
  const { userId, signedInAt } = req.session;
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = userId;
  req.session.signedInAt = signedInAt;
}

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
      await renewSession(req);
      req.session.flash = { heading: 'Your password has been changed', text: 'You have been signed out everywhere else.' };
      res.redirect(303, '/account');
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      res.status(error.status).render('new-password', { forced: false, action: '/account/password', errors: error.fieldErrors });
    }
  });

  return router;
}
