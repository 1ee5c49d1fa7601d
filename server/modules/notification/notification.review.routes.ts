import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../errors.ts';
import { requireUser } from '../../middleware/auth.ts';
import { errorsOf, formErrors } from '../register/register.transfer.routes.ts';
import { dayText } from './notification.presenter.ts';
import { FACTORS, REVIEW_FORMS } from './notification.review.schemas.ts';
import { REVIEW_NOT_DATED, type ReviewService } from './notification.review.service.ts';

const BLOCKED: Record<string, string> = {
  'not-indefinite': 'Review applies only to someone subject to notification indefinitely.',
  shpo: 'A sexual harm prevention order is in force: the person cannot apply while it lasts.',
  ...REVIEW_NOT_DATED,
};

export function reviewRoutes(service: ReviewService): Router {
  const router = Router();
  router.use('/nominals/:id/notification/reviews', requireUser);

  const renderNew = async (req: Request, res: Response, status = 200, errors?: unknown) => {
    const page = await service.newReviewPage(req.ctx, req.params.id);
    res.status(status).render('notification-review-new', {
      ...page,
      form: REVIEW_FORMS.apply,
      blocked: page.blockedBy ? BLOCKED[page.blockedBy] : '',
      values: req.method === 'POST' ? (req.body ?? {}) : {},
      errors,
      activeNav: 'register',
    });
  };

  const renderReview = async (req: Request, res: Response, status = 200, errors?: unknown) => {
    const view = await service.viewReview(req.ctx, req.params.id, req.params.reviewId);
    const flash = req.session.flash;
    delete req.session.flash;
    const stale = req.session.conflict;
    delete req.session.conflict;
    const factors = view.review.factors as Record<string, string>;
    res.status(status).render('notification-review', {
      ...view,
      forms: REVIEW_FORMS,
      factors: FACTORS.map((f) => ({ ...f, value: factors[f.name] ?? '' })),
      dates: {
        appliedOn: dayText(view.review.applied_on),
        acknowledgedOn: dayText(view.review.acknowledged_on),
        decidedOn: dayText(view.review.decided_on),
        appealLodgedOn: dayText(view.review.appeal_lodged_on),
        appealDecidedOn: dayText(view.review.appeal_decided_on),
        nextEligibleOn: dayText(view.review.next_eligible_on),
      },
      // After a failed post the form keeps what was typed; otherwise the factors show what is saved.
      values: req.method === 'POST' ? (req.body ?? {}) : Object.fromEntries(FACTORS.map((f) => [f.name, factors[f.name] ?? ''])),
      errors: errors ?? (stale ? [{ field: 'form', message: stale }] : undefined),
      flash,
      activeNav: 'register',
    });
  };

  router.get('/nominals/:id/notification/reviews/new', async (req, res) => {
    await renderNew(req, res);
  });

  router.post('/nominals/:id/notification/reviews', async (req, res) => {
    try {
      const done = await service.apply(req.ctx, req.params.id, req.body ?? {});
      req.session.flash = { heading: REVIEW_FORMS.apply.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification/reviews/${done.reviewId}`);
    } catch (error) {
      const e = formErrors(error);
      await renderNew(req, res, e.status, errorsOf(e));
    }
  });

  router.get('/nominals/:id/notification/reviews/:reviewId', async (req, res) => {
    await renderReview(req, res);
  });

  router.post('/nominals/:id/notification/reviews/:reviewId/:step', async (req, res) => {
    try {
      const done = await service.step(req.ctx, req.params.id, req.params.reviewId, req.params.step, req.body ?? {});
      req.session.flash = { heading: done.done };
      res.redirect(303, `/nominals/${done.nominalId}/notification/reviews/${done.reviewId}`);
    } catch (error) {
      if (isAppError(error) && error.status === 409) {
        // Someone else changed the review first: show it as it is now, with what happened.
        req.session.conflict = error.message;
        return res.redirect(303, `/nominals/${req.params.id}/notification/reviews/${req.params.reviewId}`);
      }
      const e = formErrors(error);
      await renderReview(req, res, e.status, errorsOf(e));
    }
  });

  return router;
}
