import type { Logger } from 'pino';
import type { RequestContext } from './context.ts';

// What Vigil adds to each request and session, declared once.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      ctx: RequestContext;
      log: Logger;
    }
  }
}

export interface PendingSignIn {
  userId: string;
  stage: 'change-password' | 'mfa-enrol' | 'mfa-verify';
  expiresAt: number;
  enrolmentSecret?: string;
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    signedInAt?: number;
    pending?: PendingSignIn;
    recoveryCodes?: string[];
    flash?: { heading: string; text?: string };
    /** A stale edit's "changed by X at T", shown once on the page the editor is sent back to. */
    conflict?: string;
    returnTo?: string;
  }
}
