import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { SESSION_COOKIE } from '../../middleware/session.ts';
import type { PendingSignIn } from '../../shared/express.ts';
import type { SignInService, SignInStep } from './identity.signin.service.ts';

// Session timings (this half-finished sign-in, and signedInAt for the absolute lifetime) are on real
// time, as express-session's own expiry is: they measure how long a session has lasted, not a date.
const PENDING_MS = 10 * 60_000;

const STEP_PATH: Record<Exclude<SignInStep, 'complete'>, string> = {
  'change-password': '/sign-in/new-password',
  'mfa-enrol': '/sign-in/mfa/setup',
  'mfa-verify': '/sign-in/mfa',
};

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));

/** A new session id at every change of privilege, so a planted id is worth nothing. */
async function establish(req: Request, res: Response, userId: string) {
  const returnTo = req.session.returnTo;
  await regenerate(req);
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
  const safe = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  res.redirect(303, safe);
}

async function moveTo(req: Request, res: Response, userId: string, step: SignInStep) {
  if (step === 'complete') return establish(req, res, userId);
  const returnTo = req.session.returnTo;
  if (!req.session.pending) await regenerate(req);
  req.session.returnTo = returnTo;
  req.session.pending = { userId, stage: step, expiresAt: Date.now() + PENDING_MS };
  res.redirect(303, STEP_PATH[step]);
}

function pendingAt(req: Request, stage: PendingSignIn['stage']): PendingSignIn | null {
  const p = req.session.pending;
  if (!p || p.stage !== stage || p.expiresAt < Date.now()) return null;
  return p;
}

/** Renders the form again with the error summary, keeping what the user typed (never passwords). */
function showErrors(res: Response, view: string, error: unknown, locals: Record<string, unknown> = {}) {
  if (!isAppError(error) || error.status >= 500) throw error;
  const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: locals.errorField ?? 'form', message: error.message }];
  res.status(error.status).render(view, { ...locals, errors });
}

export function signInRoutes(service: SignInService): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (req.ctx.actor) return res.redirect(303, '/');
    res.render('sign-in', { values: {} });
  });

  router.post('/sign-in', async (req, res) => {
    const username = String(req.body?.username ?? '');
    try {
      const result = await service.signIn(req.ctx, { username, password: String(req.body?.password ?? '') });
      await moveTo(req, res, result.userId, result.step);
    } catch (error) {
      showErrors(res, 'sign-in', error, { values: { username }, errorField: 'username' });
    }
  });

  router.get('/sign-in/new-password', (req, res) => {
    if (!pendingAt(req, 'change-password')) return res.redirect(303, '/sign-in');
    res.render('new-password', { forced: true, action: '/sign-in/new-password' });
  });

  router.post('/sign-in/new-password', async (req, res) => {
    const pending = pendingAt(req, 'change-password');
    if (!pending) return res.redirect(303, '/sign-in');
    try {
      const step = await service.changePassword(
        req.ctx,
        pending.userId,
        { newPassword: String(req.body?.newPassword ?? ''), confirmPassword: String(req.body?.confirmPassword ?? '') },
        { requireCurrent: false },
      );
      if (step === 'complete') await service.completeDemoSignIn(req.ctx, pending.userId);
      await moveTo(req, res, pending.userId, step);
    } catch (error) {
      showErrors(res, 'new-password', error, { forced: true, action: '/sign-in/new-password', errorField: 'newPassword' });
    }
  });

  router.get('/sign-in/mfa/setup', async (req, res) => {
    const pending = pendingAt(req, 'mfa-enrol');
    if (!pending) return res.redirect(303, '/sign-in');
    // One secret per attempt at enrolment, kept in the session until it is confirmed.
    const enrolment = pending.enrolmentSecret
      ? await service.enrolmentFor(pending.userId, pending.enrolmentSecret)
      : await service.startEnrolment(pending.userId);
    pending.enrolmentSecret = enrolment.secret;
    res.render('mfa-setup', { qrSvg: enrolment.qrSvg, secret: enrolment.secret });
  });

  router.post('/sign-in/mfa/setup', async (req, res) => {
    const pending = pendingAt(req, 'mfa-enrol');
    if (!pending?.enrolmentSecret) return res.redirect(303, '/sign-in');
    try {
      const codes = await service.confirmEnrolment(req.ctx, pending.userId, pending.enrolmentSecret, String(req.body?.code ?? ''));
      await regenerate(req);
      req.session.userId = pending.userId;
      req.session.signedInAt = Date.now();
      req.session.recoveryCodes = codes;
      res.redirect(303, '/sign-in/mfa/recovery-codes');
    } catch (error) {
      const enrolment = await service.enrolmentFor(pending.userId, pending.enrolmentSecret);
      showErrors(res, 'mfa-setup', error, { qrSvg: enrolment.qrSvg, secret: enrolment.secret, errorField: 'code' });
    }
  });

  router.get('/sign-in/mfa/recovery-codes', (req, res) => {
    const codes = req.session.recoveryCodes;
    if (!req.ctx.actor || !codes) return res.redirect(303, '/');
    delete req.session.recoveryCodes;
    res.render('recovery-codes', { codes });
  });

  router.get('/sign-in/mfa', (req, res) => {
    if (!pendingAt(req, 'mfa-verify')) return res.redirect(303, '/sign-in');
    res.render('mfa-verify');
  });

  router.post('/sign-in/mfa', async (req, res) => {
    const pending = pendingAt(req, 'mfa-verify');
    if (!pending) return res.redirect(303, '/sign-in');
    try {
      await service.verifySecondFactor(req.ctx, pending.userId, String(req.body?.code ?? ''));
      await establish(req, res, pending.userId);
    } catch (error) {
      showErrors(res, 'mfa-verify', error, { errorField: 'code' });
    }
  });

  router.post('/sign-out', async (req, res) => {
    await service.signOut(req.ctx);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/signed-out');
  });

  router.get('/signed-out', (_req, res) => res.render('signed-out'));

  return router;
}
