import { startPeriodic } from '../../shared/periodic.ts';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { EmailTransport } from '../messages/messages.email.ts';
import { systemClock, ukToday, type Clock } from '../../shared/clock.ts';
import { recomputeClock, type RecomputeResult } from './notification.recompute.ts';
import { sendReminders, type ReminderResult } from './notification.reminders.ts';
import * as repo from './notification.reminders.repository.ts';
import type { ClockConfig, IsoDate } from './notification.types.ts';

export interface NotificationJobResult {
  asOf: IsoDate;
  recompute: RecomputeResult;
  reminders: ReminderResult;
}

export interface NotificationJobDeps {
  email: EmailTransport;
  logger: Pick<Logger, 'info' | 'warn'>;
  clock?: ClockConfig;
  /** Where "now" comes from (the system clock unless a test sets one); not to be confused with `clock`, the notification rules. */
  time?: Clock;
  /** The hour (UK time) from which the server's timer runs the day's job. */
  jobHour?: number;
}

const hourInLondon = (now: Date) => Number(now.toLocaleString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }));

/**
 * The daily notification job: every due date recomputed for the day (Europe/London), then the
 * reminders. Both halves are safe to repeat: the recompute rewrites the same rows, and each
 * reminder is sent once per officer, kind and day.
 */
export function createNotificationJob(database: Database, deps: NotificationJobDeps) {
  const time = deps.time ?? systemClock;
  const run = async (now: Date = time.now(), asOf: IsoDate = ukToday(now)): Promise<NotificationJobResult> => {
    const recompute = await recomputeClock(database, { asOf, clock: deps.clock, now });
    const reminders = await sendReminders(database, deps.email, deps.logger, asOf, now);
    await repo.finishRun(database.db, asOf, time.now(), recompute.nominals);
    return { asOf, recompute, reminders };
  };

  return {
    /** Runs now, for `asOf` (today in the UK by default), whether or not it has run today: the operator's command. */
    run,

    /** The server's timer: runs once a day, after the configured hour, on one server only. */
    async runIfDue(now: Date = time.now()): Promise<NotificationJobResult | null> {
      if (hourInLondon(now) < (deps.jobHour ?? 6)) return null;
      const today = ukToday(now);
      if (!(await repo.claimRun(database.db, today, now))) return null;
      return run(now, today);
    },
  };
}

export type NotificationJob = ReturnType<typeof createNotificationJob>;

/** Checks every half hour whether the day's job is due, while the server runs. */
export function startNotificationJob(job: NotificationJob, logger: Logger, intervalMs = 30 * 60_000) {
  return startPeriodic(
    'notification job',
    async () => {
      const result = await job.runIfDue();
      if (result) {
        const { nominals, dateChanges, seconds } = result.recompute;
        logger.info({ asOf: result.asOf, nominals, dateChanges, seconds: Math.round(seconds * 10) / 10, ...result.reminders }, 'notification clock recomputed and reminders sent');
      }
    },
    logger,
    intervalMs,
  );
}
