import { Router } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import { ROLE_NAMES } from '../../shared/context.ts';
import type { WorklistService } from '../notification/notification.worklist.service.ts';

/** The home page and the public pages every service must have. */
export function contentRoutes(worklists: WorklistService): Router {
  const router = Router();

  router.get('/', requireUser, async (req, res) => {
    const actor = req.ctx.actor!;
    // Notification counts for users with register clearance; null (nothing shown) for anyone else.
    const notificationCounts = await worklists.homeCounts(req.ctx);
    res.render('home', { activeNav: 'home', roleNames: actor.roles.map((r) => ROLE_NAMES[r]), notificationCounts });
  });

  for (const page of ['privacy', 'accessibility', 'cookies'] as const) {
    router.get(`/${page}`, (_req, res) => res.render(page));
  }
  return router;
}
