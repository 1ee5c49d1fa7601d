import type { Request, Response } from 'express';

/**
 * Saves the session before redirecting: express-session sends the headers before its own save
 * ends, so a quick browser could otherwise load the next page without the sign-in or flash it
 * was sent there with.
 */
export async function redirectAfterSave(req: Request, res: Response, url: string) {
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  res.redirect(303, url);
}
