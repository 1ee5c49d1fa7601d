import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, type TestApp } from '../../testing/test-app.ts';
import type { EmailMessage, EmailTransport } from '../messages/messages.email.ts';
import { insertItems } from '../register/register.items.repository.ts';
import { insertNominal } from '../register/register.repository.ts';
import { createNotificationJob } from './notification.job.ts';

let t: TestApp;
const AS_OF = '2026-06-01';
// 09:00 in London on the day: after the job's hour.
const NOW = new Date('2026-06-01T08:00:00Z');
const ids: Record<string, string> = {};
const sent: EmailMessage[] = [];
const transport: EmailTransport = { name: 'test', send: async (m) => void sent.push(m) };
const quiet = { info() {}, warn() {} };

async function subject(unitId: string, officerId: string, reference: string, relevant: string) {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const id = await insertNominal(tx.db, { reference, nominalType: 'rso', familyName: 'Jobson', givenNames: 'Test', dateOfBirth: '1980-01-01', gender: 'male', owningUnitId: unitId, managingOfficerId: officerId, identifiers: [] });
    await tx.db.insertInto('notification_disposal').values({ nominal_id: id, kind: 'other', relevant_date: relevant }).execute();
    return id;
  });
}

const messagesOf = (userId: string) => t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', userId).orderBy('subject').execute();

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  ids.officer = await createTestUser(t, { username: 'job.officer', unitId: orgs.unitA });
  ids.idle = await createTestUser(t, { username: 'job.idle', unitId: orgs.unitA });
  // Initial notification overdue (relevant date a month ago), and one due in two days.
  const overdue = await subject(orgs.unitA, ids.officer, 'JOB-000001', '2026-05-01');
  await subject(orgs.unitA, ids.officer, 'JOB-000002', '2026-05-31');
  // A record the idle officer manages, with nothing due: no reminder for them.
  const quietOne = await subject(orgs.unitA, ids.idle, 'JOB-000003', '2026-01-01');
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    await tx.db.insertInto('notification_event').values({ nominal_id: quietOne, type: 'notification', kind: 'initial', on_date: '2026-01-02' }).execute();
    await insertItems(tx.db, [
      { nominalId: overdue, kind: 'rmp-action', sensitivity: 'standard', data: { action: 'Home visit', owner: 'PC Test', reviewOn: '2026-06-05', state: 'open' }, userId: ids.officer!, at: NOW },
      { nominalId: overdue, kind: 'rmp-action', sensitivity: 'standard', data: { action: 'Check address', owner: 'PC Test', reviewOn: '2026-07-30', state: 'open' }, userId: ids.officer!, at: NOW },
      { nominalId: quietOne, kind: 'rmp-action', sensitivity: 'standard', data: { action: 'Done long ago', owner: 'PC Test', reviewOn: '2026-05-01', state: 'done' }, userId: ids.idle!, at: NOW },
    ]);
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the daily notification job', () => {
  it('recomputes for the day, then sends each officer one message per kind and an email through the transport', async () => {
    const job = createNotificationJob(t.database, { email: transport, logger: quiet });
    const result = await job.run(NOW, AS_OF);
    expect(result).toMatchObject({ asOf: AS_OF, recompute: { nominals: 3 }, reminders: { messages: 2, emails: 2 } });
    const messages = await messagesOf(ids.officer!);
    expect(messages.map((m) => m.subject)).toEqual(['Notification duties overdue or due this week', 'Risk management plan reviews due']);
    expect(messages[0]!.body).toContain('Of the records you manage, 1 has a notification duty overdue and 1 has one due in the next 7 days.');
    expect(messages[0]!.link).toBe('/notifications/worklist?scope=mine&list=overdue');
    expect(messages[1]!.body).toContain('1 risk management plan action on records you manage is due for review within 7 days.');
    // References and counts only: no names in what is sent.
    expect(JSON.stringify(messages)).not.toContain('Jobson');
    expect(sent.map((m) => [m.userId, m.subject])).toEqual([
      [ids.officer, 'Notification duties overdue or due this week'],
      [ids.officer, 'Risk management plan reviews due'],
    ]);
    expect(await messagesOf(ids.idle!)).toEqual([]);
    const status = await t.database.db.selectFrom('notification_status').select(['computed_for']).execute();
    expect(status.map((s) => s.computed_for)).toEqual([AS_OF, AS_OF, AS_OF]);
  });

  it('is idempotent: run again the same day, it recomputes but sends nothing twice', async () => {
    const job = createNotificationJob(t.database, { email: transport, logger: quiet });
    const again = await job.run(new Date(NOW.getTime() + 3_600_000), AS_OF);
    expect(again.reminders).toEqual({ messages: 0, emails: 0 });
    expect(await messagesOf(ids.officer!)).toHaveLength(2);
    expect(sent).toHaveLength(2);
    const reminders = await t.database.db.selectFrom('notification_reminder').selectAll().execute();
    expect(reminders).toHaveLength(2);
    expect(reminders.every((r) => r.emailed_at !== null)).toBe(true);
  });

  it('the next day sends the next day\'s reminders', async () => {
    const job = createNotificationJob(t.database, { email: transport, logger: quiet });
    const next = await job.run(new Date(NOW.getTime() + 86_400_000), '2026-06-02');
    expect(next.reminders.messages).toBe(2);
    expect(await messagesOf(ids.officer!)).toHaveLength(4);
  });

  it('the server\'s timer: nothing before the hour; once a day on one server; an unfinished run is not taken over within the hour', async () => {
    const job = createNotificationJob(t.database, { email: transport, logger: quiet, jobHour: 6 });
    expect(await job.runIfDue(new Date('2026-06-03T04:30:00Z'))).toBeNull(); // 05:30 in London
    const first = await job.runIfDue(new Date('2026-06-03T06:00:00Z'));
    expect(first?.asOf).toBe('2026-06-03');
    expect(await job.runIfDue(new Date('2026-06-03T07:00:00Z'))).toBeNull();
    const run = await t.database.db.selectFrom('notification_clock_run').selectAll().where('run_for', '=', '2026-06-03').executeTakeFirstOrThrow();
    expect(run.finished_at).not.toBeNull();
    expect(run.nominals).toBe(3);
  });

  it('an email that cannot be sent is logged and the message stands', async () => {
    const warnings: unknown[] = [];
    const failing: EmailTransport = { name: 'failing', send: async () => Promise.reject(new Error('relay down')) };
    const job = createNotificationJob(t.database, { email: failing, logger: { info() {}, warn: (o: unknown) => void warnings.push(o) } });
    const result = await job.run(new Date('2026-06-04T08:00:00Z'), '2026-06-04');
    expect(result.reminders).toEqual({ messages: 2, emails: 0 });
    expect(warnings).toHaveLength(2);
  });

  it('a record whose period the job finds changed is listed, and its managing officer told once that day, with a link to the list', async () => {
    const record = await t.database.db.selectFrom('nominal').select('id').where('reference', '=', 'JOB-000001').executeTakeFirstOrThrow();
    // As stored by an earlier reading of the Act: a different end to the period.
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('notification_status').set({ period_ends_on: '2030-01-01' }).where('nominal_id', '=', record.id).execute());
    const job = createNotificationJob(t.database, { email: transport, logger: quiet });
    const result = await job.run(new Date('2026-06-05T08:00:00Z'), '2026-06-05');
    expect(result.recompute.dateChanges).toBe(1);
    const told = (await messagesOf(ids.officer!)).filter((m) => m.subject === 'Notification periods or review dates changed');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('has changed for 1 record you manage');
    expect(told[0]!.link).toBe('/notifications/worklist?scope=mine&list=changed');
    expect((await job.run(new Date('2026-06-05T09:00:00Z'), '2026-06-05')).reminders.messages).toBe(0);
  });
});
