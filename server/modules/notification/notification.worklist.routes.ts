import { Router } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import { paginationFor } from '../../shared/pagination.ts';
import { DUTY_NAMES, WORKLIST_NAMES, type WorklistService } from './notification.worklist.service.ts';
import { WORKLISTS } from './notification.worklist.repository.ts';

/** The notification work lists (mine and my unit's) and their CSV exports. */
export function worklistRoutes(worklists: WorklistService): Router {
  const router = Router();
  router.use('/notifications', requireUser);

  router.get('/notifications/worklist', async (req, res) => {
    const view = await worklists.viewWorklist(req.ctx, req.query);
    const base = `/notifications/worklist?scope=${view.scope}&list=${view.list}`;
    res.render('worklist', {
      ...view,
      activeNav: 'register',
      subnav: view.scope === 'mine' ? 'worklist' : 'unit-worklist',
      title: view.scope === 'mine' ? 'My notification work list' : 'My unit\'s notification work list',
      lists: WORKLISTS.map((l) => ({ key: l, name: WORKLIST_NAMES[l], count: view.counts[l], href: `/notifications/worklist?scope=${view.scope}&list=${l}` })),
      listName: WORKLIST_NAMES[view.list],
      dutyNames: DUTY_NAMES,
      csvHref: `/notifications/worklist.csv?scope=${view.scope}&list=${view.list}`,
      pagination: paginationFor(base, view),
    });
  });

  router.get('/notifications/worklist.csv', async (req, res) => {
    const file = await worklists.exportWorklist(req.ctx, req.query);
    res.type('text/csv; charset=utf-8').attachment(file.filename).send(file.csv);
  });

  return router;
}
