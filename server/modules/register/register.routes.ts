import { Router } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { IDENTIFIER_KINDS, IDENTIFIER_NAMES } from './register.identifiers.ts';
import { GENDERS, IDENTIFIER_FIELDS, NOMINAL_TYPE_NAMES, NOMINAL_TYPES } from './register.schemas.ts';
import type { RegisterService } from './register.service.ts';
import { SECTIONS } from './register.items.ts';

const formOptions = {
  types: NOMINAL_TYPES.map((t) => ({ value: t, text: NOMINAL_TYPE_NAMES[t] })),
  genders: GENDERS,
  identifierFields: IDENTIFIER_KINDS.map((k) => ({ field: IDENTIFIER_FIELDS[k], label: IDENTIFIER_NAMES[k] })),
  activeNav: 'register',
};

/** The form sends the date of birth as three boxes; the schema wants them together. */
const withDate = (body: Record<string, unknown>) => ({
  ...body,
  dateOfBirth: { day: String(body['dateOfBirth-day'] ?? ''), month: String(body['dateOfBirth-month'] ?? ''), year: String(body['dateOfBirth-year'] ?? '') },
});

export function registerRoutes(service: RegisterService): Router {
  const router = Router();
  router.use('/nominals', requireUser);

  router.get('/nominals', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const criteria = { ...query, dob: { day: String(query['dob-day'] ?? ''), month: String(query['dob-month'] ?? ''), year: String(query['dob-year'] ?? '') } };
    const found = await service.findNominals(req.ctx, criteria);
    res.status(found.errors ? 400 : 200).render('nominal-find', { ...found, values: query, activeNav: 'register' });
  });

  router.get('/nominals/new', (_req, res) => {
    res.render('nominal-new', { ...formOptions, values: {} });
  });

  router.post('/nominals', async (req, res) => {
    const values = req.body ?? {};
    try {
      const outcome = await service.createNominal(req.ctx, withDate(values));
      if (outcome.kind === 'possible-duplicates') {
        return res.render('nominal-new', { ...formOptions, values, matches: outcome.matches });
      }
      req.session.flash = { heading: `Record ${outcome.reference} created` };
      res.redirect(303, `/nominals/${outcome.id}`);
    } catch (error) {
      if (!isAppError(error) || error.status >= 500 || error.status === 401) throw error;
      const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }];
      res.status(error.status).render('nominal-new', { ...formOptions, values, errors });
    }
  });

  router.get('/nominals/:id', async (req, res) => {
    const nominal = await service.viewNominal(req.ctx, req.params.id);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('nominal-record', { nominal, sections: SECTIONS, sectionTotals: nominal.sectionTotals, breakGlass: nominal.breakGlass, breakGlassExpiresAt: nominal.breakGlassExpiresAt, typeName: NOMINAL_TYPE_NAMES[nominal.nominalType as keyof typeof NOMINAL_TYPE_NAMES], identifierNames: IDENTIFIER_NAMES, flash, activeNav: 'register' });
  });

  return router;
}
