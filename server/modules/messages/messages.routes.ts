import { Router, type RequestHandler } from 'express';
import { requireUser } from '../../middleware/auth.ts';
import { paginationFor } from '../../shared/pagination.ts';
import type { MessagesService } from './messages.service.ts';

/** The unread count in the header, for signed-in users' pages (not the JSON API, not form posts). */
export function unreadMessages(service: MessagesService): RequestHandler {
  return async (req, res, next) => {
    if (req.ctx.actor && req.method === 'GET' && !req.path.startsWith('/api/')) {
      // Usually read with the actor, in the same statement; counted here only if it was not.
      res.locals.unreadMessages = req.ctx.actor.unreadMessages ?? (await service.unreadCount(req.ctx));
    }
    next();
  };
}

export function messagesRoutes(service: MessagesService): Router {
  const router = Router();
  router.use('/messages', requireUser);

  router.get('/messages', async (req, res) => {
    const list = await service.listMessages(req.ctx, req.query);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('messages', { ...list, flash, pagination: paginationFor('/messages', list), activeNav: 'messages' });
  });

  // The form carries only the message's id: bad input means a tampered form, answered by the error page.
  router.post('/messages/read', async (req, res) => {
    await service.markRead(req.ctx, req.body ?? {});
    res.redirect(303, '/messages');
  });

  return router;
}
