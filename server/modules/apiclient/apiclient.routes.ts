import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireRole, requireUser } from '../../middleware/auth.ts';
import { asArray } from '../../shared/validation.ts';
import { ADMIN_SCOPES, SCOPE_DESCRIPTIONS, type ApiClientService } from './apiclient.service.ts';

const scopeItems = (selected: readonly unknown[]) =>
  ADMIN_SCOPES.map((s) => ({ value: s, text: s, hint: { text: SCOPE_DESCRIPTIONS[s] }, checked: selected.includes(s) }));

/**
 * Administrators' pages for API clients: list, issue (the token shown once), approve and revoke; and
 * each person's page of the clients that act as them, to approve or refuse.
 */
export function apiClientRoutes(service: ApiClientService): Router {
  const router = Router();
  router.use('/admin/api-clients', requireRole('administrator', 'national-administrator'));
  router.use('/account/api-clients', requireUser);

  const showMine = async (req: Request, res: Response, status = 200, errors?: unknown) =>
    res.status(status).render('account-api-clients', { clients: await service.clientsActingAsMe(req.ctx), now: req.ctx.now, errors, activeNav: 'account' });
  const showAll = async (req: Request, res: Response, status = 200, errors?: unknown) =>
    res.status(status).render('api-clients', { clients: await service.listClients(req.ctx), now: req.ctx.now, errors, activeNav: 'api-clients' });

  /** A change from a list page: flash and back to the list, or the list again saying why not (400). */
  function fromList(list: string, show: typeof showMine, run: (req: Request) => Promise<{ name: string }>, heading: (name: string) => string, text: string) {
    return async (req: Request, res: Response) => {
      try {
        const client = await run(req);
        req.session.flash = { heading: heading(client.name), text };
        res.redirect(303, list);
      } catch (error) {
        if (!isAppError(error) || error.status !== 400) throw error;
        await show(req, res, 400, [{ field: 'clients', message: error.message }]);
      }
    };
  }

  router.get('/account/api-clients', async (req, res) => {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
    await showMine(req, res);
  });
  router.post(
    '/account/api-clients/:id/approve',
    fromList('/account/api-clients', showMine, (req) => service.approveClient(req.ctx, req.params.id, 'person'), (n) => `You approved ${n}`, 'It can now act as you, with your access. Refuse it here at any time to stop it.'),
  );
  router.post(
    '/account/api-clients/:id/refuse',
    fromList('/account/api-clients', showMine, (req) => service.refuseClient(req.ctx, req.params.id), (n) => `You refused ${n}`, 'Its token no longer works. The administrator who issued it can see that it was refused.'),
  );
  router.post(
    '/admin/api-clients/:id/approve',
    fromList('/admin/api-clients', showAll, (req) => service.approveClient(req.ctx, req.params.id, 'administrator'), (n) => `The API client ${n} has been approved`, 'It can now act as its user. The access log names you as the approver.'),
  );

  async function showNew(req: Request, res: Response, values: Record<string, unknown>, status = 200, errors?: unknown) {
    res.status(status).render('api-client-new', {
      users: await service.actingUserCandidates(req.ctx),
      scopeItems: scopeItems(asArray(values.scopes)),
      values,
      errors,
      activeNav: 'api-clients',
    });
  }

  router.get('/admin/api-clients', async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('api-clients', { clients: await service.listClients(req.ctx), now: req.ctx.now, flash, activeNav: 'api-clients' });
  });

  router.get('/admin/api-clients/new', (req, res) => showNew(req, res, { days: '90' }));

  router.post('/admin/api-clients', async (req, res) => {
    const values = { ...req.body, scopes: asArray(req.body?.scopes) };
    delete values._csrf;
    try {
      const created = await service.createClient(req.ctx, values);
      res.status(201).render('api-client-created', { created, activeNav: 'api-clients' });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500 || error.status === 401) throw error;
      await showNew(req, res, values, error.status, error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);
    }
  });

  router.get('/admin/api-clients/:id/revoke', async (req, res) => {
    res.render('api-client-revoke', { client: await service.getClient(req.ctx, req.params.id), activeNav: 'api-clients' });
  });

  router.post('/admin/api-clients/:id/revoke', async (req, res) => {
    try {
      const client = await service.revokeClient(req.ctx, req.params.id);
      req.session.flash = { heading: `The API client ${client.name} has been revoked`, text: 'Its token no longer works.' };
      res.redirect(303, '/admin/api-clients');
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      const clients = await service.listClients(req.ctx);
      res.status(400).render('api-clients', { clients, now: req.ctx.now, errors: [{ field: 'clients', message: error.message }], activeNav: 'api-clients' });
    }
  });

  return router;
}
