import { Router, type Request, type Response } from 'express';
import { isAppError, type AppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { displayValue, SECTIONS } from '../register/register.items.ts';
import { CATEGORIES, figuresCsv, LEVELS, type MappaReportService } from './mappa.report.ts';
import type { MappaService } from './mappa.service.ts';
import { ACTION_ROWS, ATTENDEE_ROWS, defaultReportDate, MAX_ROWS, meetingFields } from './mappa.schemas.ts';

type Meeting = Awaited<ReturnType<MappaService['viewMeeting']>>['meeting'];

/** Splits an ISO date into the three boxes of a GOV.UK date input. */
function dateBoxes(values: Record<string, unknown>, name: string, iso: string | null | undefined) {
  if (!iso) return;
  const [y, m, d] = iso.split('-');
  Object.assign(values, { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y });
}

/** A stored meeting as the values its form shows. */
function formValues(m: Meeting): Record<string, unknown> {
  const values: Record<string, unknown> = { level: String(m.level), minutes: m.minutes, version: m.version };
  dateBoxes(values, 'heldOn', m.heldOn);
  dateBoxes(values, 'nextMeetingOn', m.nextMeetingOn);
  m.attendees.forEach((a, i) => Object.assign(values, { [`attendee-${i}-name`]: a.name, [`attendee-${i}-agency`]: a.agencyId, [`attendee-${i}-role`]: a.role }));
  m.actions.forEach((a, i) => {
    Object.assign(values, { [`action-${i}-description`]: a.description, [`action-${i}-owner`]: a.ownerName, [`action-${i}-ownerAgency`]: a.ownerAgencyId ?? '' });
    dateBoxes(values, `action-${i}-dueOn`, a.dueOn);
    dateBoxes(values, `action-${i}-doneOn`, a.doneOn);
  });
  return values;
}

/** Rows to offer: the defaults, or two spare beyond what the meeting (or the typed form) holds. */
function rowCounts(values: Record<string, unknown>) {
  const used = (prefix: string) => Object.keys(values).reduce((n, k) => (k.startsWith(prefix) ? Math.max(n, Number(k.split('-')[1]) + 1) : n), 0);
  return {
    attendeeRows: Math.min(MAX_ROWS, Math.max(ATTENDEE_ROWS, used('attendee-') + 2)),
    actionRows: Math.min(MAX_ROWS, Math.max(ACTION_ROWS, used('action-') + 2)),
  };
}

const formErrors = (error: AppError) => (error.fieldErrors.length ? error.fieldErrors : [{ field: 'form', message: error.message }]);
const flashOf = (req: Request) => {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
};
const queryText = (v: unknown) => (typeof v === 'string' ? v : '');

export function mappaRoutes(service: MappaService, reports: MappaReportService): Router {
  const router = Router();
  router.use(['/nominals/:id/mappa', '/mappa'], requireUser);

  const renderForm = (res: Response, status: number, page: Record<string, unknown> & { values: Record<string, unknown> }) =>
    res.status(status).render('mappa-meeting-form', { ...page, ...rowCounts(page.values), meetingFields, sections: SECTIONS, currentSection: 'mappa-meetings', activeNav: 'register' });

  router.get('/nominals/:id/mappa', async (req, res) => {
    const view = await service.viewRecordMappa(req.ctx, req.params.id);
    res.render('mappa-record', { ...view, displayValue, sections: SECTIONS, currentSection: 'mappa-meetings', flash: flashOf(req), activeNav: 'register' });
  });

  router.get('/nominals/:id/mappa/meetings/new', async (req, res) => {
    const view = await service.meetingForm(req.ctx, req.params.id);
    renderForm(res, 200, { ...view, values: {} });
  });

  router.post('/nominals/:id/mappa/meetings', async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      const added = await service.recordMeeting(req.ctx, req.params.id, values);
      req.session.flash = { heading: 'Meeting recorded' };
      res.redirect(303, `/nominals/${added.nominalId}/mappa/meetings/${added.id}`);
    } catch (error) {
      if (!isAppError(error) || (error.status !== 400 && error.status !== 403)) throw error;
      const view = await service.meetingForm(req.ctx, req.params.id);
      renderForm(res, error.status, { ...view, values, errors: formErrors(error) });
    }
  });

  router.get('/nominals/:id/mappa/meetings/:meetingId', async (req, res) => {
    const view = await service.viewMeeting(req.ctx, req.params.id, req.params.meetingId);
    const conflictMessage = req.session.conflict;
    delete req.session.conflict;
    renderForm(res, 200, { ...view, values: formValues(view.meeting), errors: conflictMessage ? [{ field: 'form', message: conflictMessage }] : undefined, flash: flashOf(req) });
  });

  router.post('/nominals/:id/mappa/meetings/:meetingId', async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      const changed = await service.changeMeeting(req.ctx, req.params.id, req.params.meetingId, values);
      req.session.flash = { heading: 'Meeting changed' };
      res.redirect(303, `/nominals/${changed.nominalId}/mappa/meetings/${changed.id}`);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.status === 409) {
        // Someone else saved first: show the current details with who and when.
        req.session.conflict = error.message;
        return res.redirect(303, req.originalUrl);
      }
      if (error.status !== 400 && error.status !== 403) throw error;
      const view = await service.viewMeeting(req.ctx, req.params.id, req.params.meetingId);
      renderForm(res, error.status, { ...view, values, errors: formErrors(error) });
    }
  });

  router.get('/mappa', async (req, res) => {
    res.render('mappa-work', { ...(await service.coordinatorWork(req.ctx)), activeNav: 'mappa' });
  });

  router.get('/mappa/report', async (req, res) => {
    const values = { date: queryText(req.query.date), population: queryText(req.query.population) };
    try {
      const figures = await reports.annualFigures(req.ctx, req.query);
      res.render('mappa-report', { figures, values: { date: figures.date, population: values.population }, categories: CATEGORIES, levels: LEVELS, activeNav: 'mappa' });
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      res.status(400).render('mappa-report', { values, errors: formErrors(error), defaultDate: defaultReportDate(req.ctx.now), activeNav: 'mappa' });
    }
  });

  router.get('/mappa/report.csv', async (req, res) => {
    const figures = await reports.annualFigures(req.ctx, req.query, 'csv');
    res.type('text/csv; charset=utf-8').attachment(`mappa-figures-${figures.date}.csv`);
    res.send(figuresCsv(figures));
  });

  return router;
}
