import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireRole } from '../../middleware/auth.ts';
import { grantableRoles, ROLE_NAMES, type Actor, type Role } from '../../shared/context.ts';
import { asArray } from '../../shared/validation.ts';
import type { AdminService } from './identity.admin.service.ts';

/** Checkboxes for the roles this administrator may grant; the rest are shown as text, held or not. */
const roleItems = (actor: Actor | null, selected: readonly string[]) =>
  grantableRoles(actor).map((role) => ({ value: role, text: ROLE_NAMES[role], checked: selected.includes(role) }));
const heldElsewhere = (actor: Actor | null, held: readonly Role[]) =>
  held.filter((r) => !grantableRoles(actor).includes(r)).map((r) => ROLE_NAMES[r]);

export function adminRoutes(service: AdminService): Router {
  const router = Router();
  router.use('/admin', requireRole('administrator', 'national-administrator'));

  async function showUser(req: Request, res: Response, status = 200, errors?: unknown) {
    const account = await service.getUser(req.ctx, req.params.id);
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('admin-user', {
      account,
      roleNames: account.roles.map((r) => ROLE_NAMES[r]),
      roleItems: roleItems(req.ctx.actor, account.roles),
      nationalRoles: heldElsewhere(req.ctx.actor, account.roles),
      ownAccount: req.ctx.actor?.userId === account.id,
      errors,
      flash,
    });
  }

  /** Each change: run the operation, then back to the user's page with a message, or the errors. */
  function change(action: 'updateRoles' | 'disableUser' | 'enableUser' | 'resetMfa', heading: (name: string) => string) {
    return async (req: Request, res: Response) => {
      const input = action === 'updateRoles' ? { ...req.body, roles: asArray(req.body?.roles) } : req.body;
      try {
        const user = await service[action](req.ctx, req.params.id, input);
        req.session.flash = { heading: heading(user.displayName) };
        res.redirect(303, `/admin/users/${user.id}`);
      } catch (error) {
        if (!isAppError(error) || error.status === 404 || error.status >= 500) throw error;
        const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }];
        await showUser(req, res, error.status, errors);
      }
    };
  }

  router.get('/admin/users', async (req, res) => {
    res.render('admin-users', { users: await service.listUsers(req.ctx), activeNav: 'users' });
  });

  router.get('/admin/users/new', async (req, res) => {
    res.render('admin-user-new', { units: await service.unitsForNewUser(req.ctx), roleItems: roleItems(req.ctx.actor, []), values: {} });
  });

  router.post('/admin/users', async (req, res) => {
    const values = { ...req.body, roles: asArray(req.body?.roles) };
    try {
      const created = await service.createUser(req.ctx, values);
      const account = await service.getUser(req.ctx, created.userId);
      res.status(201).render('admin-user-created', { account, temporaryPassword: created.temporaryPassword });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      res.status(error.status).render('admin-user-new', {
        units: await service.unitsForNewUser(req.ctx),
        roleItems: roleItems(req.ctx.actor, values.roles as string[]),
        values,
        errors: error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }],
      });
    }
  });

  router.get('/admin/users/:id', (req, res) => showUser(req, res));
  router.post('/admin/users/:id/roles', change('updateRoles', (n) => `${n}'s roles have been updated`));
  router.post('/admin/users/:id/disable', change('disableUser', (n) => `${n}'s account has been disabled`));
  router.post('/admin/users/:id/enable', change('enableUser', (n) => `${n}'s account has been re-enabled`));
  router.post('/admin/users/:id/reset-mfa', change('resetMfa', (n) => `${n} will set up a new authenticator at their next sign-in`));

  return router;
}
