import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { saveResponse } from '../equality/equality.repository.ts';
import { DAY, grantedApplication } from './vetting.aftercare.fixtures.ts';
import { refusedApplication, type Cast } from './vetting.appeal.fixtures.ts';
import { createVettingJob } from './vetting.job.ts';
import { moveApplication } from './vetting.lifecycle.ts';

let t: TestApp;
let cast: Cast;
let applicant: Agent;
let officer: Agent;
let dpo: Agent;
let stranger: Agent;
let ownApp: string;
let otherApp: string;
let expiredApp: string;
let refusedApp: string;
let restrictedApp: string;

const NOBODY = '00000000-0000-4000-8000-000000000000';
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const post = async (agent: Agent, path: string, body: Record<string, string>) => agent.post(path).type('form').send({ _csrf: await csrfOf(agent), ...body });
const EQUALITY = { ethnicity: 'prefer-not-to-say', sex: 'prefer-not-to-say', genderSameAsBirth: 'prefer-not-to-say', ageBand: 'prefer-not-to-say', disability: 'prefer-not-to-say', religion: 'prefer-not-to-say', religionOther: '', sexualOrientation: 'prefer-not-to-say' };

/** A relative's link-entered details on an application: never the applicant's to see. */
async function relativeDetails(applicationId: string, createdBy: string, secret: string) {
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const link = await tx.db.insertInto('vetting_relative_link').values({ application_id: applicationId, relationship: 'my father', token_hash: 'a'.repeat(40) + applicationId.replace(/-/g, '').slice(0, 24), created_by: createdBy, created_at: new Date(t.clock.now().getTime() - 60 * DAY), expires_at: new Date(t.clock.now().getTime() - 40 * DAY) }).returning('id').executeTakeFirstOrThrow();
    await tx.db.insertInto('vetting_relative_details').values({ link_id: link.id, application_id: applicationId, details: JSON.stringify({ familyName: secret }), submitted_at: new Date(t.clock.now().getTime() - 50 * DAY) }).execute();
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const { unitA } = await seedOrganisations(t);
  const user = (username: string, roles: Parameters<typeof createTestUser>[1]['roles']) => createTestUser(t, { username, unitId: unitA, roles });
  cast = { applicant: await user('rt.applicant', ['practitioner']), sponsor: await user('rt.sponsor', ['manager']), caseOfficer: await user('rt.officer', ['vetting-officer']), decider: await user('rt.decider', ['vetting-officer']), second: await user('rt.second', ['vetting-officer']) };
  const other = await user('rt.other', ['practitioner']);
  const lapsed = await user('rt.lapsed', ['practitioner']);
  await user('rt.dpo', ['data-protection-officer']);
  await user('rt.stranger', ['practitioner']);
  ownApp = await grantedApplication(t, { applicant: cast.applicant, sponsor: cast.sponsor, officer: cast.caseOfficer, grantedAt: new Date(t.clock.now().getTime() - 100 * DAY), expiresAt: new Date(t.clock.now().getTime() + 900 * DAY) });
  otherApp = await grantedApplication(t, { applicant: other, sponsor: cast.sponsor, officer: cast.caseOfficer, grantedAt: new Date(t.clock.now().getTime() - 100 * DAY), expiresAt: new Date(t.clock.now().getTime() + 900 * DAY) });
  await t.database.db.updateTable('vetting_answer').set({ answers: JSON.stringify({ familyName: 'Other-Person-Secret' }) }).where('application_id', '=', otherApp).execute();
  await relativeDetails(ownApp, cast.applicant, 'Relative-Link-Secret');
  // Clearance expired two years ago: past its year of retention.
  expiredApp = await grantedApplication(t, { applicant: lapsed, sponsor: cast.sponsor, officer: cast.caseOfficer, grantedAt: new Date(t.clock.now().getTime() - 5 * 365 * DAY), expiresAt: new Date(t.clock.now().getTime() - 2 * 365 * DAY) });
  await relativeDetails(expiredApp, lapsed, 'Lapsed-Relative-Secret');
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) => saveResponse(tx.db, expiredApp, EQUALITY, t.clock.now()));
  refusedApp = await refusedApplication(t, { ...cast, applicant: other }, 365);
  restrictedApp = await refusedApplication(t, cast, 400);
  applicant = await signIn(t, 'rt.applicant');
  officer = await signIn(t, 'rt.officer');
  dpo = await signIn(t, 'rt.dpo');
  stranger = await signIn(t, 'rt.stranger');
  // An officer reads the applicant's case: it must show in their log of who viewed their file.
  expect((await officer.get(`/vetting/casework/${ownApp}/withdraw-clearance`)).status).toBe(200);
});
afterAll(() => t?.close());

