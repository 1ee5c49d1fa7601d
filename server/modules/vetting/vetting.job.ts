import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { startPeriodic } from '../../shared/periodic.ts';
import { notifyUser } from '../messages/messages.ts';
import * as repo from './vetting.aftercare.repository.ts';
import { systemClock, ukToday, type Clock } from '../../shared/clock.ts';
import { eraseApplication, lockForErasure, retentionCandidates } from './vetting.retention.repository.ts';
import { retentionDue } from './vetting.retention.ts';

const DAY = 86_400_000;

export interface VettingJobResult {
  asOf: string;
  reminders: number;
  annualReviews: number;
  randomRevets: number;
  erased: number;
}

type JobConfig = Pick<Config, 'vettingAftercare' | 'vettingCasework' | 'dataKey'>;

/**
 * The random re-vetting draw (ADR 0023): HMAC-SHA256 keyed with the service's data key over
 * "<holder id>:<year>", its first 48 bits read as a fraction of 1. A holder is selected in a year
 * when that fraction is below the configured percentage. Anyone holding the key can re-derive and
 * check every selection; nobody without it can predict who will be chosen.
 */
export function revetDraw(key: Buffer, userId: string, year: number): number {
  const digest = createHmac('sha256', key).update(`${userId}:${year}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The last anniversary of the grant on or before `asOf` (YYYY-MM-DD), from the first year on; null before it. */
export function lastAnniversary(grantedDay: string, asOf: string): string | null {
  const [gy, gm, gd] = grantedDay.split('-').map(Number) as [number, number, number];
  const asOfYear = Number(asOf.slice(0, 4));
  for (let y = asOfYear; y > gy; y--) {
    // 29 February falls on 1 March in other years, as the clearance's own expiry does.
    const day = new Date(Date.UTC(y, gm - 1, gd)).toISOString().slice(0, 10);
    if (day <= asOf) return day;
  }
  return null;
}

export function createVettingJob(database: Database, config: JobConfig, clock: Clock = systemClock) {
  const { reminderDays, randomRevetPercent, retention } = config.vettingAftercare;

  /** One message a clearance, ahead of its expiry: the claim row makes a second run send nothing. */
  const sendReminders = (now: Date, asOf: string) =>
    withTransaction(database, systemContext(now), async (tx) => {
      let sent = 0;
      for (const c of await repo.clearancesToRemind(tx.db, now, new Date(now.getTime() + reminderDays * DAY))) {
        const expiresAt = new Date(c.expires_at);
        if (!(await repo.claimReminder(tx.db, c.user_id, expiresAt, asOf))) continue;
        const days = repo.daysUntil(expiresAt, now);
        await notifyUser(tx, { type: 'vetting-expiry-reminder', userId: c.user_id, subject: `Your ${c.level} clearance expires in ${days} day${days === 1 ? '' : 's'}`, body: 'Your register access ends when your vetting clearance expires. Start your renewal now: your previous answers are filled in for you to check.', link: '/vetting/clearance' });
        sent++;
      }
      return sent;
    });

  /** Annual reviews for NPPV3 holders on each anniversary of the grant, and the year's random re-vetting draw. */
  const createTasks = (now: Date, asOf: string) =>
    withTransaction(database, systemContext(now), async (tx) => {
      let annualReviews = 0;
      let randomRevets = 0;
      const year = Number(asOf.slice(0, 4));
      for (const h of await repo.currentHolders(tx.db, now)) {
        const anniversary = h.level === 'NPPV3' ? lastAnniversary(ukToday(new Date(h.granted_at)), asOf) : null;
        if (anniversary && (await repo.insertTask(tx.db, { userId: h.user_id, applicationId: h.application_id, kind: 'annual-review', dueOn: anniversary, selectionValue: null, at: now }))) annualReviews++;
        const draw = revetDraw(config.dataKey, h.user_id, year);
        if (draw < randomRevetPercent / 100 && (await repo.insertTask(tx.db, { userId: h.user_id, applicationId: h.application_id, kind: 'random-revet', dueOn: `${year}-12-31`, selectionValue: draw, at: now }))) randomRevets++;
      }
      if (annualReviews + randomRevets) await tx.record({ type: 'vetting.review-tasks-created', subjectType: 'vetting-casework', payload: { annualReviews, randomRevets, year }, log: { kind: 'administration', purposeCode: 'vetting' } });
      return { annualReviews, randomRevets };
    });

  /** Erases each application whose retention has passed, one transaction each, leaving the erasure record. */
  const eraseDue = async (now: Date) => {
    let erased = 0;
    const candidates = await withTransaction(database, systemContext(now), (tx) => retentionCandidates(tx.db, now));
    for (const c of candidates) {
      const due = retentionDue(c, retention, config.vettingCasework.clearanceYears);
      if (!due || due.due > now) continue;
      const done = await withTransaction(database, systemContext(now), async (tx) => {
        const application = await lockForErasure(tx.db, c.id);
        if (!application) return false;
        const what = await eraseApplication(tx.db, { id: c.id, reference: c.reference, outcome: c.state, decidedAt: c.decided_at, rule: due.rule, dueOn: ukToday(due.due), at: now });
        await tx.record({ type: 'vetting.application-erased', subjectType: 'vetting-application', subjectId: c.id, payload: { rule: due.rule, erased: what }, log: { kind: 'erasure', purposeCode: 'vetting', policyIds: [`vetting.retention-${due.rule}`] } });
        return true;
      });
      if (done) erased++;
    }
    return erased;
  };

  const run = async (now: Date = clock.now(), asOf: string = ukToday(now)): Promise<VettingJobResult> => {
    const reminders = await sendReminders(now, asOf);
    const tasks = await createTasks(now, asOf);
    const erased = await eraseDue(now);
    return { asOf, reminders, ...tasks, erased };
  };

  let lastRunDay: string | null = null;
  return {
    /** Runs now, whether or not it has run today: every part is safe to repeat. */
    run,
    /** The server's timer: once a day after VETTING_JOB_HOUR (UK time). */
    async runIfDue(now: Date = clock.now()): Promise<VettingJobResult | null> {
      const hour = Number(now.toLocaleString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }));
      const today = ukToday(now);
      if (hour < config.vettingAftercare.jobHour || lastRunDay === today) return null;
      lastRunDay = today;
      return run(now, today);
    },
  };
}

export type VettingJob = ReturnType<typeof createVettingJob>;

/** Checks every half hour whether the day's vetting job is due, while the server runs. */
export function startVettingJob(job: VettingJob, logger: Logger, intervalMs = 30 * 60_000) {
  return startPeriodic(
    'vetting job',
    async () => {
      const result = await job.runIfDue();
      if (result) logger.info({ ...result }, 'vetting reminders, review tasks and retention done');
    },
    logger,
    intervalMs,
  );
}
