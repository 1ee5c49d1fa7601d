import { Router, type Request, type Response } from 'express';
import { badRequest, isAppError, notFound, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { displayValue, itemKind, SECTIONS, sectionCounts, type ItemKindDef } from './register.items.ts';
import type { ItemsService } from './register.items.service.ts';

/** The values a form shows: an item's stored data spread back into date boxes. */
function formValues(def: ItemKindDef, data: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...data };
  for (const f of def.fields) {
    const v = data[f.name];
    if (f.type === 'date' && typeof v === 'string') {
      const [y, m, d] = v.split('-');
      Object.assign(values, { [`${f.name}-day`]: String(Number(d)), [`${f.name}-month`]: String(Number(m)), [`${f.name}-year`]: y });
    }
    if (f.type === 'yesno' && typeof v === 'boolean') values[f.name] = v ? 'yes' : 'no';
  }
  return values;
}

const upload = (req: Request) => (req.file ? { buffer: req.file.buffer, originalname: req.file.originalname } : undefined);

/** An upload refused by its size before the route: shown on the form like any other field error. */
function uploadRefusal(req: Request, def: ItemKindDef | undefined): AppError | undefined {
  if (!req.uploadError || !def) return undefined;
  const field = def.fields.find((f) => f.type === 'file')?.name ?? 'file';
  return badRequest('invalid-file', req.uploadError, [{ field, message: req.uploadError }]);
}

const NO_SUCH_KIND = 'There is no such kind of item. Check the link and try again.';

const formErrors = (error: AppError) => (error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);

export function itemRoutes(service: ItemsService): Router {
  const router = Router();
  router.use('/nominals', requireUser);
  // Every route that names a kind: a kind that does not exist is a page that does not exist.
  router.param('kind', (_req, _res, next, kind) => next(itemKind(kind) ? undefined : notFound(NO_SUCH_KIND)));

  const renderForm = (res: Response, status: number, page: Record<string, unknown>) => res.status(status).render('nominal-item-form', { ...page, sections: SECTIONS, displayValue, activeNav: 'register' });

  router.get('/nominals/:id/section/:section', async (req, res) => {
    const view = await service.viewSection(req.ctx, req.params.id, req.params.section);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('nominal-section', { ...view, sectionTotals: sectionCounts(view.counts), sections: SECTIONS, displayValue, flash, activeNav: 'register' });
  });

  router.get('/nominals/:id/items/:kind/new', async (req, res) => {
    const def = itemKind(req.params.kind)!;
    const view = await service.viewSection(req.ctx, req.params.id, def.section);
    renderForm(res, 200, { nominal: view.nominal, def, values: {}, canSeeRestricted: view.canSeeRestricted, canEdit: view.canEdit });
  });

  router.post('/nominals/:id/items/:kind', async (req, res) => {
    const def = itemKind(req.params.kind);
    const values = req.body ?? {};
    try {
      const refused = uploadRefusal(req, def);
      if (refused) throw refused;
      const added = await service.addItem(req.ctx, req.params.id, req.params.kind, values, upload(req));
      req.session.flash = { heading: `${def!.name} added` };
      res.redirect(303, `/nominals/${added.nominalId}/section/${def!.section}`);
    } catch (error) {
      if (!isAppError(error) || (error.status !== 400 && error.status !== 403)) throw error;
      const e = error;
      const view = await service.viewSection(req.ctx, req.params.id, def!.section);
      renderForm(res, e.status, { nominal: view.nominal, def, values, errors: formErrors(e), canSeeRestricted: view.canSeeRestricted, canEdit: view.canEdit });
    }
  });

  router.get('/nominals/:id/items/:kind/:itemId', async (req, res) => {
    const view = await service.viewItem(req.ctx, req.params.id, req.params.itemId);
    const flash = req.session.flash;
    delete req.session.flash;
    const conflictMessage = req.session.conflict;
    delete req.session.conflict;
    renderForm(res, 200, {
      nominal: view.nominal,
      def: view.def,
      item: view.item,
      history: view.history,
      values: formValues(view.def, { ...view.item.data, sensitivity: view.item.sensitivity, version: view.item.version }),
      errors: conflictMessage ? [{ field: 'form', message: conflictMessage }] : undefined,
      canSeeRestricted: view.canSeeRestricted,
      canEdit: view.canEdit,
      flash,
    });
  });

  router.post('/nominals/:id/items/:kind/:itemId', async (req, res) => {
    const def = itemKind(req.params.kind);
    const values = req.body ?? {};
    try {
      const refused = uploadRefusal(req, def);
      if (refused) throw refused;
      const changed = await service.editItem(req.ctx, req.params.id, req.params.itemId, values, upload(req));
      req.session.flash = { heading: `${itemKind(changed.kind)!.name} changed` };
      res.redirect(303, `/nominals/${changed.nominalId}/section/${itemKind(changed.kind)!.section}`);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const e = error;
      if (e.status === 409) {
        // Someone else saved first: show them the current details with what happened.
        req.session.conflict = e.message;
        return res.redirect(303, req.originalUrl);
      }
      if (e.status !== 400 && e.status !== 403) throw error;
      const view = await service.viewItem(req.ctx, req.params.id, req.params.itemId);
      renderForm(res, e.status, { nominal: view.nominal, def: view.def, item: view.item, history: view.history, values, errors: formErrors(e), canSeeRestricted: view.canSeeRestricted, canEdit: view.canEdit });
    }
  });

  router.post('/nominals/:id/items/:kind/:itemId/remove', async (req, res) => {
    try {
      const removed = await service.removeItem(req.ctx, req.params.id, req.params.itemId, req.body);
      req.session.flash = { heading: `${itemKind(removed.kind)!.name} removed` };
      res.redirect(303, `/nominals/${removed.nominalId}/section/${removed.section}`);
    } catch (error) {
      if (!isAppError(error) || error.status !== 409) throw error;
      req.session.conflict = error.message;
      res.redirect(303, req.originalUrl.replace(/\/remove$/, ''));
    }
  });

  router.get('/nominals/:id/files/:fileId', async (req, res) => {
    const file = await service.viewFile(req.ctx, req.params.id, req.params.fileId);
    res.set({ 'Content-Type': file.contentType, 'Content-Length': String(file.byteSize), 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' });
    res.end(file.content);
  });

  return router;
}
