import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { IDENTIFIER_KINDS, IDENTIFIER_NAMES } from './register.identifiers.ts';
import type { IdentityService } from './register.identity.service.ts';
import { SECTIONS } from './register.items.ts';
import { GENDERS, NOMINAL_TYPE_NAMES, NOMINAL_TYPES } from './register.schemas.ts';
import type { RegisterService } from './register.service.ts';

type Nominal = Awaited<ReturnType<RegisterService['viewNominal']>>;

/** A stored date spread back into the three boxes of a GOV.UK date input. */
const boxes = (name: string, iso: string | null | undefined) => {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

const detailValues = (n: Nominal) => ({
  nominalType: n.nominalType,
  gender: n.gender,
  wanted: n.wantedSince ? 'yes' : 'no',
  missing: n.missingSince ? 'yes' : 'no',
  version: n.version,
  ...boxes('dateOfBirth', n.dateOfBirth),
  ...boxes('wantedSince', n.wantedSince),
  ...boxes('missingSince', n.missingSince),
});

const common = (n: Nominal) => ({
  nominal: n,
  sections: SECTIONS,
  sectionTotals: n.sectionTotals,
  types: NOMINAL_TYPES.map((t) => ({ value: t, text: NOMINAL_TYPE_NAMES[t] })),
  genders: GENDERS,
  identifierKinds: IDENTIFIER_KINDS.map((k) => ({ value: k, text: IDENTIFIER_NAMES[k] })),
  identifierNames: IDENTIFIER_NAMES,
  activeNav: 'register',
});

/** Pages for a record's details, names and identifiers. The record itself is read through viewNominal (logged). */
export function identityRoutes(register: RegisterService, service: IdentityService): Router {
  const router = Router();
  router.use('/nominals', requireUser);

  const showFailure = async (req: Request, res: Response, view: string, error: unknown) => {
    if (!isAppError(error) || ![400, 403, 409].includes(error.status)) throw error;
    const n = await register.viewNominal(req.ctx, req.params.id);
    const errors = error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }];
    // A stale form shows the current details; any other error keeps what was typed.
    const values = error.status === 409 || view === 'nominal-names' ? detailValues(n) : req.body;
    res.status(error.status).render(view, { ...common(n), values, typed: req.body, errors });
  };

  router.get('/nominals/:id/details', async (req, res) => {
    const n = await register.viewNominal(req.ctx, req.params.id);
    res.render('nominal-details', { ...common(n), values: detailValues(n) });
  });

  router.post('/nominals/:id/details', async (req, res) => {
    try {
      const done = await service.editDetails(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: 'Details changed' };
      res.redirect(303, `/nominals/${done.nominalId}`);
    } catch (error) {
      await showFailure(req, res, 'nominal-details', error);
    }
  });

  router.get('/nominals/:id/names', async (req, res) => {
    const n = await register.viewNominal(req.ctx, req.params.id);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('nominal-names', { ...common(n), values: detailValues(n), typed: {}, flash });
  });

  const names = (path: string, act: (req: Request) => Promise<{ nominalId: string }>, heading: string) =>
    router.post(path, async (req, res) => {
      try {
        const done = await act(req);
        req.session.flash = { heading };
        res.redirect(303, `/nominals/${done.nominalId}/names`);
      } catch (error) {
        await showFailure(req, res, 'nominal-names', error);
      }
    });
  names('/nominals/:id/names', (req) => service.addName(req.ctx, req.params.id, req.body), 'Name added');
  names('/nominals/:id/names/:nameId/remove', (req) => service.removeName(req.ctx, req.params.id, req.params.nameId, req.body), 'Name removed');
  names('/nominals/:id/identifiers', (req) => service.addIdentifier(req.ctx, req.params.id, req.body), 'Identifier added');
  names('/nominals/:id/identifiers/remove', (req) => service.removeIdentifier(req.ctx, req.params.id, req.body), 'Identifier removed');

  return router;
}
