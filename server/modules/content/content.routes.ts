import { Router } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import { ROLE_NAMES } from '../../shared/context.ts';

/** The home page and the public pages every service must have. */
export function contentRoutes(): Router {
  const router = Router();

  router.get('/', requireUser, (req, res) => {
    const actor = req.ctx.actor!;
    res.render('home', { activeNav: 'home', roleNames: actor.roles.map((r) => ROLE_NAMES[r]) });
  });

  for (const page of ['privacy', 'accessibility', 'cookies'] as const) {
    router.get(`/${page}`, (_req, res) => res.render(page));
  }
  return router;
}
