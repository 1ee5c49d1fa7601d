import { Router } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import type { SponsorService } from './vetting.sponsor.service.ts';

/** Managers: ask for vetting for a member of staff, and see the unit's vetting and clearance. */
export function sponsorRoutes(service: SponsorService): Router {
  const router = Router();

  router.get('/vetting/unit', requireUser, async (req, res) => {
    const view = await service.viewUnit(req.ctx);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('vetting-unit', { ...view, flash, activeNav: 'vetting' });
  });

  router.get('/vetting/sponsor', requireUser, async (req, res) => {
    const view = await service.viewUnit(req.ctx);
    res.render('vetting-sponsor', { staff: view.staff, values: { applicantId: req.query.applicant }, activeNav: 'vetting', backLink: { href: '/vetting/unit', text: 'Back to your unit' } });
  });

  router.post('/vetting/sponsor', requireUser, async (req, res) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    try {
      const done = await service.sponsorApplication(req.ctx, values);
      req.session.flash = { heading: `Vetting asked for ${done.applicantName}`, text: `Reference ${done.reference}. They have a message in Vigil with a link to the form.` };
      res.redirect(303, '/vetting/unit');
    } catch (error) {
      if (!isAppError(error) || error.status !== 400) throw error;
      const view = await service.viewUnit(req.ctx);
      res.status(400).render('vetting-sponsor', { staff: view.staff, values, errors: error.fieldErrors.length ? error.fieldErrors : [{ field: 'applicantId', message: error.message }], activeNav: 'vetting', backLink: { href: '/vetting/unit', text: 'Back to your unit' } });
    }
  });

  return router;
}
