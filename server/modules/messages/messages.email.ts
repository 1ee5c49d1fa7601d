import type { Logger } from 'pino';

/**
 * Email from Vigil, behind one small interface so that a deployment chooses how mail leaves.
 * The default writes a log line (who and what about, never the body); a real transport (SMTP
 * through the agency's relay, or a notification service) is one more implementation of `send`
 * chosen by VIGIL_EMAIL_TRANSPORT.
 */
export interface EmailMessage {
  /** The Vigil user it is for: the transport looks up or is given their address. */
  userId: string;
  to: string;
  subject: string;
  /** Plain text. Say what to look at and where; never record content beyond references. */
  body: string;
}

export interface EmailTransport {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
}

export const EMAIL_TRANSPORTS = ['log'] as const;
export type EmailTransportName = (typeof EMAIL_TRANSPORTS)[number];

/** Writes one log line per email: the recipient's user id and the subject, nothing more. */
export function logTransport(logger: Pick<Logger, 'info'>): EmailTransport {
  return {
    name: 'log',
    async send(message) {
      logger.info({ emailTo: message.userId, subject: message.subject }, 'email (log transport: not sent)');
    },
  };
}

/** The transport the configuration names. SMTP plugs in here when a relay is available. */
export function createEmailTransport(name: EmailTransportName, logger: Pick<Logger, 'info'>): EmailTransport {
  switch (name) {
    case 'log':
      return logTransport(logger);
  }
}
