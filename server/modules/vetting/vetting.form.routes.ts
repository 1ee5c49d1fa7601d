import { Router, type Request, type Response } from 'express';
import { isAppError, type AppError, type FieldError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { applies, type Section } from './vetting.form.definition.ts';
import { summaryRows } from './vetting.form.presenter.ts';
import type { SectionAnswers } from './vetting.form.repository.ts';
import { typedAnswers, type FormService } from './vetting.form.service.ts';

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const formErrors = (e: AppError): FieldError[] => (e.fieldErrors.length ? e.fieldErrors : [{ field: 'form', message: e.message }]);
const taskList = (id: string) => `/vetting/applications/${id}`;
const sectionPath = (id: string, key: string) => `/vetting/applications/${id}/sections/${key}`;

/** The entries a list shows: those saved, and one blank to fill when there are none or "Add another" was pressed. */
function rowsFor(section: Section, answers: SectionAnswers, add: unknown) {
  return Object.fromEntries(
    section.groups.map((g) => {
      const saved = Array.isArray(answers[g.name]) ? (answers[g.name] as Record<string, string>[]) : [];
      return [g.name, add === g.name || saved.length === 0 ? [...saved, {}] : saved];
    }),
  );
}

export function formRoutes(service: FormService): Router {
  const router = Router();
  // Per route: other vetting parts serve pages under /vetting to people with no account (relatives' links).

  const renderSection = (res: Response, status: number, page: { application: { id: string; reference: string }; section: Section; answers: SectionAnswers; version: number; errors: FieldError[]; add?: unknown; editable: boolean; formVersion: string; saved?: boolean }) =>
    res.status(status).render('vetting-section', { ...page, rows: rowsFor(page.section, page.answers, page.add), applies, activeNav: 'vetting', backLink: { href: taskList(page.application.id), text: 'Back to your vetting form' } });

  router.get('/vetting', requireUser, async (req, res) => {
    const applications = await service.listMyApplications(req.ctx);
    res.render('vetting-applications', { applications, isManager: req.ctx.actor!.roles.includes('manager'), activeNav: 'vetting' });
  });

  router.get('/vetting/privacy-notice/:formVersion', (req, res) => {
    res.render('vetting-privacy-notice', { form: service.privacyNotice(req.params.formVersion), activeNav: 'vetting' });
  });

  router.get('/vetting/applications/:id', requireUser, async (req, res) => {
    const view = await service.viewTaskList(req.ctx, req.params.id);
    const flash = req.session.flash;
    delete req.session.flash;
    const conflictMessage = req.session.conflict;
    delete req.session.conflict;
    res.render('vetting-task-list', { ...view, flash, errors: conflictMessage ? [{ field: 'form', message: conflictMessage }] : undefined, activeNav: 'vetting' });
  });

  router.get('/vetting/applications/:id/sections/:section', requireUser, async (req, res) => {
    const view = await service.viewSection(req.ctx, req.params.id, req.params.section);
    // Errors of a saved section are shown only after a save, never on a first visit to a blank page.
    renderSection(res, 200, { ...view, formVersion: view.form.version, errors: req.query.check === '1' ? view.errors : [], add: req.query.add });
  });

  router.post('/vetting/applications/:id/sections/:section', requireUser, async (req, res) => {
    const action = String(body(req).action ?? 'continue');
    try {
      const saved = await service.saveSection(req.ctx, req.params.id, req.params.section, body(req));
      const id = saved.applicationId;
      if (action.startsWith('add-')) return res.redirect(303, `${sectionPath(id, saved.section.key)}?add=${encodeURIComponent(action.slice(4))}#${encodeURIComponent(action.slice(4))}`);
      if (action.startsWith('remove-')) return res.redirect(303, sectionPath(id, saved.section.key));
      if (action === 'later') {
        req.session.flash = { heading: 'Your answers have been saved', text: 'You can come back and finish at any time before the form is due.' };
        return res.redirect(303, taskList(id));
      }
      if (saved.errors.length) {
        return renderSection(res, 400, { application: { id, reference: saved.reference }, section: saved.section, answers: saved.answers, version: saved.version, errors: saved.errors, editable: true, formVersion: saved.formVersion, saved: true });
      }
      req.session.flash = { heading: `${saved.section.title}: completed` };
      return res.redirect(303, taskList(id));
    } catch (error) {
      if (!isAppError(error) || (error.status !== 400 && error.status !== 409)) throw error;
      // Refused whole (too long, or saved meanwhile in another window): the page comes back exactly as typed.
      const view = await service.viewSection(req.ctx, req.params.id, req.params.section);
      renderSection(res, error.status, { ...view, formVersion: view.form.version, answers: typedAnswers(view.section, body(req)), errors: formErrors(error) });
    }
  });

  router.get('/vetting/applications/:id/check-answers', requireUser, async (req, res) => {
    const view = await service.checkAnswers(req.ctx, req.params.id);
    res.render('vetting-check-answers', { ...view, summaryRows, activeNav: 'vetting', backLink: { href: taskList(view.application.id), text: 'Back to your vetting form' } });
  });

  router.post('/vetting/applications/:id/submit', requireUser, async (req, res) => {
    try {
      const submitted = await service.submitApplication(req.ctx, req.params.id, body(req));
      req.session.flash = { heading: 'Application submitted', text: `Your reference is ${submitted.reference}. A vetting officer will look at it; you will get a message in Vigil when anything changes.` };
      return res.redirect(303, taskList(submitted.id));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.status === 409) {
        req.session.conflict = error.message;
        return res.redirect(303, taskList(String(req.params.id)));
      }
      if (error.status !== 400) throw error;
      const view = await service.checkAnswers(req.ctx, req.params.id);
      res.status(400).render('vetting-check-answers', { ...view, summaryRows, errors: [{ field: 'submit', message: error.message }, ...error.fieldErrors], activeNav: 'vetting' });
    }
  });

  return router;
}
