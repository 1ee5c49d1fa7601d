import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { DAY, grantedApplication } from './vetting.aftercare.fixtures.ts';
import { dateBoxes, dayFromNow } from './vetting.appeal.fixtures.ts';
import { createVettingJob, lastAnniversary, revetDraw } from './vetting.job.ts';

let t: TestApp;
let holderId: string;
let renewerId: string;
let officerId: string;
let holder: Agent;
let renewer: Agent;
let officer: Agent;
let stranger: Agent;
let holderApp: string;
let renewerApp: string;
let nominalId: string;

const NOBODY = '00000000-0000-4000-8000-000000000000';
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const messagesOf = (userId: string, like: string) => t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', userId).where('subject', 'like', like).execute();
const post = async (agent: Agent, path: string, body: Record<string, string>) => agent.post(path).type('form').send({ _csrf: await csrfOf(agent), ...body });

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const { unitA } = await seedOrganisations(t);
  holderId = await createTestUser(t, { username: 'ac.holder', unitId: unitA, roles: ['practitioner'], demo: true });
  renewerId = await createTestUser(t, { username: 'ac.renewer', unitId: unitA, roles: ['practitioner'] });
  officerId = await createTestUser(t, { username: 'ac.officer', unitId: unitA, roles: ['vetting-officer'] });
  const sponsorId = await createTestUser(t, { username: 'ac.sponsor', unitId: unitA, roles: ['manager'] });
  await createTestUser(t, { username: 'ac.stranger', unitId: unitA, roles: ['practitioner'] });
  // The holder's clearance expires in 30 days: inside the 42-day reminder window. NPPV3, granted two years and a day ago.
  holderApp = await grantedApplication(t, { applicant: holderId, sponsor: sponsorId, officer: officerId, level: 'NPPV3', grantedAt: new Date(t.clock.now().getTime() - (2 * 365 + 1) * DAY), expiresAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  renewerApp = await grantedApplication(t, { applicant: renewerId, sponsor: sponsorId, officer: officerId, grantedAt: new Date(t.clock.now().getTime() - 400 * DAY), expiresAt: new Date(t.clock.now().getTime() + 200 * DAY) });
  nominalId = await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
    insertNominal(tx.db, { reference: 'AGA-000001', nominalType: 'rso', familyName: 'Example', givenNames: 'Sam', dateOfBirth: '1980-01-01', gender: 'male', owningUnitId: unitA, managingOfficerId: holderId, identifiers: [] }),
  );
  holder = await signIn(t, 'ac.holder');
  renewer = await signIn(t, 'ac.renewer');
  officer = await signIn(t, 'ac.officer');
  stranger = await signIn(t, 'ac.stranger');
});
afterAll(() => t?.close());