describe("The applicant's rights", () => {
  it('401: every page asks for sign-in', async () => {
    for (const path of ['/vetting/my-data', '/vetting/my-data.json', `/vetting/applications/${NOBODY}/restriction`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it("the download holds exactly the applicant's own data and who viewed their file, by team and organisation", async () => {
    const res = await applicant.get('/vetting/my-data.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('my-vetting-data.json');
    const data = JSON.parse(res.text);
    const refs = await t.database.db.selectFrom('vetting_application').select(['id', 'reference']).where('applicant_user_id', '=', cast.applicant).execute();
    expect(data.applications.map((a: { id: string }) => a.id).sort()).toEqual(refs.map((r) => r.id).sort());
    expect(data.applications.find((a: { id: string }) => a.id === ownApp).answers.map((s: { section: string }) => s.section)).toEqual(['declaration', 'personal']);
    expect(data.clearance).toMatchObject({ level: 'NPPV2' });
    expect(res.text).toContain('Synthetic-Applicant');
    expect(res.text).not.toContain('Other-Person-Secret');
    expect(res.text).not.toContain('Relative-Link-Secret');
    expect(res.text).not.toContain(otherApp);
    // The refusal's disclosable reason, not the officers' rationale.
    expect(data.decisions.some((d: { disclosable: string[] }) => d.disclosable.includes('non-disclosure'))).toBe(true);
    expect(res.text).not.toContain('Synthetic rationale');
    const viewed = data.accessLog.find((e: { action: string }) => e.action === 'vetting.withdrawal-form-viewed');
    expect(viewed).toMatchObject({ by: 'Unit A1, Agency A Police', applicationId: ownApp });
    expect((await logged('vetting.my-data-downloaded')).map((e) => e.subject_id).sort()).toEqual(refs.map((r) => r.id).sort());

    const page = await applicant.get('/vetting/my-data');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Who looked at your vetting file');
    expect(page.text).not.toContain('Relative-Link-Secret');
    const none = JSON.parse((await stranger.get('/vetting/my-data.json')).text);
    expect(none.applications).toEqual([]);
  });

  it('restriction: officers and the DPO record it with a reason; the case cannot change until it is lifted', async () => {
    expect((await stranger.get(`/vetting/applications/${restrictedApp}/restriction`)).status).toBe(404);
    expect((await applicant.get(`/vetting/applications/${restrictedApp}/restriction`)).status).toBe(404);
    expect((await logged('vetting.restriction-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.restriction-role'] });
    expect((await dpo.get(`/vetting/applications/${NOBODY}/restriction`)).status).toBe(404);
    expect((await dpo.get(`/vetting/applications/${restrictedApp}/restriction`)).status).toBe(200);
    const bad = await post(dpo, `/vetting/applications/${restrictedApp}/restriction/restrict`, { reason: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the reason for restricting processing');
    expect((await post(dpo, `/vetting/applications/${restrictedApp}/restriction/restrict`, { reason: 'Synthetic: the applicant contests a check result' })).status).toBe(303);
    expect((await logged('vetting.restriction-recorded'))[0]).toMatchObject({ decision: 'allowed', subject_id: restrictedApp });
    expect((await officer.get(`/vetting/applications/${restrictedApp}/restriction`)).text).toContain('Synthetic: the applicant contests a check result');
    await expect(withTransaction(t.database, systemContext(t.clock.now()), (tx) => moveApplication(tx, restrictedApp, 'lodge-appeal'))).rejects.toThrow('Processing of this application is restricted');
    const myData = JSON.parse((await applicant.get('/vetting/my-data.json')).text);
    expect(myData.restrictions[0]).toMatchObject({ application_id: restrictedApp, reason: 'Synthetic: the applicant contests a check result' });
    expect((await post(dpo, `/vetting/applications/${restrictedApp}/restriction/restrict`, { reason: 'again' })).status).toBe(409);
    const noReason = await post(officer, `/vetting/applications/${restrictedApp}/restriction/lift`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Enter the reason for lifting the restriction');
    expect((await post(officer, `/vetting/applications/${restrictedApp}/restriction/lift`, { reason: 'Synthetic: resolved' })).status).toBe(303);
    expect((await logged('vetting.restriction-lifted'))[0]).toMatchObject({ decision: 'allowed', subject_id: restrictedApp });
    expect((await post(officer, `/vetting/applications/${restrictedApp}/restriction/restrict`, { reason: 'Synthetic: contested again' })).status).toBe(303);
  });

  it('retention: the daily job erases what is due (controlled clock), keeps the erasure record, skips restricted cases', async () => {
    const job = createVettingJob(t.database, t.config, t.clock);
    const now = t.clock.now();
    expect((await job.run(now)).erased).toBe(1);
    const erasure = await t.database.db.selectFrom('vetting_erasure').selectAll().where('application_id', '=', expiredApp).executeTakeFirstOrThrow();
    expect(erasure).toMatchObject({ rule: 'granted', outcome: 'granted' });
    expect(erasure.erased).toMatchObject({ answers: 2, relativeDetails: 1, relativeLinks: 1, checks: 1, equalityAnswers: 1 });
    expect(await t.database.db.selectFrom('vetting_answer').selectAll().where('application_id', '=', expiredApp).execute()).toHaveLength(0);
    expect(await t.database.db.selectFrom('equality_response').selectAll().where('application_id', '=', expiredApp).execute()).toHaveLength(0);
    const app = await t.database.db.selectFrom('vetting_application').selectAll().where('id', '=', expiredApp).executeTakeFirstOrThrow();
    expect(app.need).toBe('Erased under the retention schedule.');
    expect(app.erased_at).not.toBeNull();
    expect((await logged('vetting.application-erased'))[0]).toMatchObject({ kind: 'erasure', subject_id: expiredApp });
    expect((await job.run(now)).erased).toBe(0);

    // The refusal decided a year ago falls due at two years: three years on it is erased; the restricted one never is.
    const later = await job.run(new Date(now.getTime() + 3 * 365 * DAY));
    expect(later.erased).toBeGreaterThanOrEqual(1);
    expect(await t.database.db.selectFrom('vetting_erasure').select('rule').where('application_id', '=', refusedApp).executeTakeFirst()).toEqual({ rule: 'refused' });
    expect(await t.database.db.selectFrom('vetting_erasure').selectAll().where('application_id', '=', restrictedApp).execute()).toHaveLength(0);
  });
});
