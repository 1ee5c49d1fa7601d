import { Router, type Request, type Response } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import { errorsOf, formErrors } from '../register/register.transfer.routes.ts';
import { SECTIONS } from '../register/register.items.ts';
import { clockPage } from './notification.presenter.ts';
import { FORMS, formDef, type FormDef } from './notification.schemas.ts';
import type { NotificationService } from './notification.service.ts';

/** The forms that can be chosen from the clock page, in the order officers meet them. */
const FORM_LINKS = ['disposal', 'notification', 'change', 'stay', 'spell', 'no-fixed-address', 'shpo', 'travel', 'breach'].map((k) => ({ key: k, title: FORMS[k]!.title }));

function takeFlash(req: Request) {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
}

export function notificationRoutes(service: NotificationService): Router {
  const router = Router();
  router.use('/nominals/:id/notification', requireUser);

  router.get('/nominals/:id/notification', async (req, res) => {
    const view = await service.viewClock(req.ctx, req.params.id);
    res.render('notification', {
      nominal: view.nominal,
      page: clockPage(view.asOf, view.clock, view.facts, view.breaches, view.names),
      asOf: view.asOf,
      canEdit: view.canEdit,
      breakGlass: view.breakGlass,
      forms: FORM_LINKS,
      sections: SECTIONS,
      flash: takeFlash(req),
      currentSection: 'notification',
      activeNav: 'register',
    });
  });

  const renderForm = async (req: Request, res: Response, form: FormDef | undefined, status = 200, errors?: unknown, eventId?: string, factId?: string) => {
    const page = await service.formPage(req.ctx, req.params.id, form?.key, eventId, factId);
    const base = `/nominals/${page.nominal.id}/notification`;
    const action = eventId
      ? `${base}/periods/${eventId}/end`
      : factId
        ? page.form.key === 'term-runs'
          ? `${base}/disposals/${factId}/runs`
          : `${base}/facts/${factId}/remove`
        : `${base}/record/${page.form.key}`;
    res.status(status).render('notification-form', {
      ...page,
      action,
      values: req.method === 'POST' ? (req.body ?? {}) : {},
      errors,
      activeNav: 'register',
    });
  };

  router.get('/nominals/:id/notification/record/:form', async (req, res) => {
    await renderForm(req, res, formDef(req.params.form));
  });

  router.post('/nominals/:id/notification/record/:form', async (req, res) => {
    try {
      const done = await service.record(req.ctx, req.params.id, req.params.form, req.body ?? {});
      req.session.flash = { heading: done.form.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, formDef(req.params.form), e.status, errorsOf(e));
    }
  });

  router.get('/nominals/:id/notification/periods/:eventId/end', async (req, res) => {
    await renderForm(req, res, FORMS['end-spell'], 200, undefined, req.params.eventId);
  });

  router.post('/nominals/:id/notification/periods/:eventId/end', async (req, res) => {
    try {
      const done = await service.endPeriod(req.ctx, req.params.id, req.params.eventId, req.body ?? {});
      req.session.flash = { heading: FORMS['end-spell']!.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, FORMS['end-spell'], e.status, errorsOf(e), req.params.eventId);
    }
  });

  router.get('/nominals/:id/notification/disposals/:disposalId/runs', async (req, res) => {
    await renderForm(req, res, FORMS['term-runs'], 200, undefined, undefined, req.params.disposalId);
  });

  router.post('/nominals/:id/notification/disposals/:disposalId/runs', async (req, res) => {
    try {
      const done = await service.recordTermRuns(req.ctx, req.params.id, req.params.disposalId, req.body ?? {});
      req.session.flash = { heading: FORMS['term-runs']!.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, FORMS['term-runs'], e.status, errorsOf(e), undefined, req.params.disposalId);
    }
  });

  router.get('/nominals/:id/notification/facts/:factId/remove', async (req, res) => {
    await renderForm(req, res, FORMS.remove, 200, undefined, undefined, req.params.factId);
  });

  router.post('/nominals/:id/notification/facts/:factId/remove', async (req, res) => {
    try {
      const done = await service.removeFact(req.ctx, req.params.id, req.params.factId, req.body ?? {});
      req.session.flash = { heading: FORMS.remove!.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification`);
    } catch (error) {
      const e = formErrors(error);
      await renderForm(req, res, FORMS.remove, e.status, errorsOf(e), undefined, req.params.factId);
    }
  });

  return router;
}
