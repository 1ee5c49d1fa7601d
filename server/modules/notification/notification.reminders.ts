import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import type { EmailTransport } from '../messages/messages.email.ts';
import { notifyUser } from '../messages/messages.ts';
import * as repo from './notification.reminders.repository.ts';

/** How far ahead a reminder looks: duties and plan reviews due within this many days. */
export const REMINDER_DAYS = 7;

export interface ReminderResult {
  messages: number;
  emails: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const has = (n: number) => `${n} ${n === 1 ? 'has' : 'have'}`;

interface Reminder {
  userId: string;
  email: string;
  kind: repo.ReminderKind;
  subject: string;
  body: string;
  link: string;
}

/** The reminders for `day`: counts and where to look, never a name or any other record content. */
async function remindersFor(database: Database, day: string): Promise<Reminder[]> {
  const duties = await repo.officersWithDuties(database.db, day, REMINDER_DAYS);
  const reviews = await repo.officersWithPlanReviews(database.db, day, REMINDER_DAYS);
  const changed = await repo.officersWithDateChanges(database.db, day);
  return [
    ...duties.map((o) => ({
      userId: o.userId,
      email: o.email,
      kind: 'notification-duties' as const,
      subject: 'Notification duties overdue or due this week',
      body: `Of the records you manage, ${has(o.overdueRecords)} a notification duty overdue and ${has(o.dueRecords)} one due in the next ${REMINDER_DAYS} days. Your notification work list shows which, and when each is due. An overdue duty may be a breach: check it and record the breach where one is proven.`,
      link: '/notifications/worklist?scope=mine&list=overdue',
    })),
    ...reviews.map((o) => ({
      userId: o.userId,
      email: o.email,
      kind: 'rmp-review' as const,
      subject: 'Risk management plan reviews due',
      body: `${plural(o.overdue + o.due, 'risk management plan action', 'risk management plan actions')} on records you manage ${o.overdue + o.due === 1 ? 'is' : 'are'} due for review within ${REMINDER_DAYS} days${o.overdue ? ` (${o.overdue} past ${o.overdue === 1 ? 'its' : 'their'} review date)` : ''}. Open your caseload to review them.`,
      link: '/nominals/caseload',
    })),
    ...changed.map((o) => ({
      userId: o.userId,
      email: o.email,
      kind: 'notification-dates-changed' as const,
      subject: 'Notification periods or review dates changed',
      body: `The notification period or the date from which a review may be applied for has changed for ${plural(o.records, 'record', 'records')} you manage, as the clock now reads the Act. Your work list shows which, what changed and why: check each, and tell the person where what they must do has changed.`,
      link: '/notifications/worklist?scope=mine&list=changed',
    })),
  ];
}

/**
 * Sends the day's reminders: one in-app message per officer and kind, each in its own
 * transaction with the row that says it was sent, so a second run on the same day sends
 * nothing. The email follows the committed message; a transport that fails is logged and the
 * message stands (the email is not retried that day).
 */
export async function sendReminders(database: Database, email: EmailTransport, logger: Pick<Logger, 'warn'>, day: string, now: Date): Promise<ReminderResult> {
  let messages = 0;
  let emails = 0;
  for (const r of await remindersFor(database, day)) {
    const sent = await withTransaction(database, systemContext(now), async (tx) => {
      if (!(await repo.claimReminder(tx.db, r.userId, r.kind, day, now))) return false;
      await notifyUser(tx, { type: `notification.${r.kind}-reminder`, userId: r.userId, subject: r.subject, body: r.body, link: r.link });
      return true;
    });
    if (!sent) continue;
    messages++;
    try {
      await email.send({ userId: r.userId, to: r.email, subject: r.subject, body: `${r.body}\n\nSign in to Vigil to see them: ${r.link}` });
      await repo.markEmailed(database.db, r.userId, r.kind, day, now);
      emails++;
    } catch (err) {
      logger.warn({ err, userId: r.userId, kind: r.kind }, 'reminder email could not be sent');
    }
  }
  return { messages, emails };
}