describe('Clearance and aftercare', () => {
  it('401: every page asks for sign-in', async () => {
    for (const path of ['/vetting/clearance', '/vetting/aftercare', '/vetting/aftercare/queue', `/vetting/aftercare/reports/${NOBODY}`, `/vetting/aftercare/tasks/${NOBODY}`, `/vetting/casework/${NOBODY}/withdraw-clearance`, `/vetting/renewal/${NOBODY}`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it("the holder's page says when the clearance expires, and the read is logged", async () => {
    const page = await holder.get('/vetting/clearance');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your clearance expires in 30 days.');
    expect((await logged('vetting.clearance-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: holderId, subject_id: holderApp });
    expect((await stranger.get('/vetting/clearance')).text).toContain('You do not hold a vetting clearance.');
    const form = await holder.get('/vetting/aftercare');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Report a change of circumstances');
    expect((await post(stranger, '/vetting/clearance/renew', {})).status).toBe(404);
    expect((await logged('vetting.renewal-started'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.no-clearance'] });
  });

  it('400: a change of circumstances needs its kind, a real past date and details; nothing saved', async () => {
    const res = await post(holder, '/vetting/aftercare', { details: '', ...dateBoxes('occurredOn', dayFromNow(t, 3)) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose what has changed');
    expect(res.text).toContain('The date it happened must be today or in the past');
    expect(res.text).toContain('Tell us what has changed');
    const impossible = await post(holder, '/vetting/aftercare', { kind: 'financial', details: 'Synthetic CCJ', 'occurredOn-day': '31', 'occurredOn-month': '2', 'occurredOn-year': '2026' });
    expect(impossible.text).toContain('The date it happened must be a real date');
    expect(impossible.text).toContain('Synthetic CCJ');
    expect(await t.database.db.selectFrom('vetting_aftercare_report').selectAll().execute()).toHaveLength(0);
    expect((await post(stranger, '/vetting/aftercare', { kind: 'financial', details: 'x', ...dateBoxes('occurredOn', dayFromNow(t, -1)) })).status).toBe(404);
  });

  it('the holder reports a change; officers review it from their queue; others get 404', async () => {
    const res = await post(holder, '/vetting/aftercare', { kind: 'financial', details: 'Synthetic: a county court judgment of £900', ...dateBoxes('occurredOn', dayFromNow(t, -5)) });
    expect(res.status).toBe(303);
    const [report] = await t.database.db.selectFrom('vetting_aftercare_report').selectAll().execute();
    expect(report).toMatchObject({ user_id: holderId, application_id: holderApp, kind: 'financial', outcome: null });
    expect((await eventsOf(t, 'vetting.aftercare-reported'))[0]!.payload).toEqual({ reportId: report!.id, kind: 'financial' });

    expect((await stranger.get('/vetting/aftercare/queue')).status).toBe(403);
    const queue = await officer.get('/vetting/aftercare/queue');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(`/vetting/aftercare/reports/${report!.id}`);
    expect((await logged('vetting.aftercare-queue-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: officerId });

    expect((await holder.get(`/vetting/aftercare/reports/${report!.id}`)).status).toBe(404);
    expect((await logged('vetting.aftercare-report-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.officer-role'] });
    expect((await officer.get(`/vetting/aftercare/reports/${NOBODY}`)).status).toBe(404);
    const page = await officer.get(`/vetting/aftercare/reports/${report!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Synthetic: a county court judgment of £900');

    const bad = await post(officer, `/vetting/aftercare/reports/${report!.id}`, { version: '1', note: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose the outcome of the review');
    expect(bad.text).toContain('Enter a note saying why');
    expect((await post(officer, `/vetting/aftercare/reports/${report!.id}`, { version: '1', outcome: 'review-clearance', note: 'Synthetic: to be weighed' })).status).toBe(303);
    expect(await t.database.db.selectFrom('vetting_aftercare_report').select(['outcome', 'reviewed_by']).executeTakeFirst()).toEqual({ outcome: 'review-clearance', reviewed_by: officerId });
    const again = await post(officer, `/vetting/aftercare/reports/${report!.id}`, { version: '1', outcome: 'no-action', note: 'late' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This report was reviewed by');
  });

  it('the daily job reminds once per clearance, creates the annual review once, and draws re-vetting reproducibly', async () => {
    const job = createVettingJob(t.database, { ...t.config, vettingAftercare: { ...t.config.vettingAftercare, randomRevetPercent: 100 } }, t.clock);
    const first = await job.run();
    expect(first).toMatchObject({ reminders: 1, annualReviews: 1, randomRevets: 2, erased: 0 });
    expect(await job.run()).toMatchObject({ reminders: 0, annualReviews: 0, randomRevets: 0 });
    expect(await messagesOf(holderId, 'Your NPPV3 clearance expires in 30 days')).toHaveLength(1);
    expect(await messagesOf(renewerId, '%expires%')).toHaveLength(0);
    const tasks = await t.database.db.selectFrom('vetting_review_task').selectAll().orderBy('kind').execute();
    const annual = tasks.find((x) => x.kind === 'annual-review')!;
    expect(annual).toMatchObject({ user_id: holderId, application_id: holderApp });
    const year = t.clock.now().getUTCFullYear();
    for (const task of tasks.filter((x) => x.kind === 'random-revet')) {
      expect(task.due_on).toBe(`${year}-12-31`);
      expect(Number(task.selection_value)).toBeCloseTo(revetDraw(t.config.dataKey, task.user_id, year), 10);
    }
    // With the default 2 percent, the same draw decides: re-derivable by anyone with the key.
    const draw = revetDraw(t.config.dataKey, holderId, year);
    expect(draw).toBeGreaterThanOrEqual(0);
    expect(draw).toBeLessThan(1);
    expect(lastAnniversary('2024-02-29', '2026-03-01')).toBe('2026-03-01');
    expect(lastAnniversary('2026-01-10', '2026-12-01')).toBeNull();

    const page = await officer.get(`/vetting/aftercare/tasks/${annual.id}`);
    expect(page.status).toBe(200);
    expect((await holder.get(`/vetting/aftercare/tasks/${annual.id}`)).status).toBe(404);
    const bad = await post(officer, `/vetting/aftercare/tasks/${annual.id}`, { note: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a note of what you reviewed and found');
    expect((await post(officer, `/vetting/aftercare/tasks/${annual.id}`, { note: 'Synthetic: reviewed, no concerns' })).status).toBe(303);
    expect((await logged('vetting.review-task-completed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: officerId });
  });

  it('renewal: a new application pre-filled from the previous answers, each section to check and confirm', async () => {
    const res = await post(renewer, '/vetting/clearance/renew', {});
    expect(res.status).toBe(303);
    const renewal = await t.database.db.selectFrom('vetting_application').selectAll().where('renewal_of', '=', renewerApp).executeTakeFirstOrThrow();
    expect(renewal).toMatchObject({ applicant_user_id: renewerId, level: 'NPPV2', state: 'sponsored' });
    const answers = await t.database.db.selectFrom('vetting_answer').select(['section', 'answers']).where('application_id', '=', renewal.id).execute();
    // The declaration is made afresh.
    expect(answers).toEqual([{ section: 'personal', answers: { familyName: 'Synthetic-Applicant', givenNames: 'Alex' } }]);
    expect((await stranger.get(`/vetting/renewal/${renewal.id}`)).status).toBe(404);
    const page = await renewer.get(`/vetting/renewal/${renewal.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Check and confirm');
    expect(page.text).toContain('1 section to check.');
    const bad = await post(renewer, `/vetting/renewal/${renewal.id}/sections/nonsense/confirm`, {});
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('There is no pre-filled section with that name to confirm');
    expect((await post(renewer, `/vetting/renewal/${renewal.id}/sections/personal/confirm`, {})).status).toBe(303);
    expect((await renewer.get(`/vetting/renewal/${renewal.id}`)).text).toContain('0 sections to check.');
    expect((await logged('vetting.renewal-section-confirmed'))[0]).toMatchObject({ decision: 'allowed', subject_id: renewal.id });
    const twice = await post(renewer, '/vetting/clearance/renew', {});
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('You already have an open vetting application');
  });

  it('withdrawal: reasons required; register access ends at once; the holder is told and may appeal', async () => {
    expect((await holder.get(`/nominals/${nominalId}`)).status).toBe(200);
    expect((await stranger.get(`/vetting/casework/${holderApp}/withdraw-clearance`)).status).toBe(404);
    expect((await logged('vetting.withdrawal-form-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.officer-role'] });
    expect((await officer.get(`/vetting/casework/${holderApp}/withdraw-clearance`)).status).toBe(200);
    const bad = await post(officer, `/vetting/casework/${holderApp}/withdraw-clearance`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the reasons for withdrawing the clearance');
    expect((await post(officer, `/vetting/casework/${holderApp}/withdraw-clearance`, { reason: 'Synthetic: an undisclosed judgment' })).status).toBe(303);
    const clearance = await t.database.db.selectFrom('clearance').selectAll().where('user_id', '=', holderId).executeTakeFirstOrThrow();
    expect(clearance).toMatchObject({ withdrawal_reason: 'Synthetic: an undisclosed judgment', withdrawn_by: officerId });
    expect(clearance.withdrawn_at).not.toBeNull();

    expect((await holder.get(`/nominals/${nominalId}`)).status).not.toBe(200);
    const appeal = await t.database.db.selectFrom('vetting_appeal').selectAll().where('application_id', '=', holderApp).executeTakeFirstOrThrow();
    expect(appeal).toMatchObject({ subject: 'withdrawal', state: 'open' });
    expect(await messagesOf(holderId, 'Your vetting clearance has been withdrawn%')).toHaveLength(1);
    const page = await holder.get('/vetting/clearance');
    expect(page.text).toContain('Reasons: Synthetic: an undisclosed judgment');
    expect(page.text).toContain(`/vetting/applications/${holderApp}/appeal`);
    const again = await post(officer, `/vetting/casework/${holderApp}/withdraw-clearance`, { reason: 'again' });
    expect(again.status).toBe(409);
  });
});
