import { Router, type Request } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { paginationFor } from '../../shared/pagination.ts';
import type { RecordAccessService } from './register.sharing.service.ts';
import { isAccessChange, PARTNER_ROLE_NAMES, PARTNER_ROLES } from './register.sharing.schemas.ts';
import type { RegisterOversightService } from './register.oversight.service.ts';
import { NOMINAL_TYPE_NAMES } from './register.schemas.ts';

/** How the record's "who viewed" page names what happened; anything else shows its log action. */
const ACTION_NAMES: Record<string, string> = {
  'register.nominal-viewed': 'Viewed the record',
  'register.nominal-created': 'Created the record',
  'register.record-views-viewed': 'Viewed who has seen the record',
  'register.access-viewed': 'Viewed who may see the record',
  'register.break-glass-granted': 'Emergency access (break-glass)',
  'register.break-glass-refused': 'Emergency access refused',
  'register.partner-added': 'Added a partner unit',
  'register.partner-role-changed': 'Changed a partner unit\'s role',
  'register.partner-removed': 'Removed a partner unit',
  'register.exclusion-added': 'Excluded a person',
  'register.exclusion-removed': 'Removed an exclusion',
  'register.restriction-added': 'Added a person to the restriction',
  'register.restriction-removed': 'Removed a person from the restriction',
};

const roleOptions = PARTNER_ROLES.map((r) => ({ value: r, text: PARTNER_ROLE_NAMES[r].name, hint: { text: PARTNER_ROLE_NAMES[r].hint } }));
const common = { activeNav: 'register', typeNames: NOMINAL_TYPE_NAMES, roleNames: PARTNER_ROLE_NAMES, roleOptions };

const takeFlash = (req: Request) => {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
};

/**
 * Emergency access, who viewed a record, who may see it, and the caseload lists. Mounted before
 * the register's record routes, so that /nominals/break-glass and the lists are not taken for a record id.
 */
export function registerOversightRoutes(oversight: RegisterOversightService, sharing: RecordAccessService): Router {
  const router = Router();
  router.use('/nominals', requireUser);
  // A record URL that ends "not found" offers the way in for someone who needs it in an emergency.
  router.use('/nominals/:id', (_req, res, next) => {
    res.locals.offerBreakGlass = true;
    next();
  });

  router.get('/nominals/break-glass', (req, res) => {
    res.render('nominal-break-glass', { ...common, values: { reference: req.query.reference ?? '' }, subnav: 'break-glass' });
  });

  router.post('/nominals/break-glass', async (req, res) => {
    const values = req.body ?? {};
    try {
      const outcome = await oversight.breakGlass(req.ctx, values);
      req.session.flash = outcome.alreadyReadable ? { heading: 'You already have access to this record', text: 'No emergency access was needed.' } : undefined;
      res.redirect(303, `/nominals/${outcome.id}`);
    } catch (error) {
      if (!isAppError(error) || error.status >= 500 || error.status === 401) throw error;
      const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }];
      res.status(error.status).render('nominal-break-glass', { ...common, values, errors, subnav: 'break-glass' });
    }
  });

  router.get('/nominals/caseload', async (req, res) => {
    const list = await oversight.myCaseload(req.ctx, req.query);
    res.render('nominal-list', { ...common, ...list, flash: takeFlash(req), title: 'My caseload', empty: 'You do not manage any records.', pagination: paginationFor('/nominals/caseload', list), subnav: 'caseload' });
  });

  router.get('/nominals/unit', async (req, res) => {
    const list = await oversight.unitRecords(req.ctx, req.query);
    res.render('nominal-list', { ...common, ...list, title: 'My unit\'s records', caption: list.unitName, empty: 'Your unit owns no records you can see.', pagination: paginationFor('/nominals/unit', list), subnav: 'unit' });
  });

  router.get('/nominals/:id/views', async (req, res) => {
    const views = await oversight.recordViews(req.ctx, req.params.id, req.query);
    res.render('nominal-views', { ...common, ...views, actionNames: ACTION_NAMES, pagination: paginationFor(`/nominals/${views.nominal.id}/views`, views) });
  });

  router.get('/nominals/:id/access', async (req, res) => {
    const page = await sharing.accessPage(req.ctx, req.params.id);
    res.render('nominal-access', { ...common, ...page, flash: takeFlash(req), values: {} });
  });

  router.post('/nominals/:id/access/:change', async (req, res, next) => {
    const change = req.params.change;
    if (!isAccessChange(change)) return next();
    const result = await sharing.changeAccess(req.ctx, req.params.id, change, req.body ?? {});
    if (!result.ok) return res.status(result.status).render('nominal-access', { ...common, ...result.page, errors: result.errors, values: req.body ?? {} });
    req.session.flash = result.stillReadable ? { heading: result.message } : { heading: result.message, text: 'The record is now restricted to named people, and you are not one of them: you can no longer see it.' };
    res.redirect(303, result.stillReadable ? `/nominals/${result.nominalId}/access` : '/nominals/caseload');
  });

  return router;
}
