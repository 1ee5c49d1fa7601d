import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { dateBoxes, dayFromNow, refusedApplication, type Cast } from './vetting.appeal.fixtures.ts';
import { openAppealWindow } from './vetting.appeal.service.ts';

let t: TestApp;
let cast: Cast;
let applicant: Agent;
let officer: Agent;
let hearer: Agent;
let otherPanel: Agent;
let stranger: Agent;
let hearerId: string;
let notPanelId: string;
let inTime: string;
let outOfTime: string;
let appealId: string;
let unit: { unitId: string; agencyId: string };

const NOBODY = '00000000-0000-4000-8000-000000000000';
const PDF = Buffer.from('%PDF-1.4\n% synthetic\n');

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const appealOf = (applicationId: string) => t.database.db.selectFrom('vetting_appeal').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
const stateOf = async (applicationId: string) => (await t.database.db.selectFrom('vetting_application').select('state').where('id', '=', applicationId).executeTakeFirstOrThrow()).state;

async function post(agent: Agent, path: string, body: Record<string, string>) {
  return agent.post(path).type('form').send({ _csrf: await csrfOf(agent), ...body });
}
const version = async (id: string) => String((await t.database.db.selectFrom('vetting_appeal').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);

beforeAll(async () => {
  t = await createTestApp();
  const { unitA, agencyA } = await seedOrganisations(t);
  unit = { unitId: unitA, agencyId: agencyA };
  const user = (username: string, roles: Parameters<typeof createTestUser>[1]['roles']) => createTestUser(t, { username, unitId: unitA, roles });
  // Everyone with a part in the case is also on the appeal panel: independence, not the role, must stop them.
  cast = {
    applicant: await user('ap.applicant', ['practitioner', 'appeal-panel-member']),
    sponsor: await user('ap.sponsor', ['manager', 'appeal-panel-member']),
    caseOfficer: await user('ap.caseofficer', ['vetting-officer', 'appeal-panel-member']),
    decider: await user('ap.decider', ['vetting-officer', 'appeal-panel-member']),
    second: await user('ap.second', ['vetting-officer', 'appeal-panel-member']),
  };
  await user('ap.officer', ['vetting-officer']);
  hearerId = await user('ap.hearer', ['appeal-panel-member']);
  await user('ap.panel2', ['appeal-panel-member']);
  notPanelId = await user('ap.stranger', ['practitioner']);
  inTime = await refusedApplication(t, cast, 2);
  outOfTime = await refusedApplication(t, cast, 20);
  applicant = await signIn(t, 'ap.applicant');
  officer = await signIn(t, 'ap.officer');
  hearer = await signIn(t, 'ap.hearer');
  otherPanel = await signIn(t, 'ap.panel2');
  stranger = await signIn(t, 'ap.stranger');
});
afterAll(() => t?.close());

describe('Vetting appeals', () => {
  it('401: every page asks for sign-in', async () => {
    for (const path of [`/vetting/applications/${inTime}/appeal`, '/vetting/appeals', `/vetting/appeals/${NOBODY}`, `/vetting/appeals/${NOBODY}/files/${NOBODY}`, `/vetting/casework/${inTime}/appeal-window`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it('shows the time limit to the applicant and 404s anyone else', async () => {
    const page = await applicant.get(`/vetting/applications/${inTime}/appeal`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Appeal by \d{1,2} \w+ \d{4} \(12 days left\)/);
    expect((await logged('vetting.appeal-viewed'))[0]).toMatchObject({ decision: 'allowed', subject_id: inTime, actor_user_id: cast.applicant });
    const other = await stranger.get(`/vetting/applications/${inTime}/appeal`);
    expect(other.status).toBe(404);
    expect((await logged('vetting.appeal-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.not-the-applicant'] });
  });

  it('400: grounds are required, a representative needs a name; nothing is saved', async () => {
    const res = await post(applicant, `/vetting/applications/${inTime}/appeal`, { grounds: ' ', representativeOrganisation: 'Synthetic Union' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter your grounds of appeal: why you think the decision is wrong');
    expect(res.text).toContain("Enter your representative&#39;s name, or leave both representative boxes blank");
    expect(res.text).toContain('Synthetic Union');
    expect(await appealOf(inTime)).toBeUndefined();
  });

  it('an appeal out of time is refused with the date it closed; an officer extends it with a reason; then it is in time', async () => {
    const late = await post(applicant, `/vetting/applications/${outOfTime}/appeal`, { grounds: 'Synthetic grounds' });
    expect(late.status).toBe(409);
    expect(late.text).toMatch(/The time to appeal closed at the end of \d{1,2} \w+ \d{4} \(14 days after the decision\)\. If you had a good reason for the delay, ask the vetting unit for an extension\./);
    expect(await stateOf(outOfTime)).toBe('refused');

    expect((await officer.get(`/vetting/casework/${outOfTime}/appeal-window`)).text).toMatch(/closed 6 days ago/);
    expect((await logged('vetting.appeal-window-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: expect.any(String) });
    expect((await stranger.get(`/vetting/casework/${outOfTime}/appeal-window`)).status).toBe(404);
    expect((await applicant.get(`/vetting/casework/${outOfTime}/appeal-window`)).status).toBe(404);

    const bad = await post(officer, `/vetting/casework/${outOfTime}/appeal-window`, { ...dateBoxes('extendedTo', dayFromNow(t, -1)), reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The new last day to appeal must be in the future');
    expect(bad.text).toContain('Enter the reason for the extension');
    const ok = await post(officer, `/vetting/casework/${outOfTime}/appeal-window`, { ...dateBoxes('extendedTo', dayFromNow(t, 7)), reason: 'Synthetic: the applicant was in hospital' });
    expect(ok.status).toBe(303);
    expect((await appealOf(outOfTime))).toMatchObject({ extended_to: dayFromNow(t, 7), extension_reason: 'Synthetic: the applicant was in hospital', state: 'open' });
    expect(await eventsOf(t, 'vetting.appeal-extended')).toHaveLength(1);

    expect((await applicant.get(`/vetting/applications/${outOfTime}/appeal`)).text).toContain('(7 days left)');
    const lodged = await post(applicant, `/vetting/applications/${outOfTime}/appeal`, { grounds: 'Synthetic grounds, late but extended' });
    expect(lodged.status).toBe(303);
    expect(await stateOf(outOfTime)).toBe('appealed');
  });

  it('lodges in time with a representative and a document checked by its content', async () => {
    const csrf = await csrfOf(applicant);
    const bad = await applicant.post(`/vetting/applications/${inTime}/appeal`).field('_csrf', csrf).field('grounds', 'Synthetic grounds').attach('file', Buffer.from('MZ not a pdf'), 'letter.pdf');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The selected file must be a PDF, JPEG, PNG or WebP file');
    const res = await applicant
      .post(`/vetting/applications/${inTime}/appeal`)
      .field('_csrf', csrf)
      .field('grounds', 'Synthetic grounds: the caution was spent and I said so')
      .field('representativeName', 'Robin Rep')
      .field('representativeOrganisation', 'Synthetic Union')
      .attach('file', PDF, 'letter.pdf');
    expect(res.status).toBe(303);
    const appeal = (await appealOf(inTime))!;
    appealId = appeal.id;
    expect(appeal).toMatchObject({ state: 'lodged', subject: 'refusal', representative_name: 'Robin Rep', representative_organisation: 'Synthetic Union' });
    expect(await stateOf(inTime)).toBe('appealed');
    const again = await post(applicant, `/vetting/applications/${inTime}/appeal`, { grounds: 'Twice' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('You have already lodged an appeal against this decision.');
  });

  it('lists appeals for officers, and only their own for a panel member; others are refused', async () => {
    const list = await officer.get('/vetting/appeals');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/vetting/appeals/${appealId}`);
    expect((await logged('vetting.appeals-listed'))[0]).toMatchObject({ decision: 'allowed' });
    expect((await hearer.get('/vetting/appeals')).text).not.toContain(`/vetting/appeals/${appealId}`);
    expect((await stranger.get('/vetting/appeals')).status).toBe(403);
    expect((await logged('vetting.appeals-listed'))[0]).toMatchObject({ decision: 'denied' });
  });

  it('the hearer must have had no part in the case: each kind of involvement is refused by name', async () => {
    const cases: [string, string][] = [
      [cast.decider, 'they made the decision'],
      [cast.second, 'they were the second officer who answered the proposed refusal'],
      [cast.caseOfficer, 'they were the case officer'],
      [cast.sponsor, 'they sponsored the application'],
      [cast.applicant, 'they are the applicant'],
    ];
    for (const [userId, why] of cases) {
      const res = await post(officer, `/vetting/appeals/${appealId}/hearer`, { hearer: userId, version: await version(appealId) });
      expect(res.status, why).toBe(403);
      expect(res.text).toContain(`cannot hear this appeal: ${why}. It must be someone with no prior involvement in the case.`);
    }
    expect((await logged('vetting.appeal-hearer-assigned'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.appeal-independence'] });
    const notPanel = await post(officer, `/vetting/appeals/${appealId}/hearer`, { hearer: notPanelId, version: await version(appealId) });
    expect(notPanel.status).toBe(400);
    expect(notPanel.text).toContain('Choose a member of the appeal panel: only they can hear appeals');
    const missing = await post(officer, `/vetting/appeals/${appealId}/hearer`, { hearer: '', version: await version(appealId) });
    expect(missing.text).toContain('Choose the appeal panel member who will hear the appeal');
    expect((await appealOf(inTime))!.hearer_user_id).toBeNull();
  });

  it('before assignment a panel member sees nothing; the assigned hearer sees the bundle', async () => {
    expect((await hearer.get(`/vetting/appeals/${appealId}`)).status).toBe(404);
    expect((await logged('vetting.appeal-bundle-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.appeal-hearer-only'] });
    const res = await post(officer, `/vetting/appeals/${appealId}/hearer`, { hearer: hearerId, version: await version(appealId) });
    expect(res.status).toBe(303);
    const bundle = await hearer.get(`/vetting/appeals/${appealId}`);
    expect(bundle.status).toBe(200);
    expect(bundle.text).toContain('Synthetic grounds: the caution was spent and I said so');
    expect(bundle.text).toContain('Synthetic rationale: a caution was not disclosed.');
    expect(bundle.text).toContain('Robin Rep, Synthetic Union');
    expect(bundle.text).toMatch(/Decision due by \d{1,2} \w+ \d{4} \(28 days left\)/);
    expect((await logged('vetting.appeal-bundle-viewed'))[0]).toMatchObject({ decision: 'allowed', policy_ids: ['vetting.appeal-hearer'] });
    const fileId = /\/files\/([0-9a-f-]{36})/.exec(bundle.text)![1]!;
    const file = await hearer.get(`/vetting/appeals/${appealId}/files/${fileId}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((await applicant.get(`/vetting/appeals/${appealId}/files/${fileId}`)).status).toBe(200);
    expect((await otherPanel.get(`/vetting/appeals/${appealId}/files/${fileId}`)).status).toBe(404);
    expect((await otherPanel.get(`/vetting/appeals/${appealId}`)).status).toBe(404);
    expect((await applicant.get(`/vetting/appeals/${appealId}`)).status).toBe(404);
  });

  it('only the hearer records the hearing and decides; every field is checked; the decision needs the hearing first', async () => {
    expect((await post(officer, `/vetting/appeals/${appealId}/hearing`, { version: await version(appealId) })).status).toBe(403);
    expect((await post(otherPanel, `/vetting/appeals/${appealId}/decision`, { version: await version(appealId) })).status).toBe(404);
    const early = await post(hearer, `/vetting/appeals/${appealId}/decision`, { outcome: 'allow', reasons: 'Synthetic', version: await version(appealId) });
    expect(early.status).toBe(409);
    expect(early.text).toContain('Record the hearing before deciding the appeal.');
    const bad = await post(hearer, `/vetting/appeals/${appealId}/hearing`, { ...dateBoxes('heardOn', dayFromNow(t, 3)), attendees: '', notes: '', version: await version(appealId) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The date of the hearing must be today or in the past');
    expect(bad.text).toContain('Enter who attended the hearing');
    expect(bad.text).toContain('Say whether the representative was present');
    expect(bad.text).toContain('Enter the notes of the hearing');
    const heard = await post(hearer, `/vetting/appeals/${appealId}/hearing`, { ...dateBoxes('heardOn', dayFromNow(t, 0)), attendees: 'Applicant, Robin Rep, hearer', representativePresent: 'yes', notes: 'Synthetic notes of the hearing', version: await version(appealId) });
    expect(heard.status).toBe(303);
    const noReasons = await post(hearer, `/vetting/appeals/${appealId}/decision`, { outcome: 'allow', reasons: '', version: await version(appealId) });
    expect(noReasons.status).toBe(400);
    expect(noReasons.text).toContain('Enter the reasons for the decision, in words the applicant can read');
  });

  it('an allowed appeal grants clearance, and the applicant sees the decision and reasons', async () => {
    const res = await post(hearer, `/vetting/appeals/${appealId}/decision`, { outcome: 'allow', reasons: 'Synthetic reasons: the caution was disclosed in the up-front section.', version: await version(appealId) });
    expect(res.status).toBe(303);
    expect(await stateOf(inTime)).toBe('appeal-allowed');
    const clearance = await t.database.db.selectFrom('clearance').selectAll().where('user_id', '=', cast.applicant).executeTakeFirstOrThrow();
    expect(clearance).toMatchObject({ level: 'NPPV2', application_id: inTime, withdrawn_at: null });
    expect(new Date(clearance.expires_at).getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(await eventsOf(t, 'vetting.appeal-allowed')).toHaveLength(1);
    const page = await applicant.get(`/vetting/applications/${inTime}/appeal`);
    expect(page.text).toContain('Your appeal was allowed');
    expect(page.text).toContain('Synthetic reasons: the caution was disclosed in the up-front section.');
    const again = await post(hearer, `/vetting/appeals/${appealId}/decision`, { outcome: 'dismiss', reasons: 'x', version: await version(appealId) });
    expect(again.status).toBe(409);
  });

  it('a dismissed appeal leaves the refusal standing, with no clearance', async () => {
    const id = (await appealOf(outOfTime))!.id;
    await post(officer, `/vetting/appeals/${id}/hearer`, { hearer: hearerId, version: await version(id) });
    await post(hearer, `/vetting/appeals/${id}/hearing`, { ...dateBoxes('heardOn', dayFromNow(t, 0)), attendees: 'Applicant', representativePresent: 'none', notes: 'Synthetic', version: await version(id) });
    const res = await post(hearer, `/vetting/appeals/${id}/decision`, { outcome: 'dismiss', reasons: 'Synthetic: the refusal was right.', version: await version(id) });
    expect(res.status).toBe(303);
    expect(await stateOf(outOfTime)).toBe('appeal-dismissed');
    expect((await applicant.get(`/vetting/applications/${outOfTime}/appeal`)).text).toContain('Your appeal was dismissed');
  });

  it('an appeal against a withdrawal: the window opened by openAppealWindow, lodged without moving the application', async () => {
    const id = await refusedApplication(t, cast, 40);
    await t.database.db.updateTable('vetting_application').set({ state: 'granted' }).where('id', '=', id).execute();
    // Withdrawal is another part's operation: here its access-log entry and its call to open the window.
    const withdrawer = await createTestUser(t, { username: 'ap.withdrawer', unitId: unit.unitId, roles: ['vetting-officer', 'appeal-panel-member'] });
    const actor = { userId: withdrawer, username: 'ap.withdrawer', displayName: 'Test ap.withdrawer', ...unit, roles: ['vetting-officer' as const] };
    await withTransaction(t.database, { ...systemContext(t.clock.now()), system: false, actor }, async (tx) => {
      await tx.log({ kind: 'alteration', action: 'vetting.clearance-withdrawn', subjectType: 'vetting-application', subjectId: id, purposeCode: 'vetting' });
      await openAppealWindow(tx, { applicationId: id, subject: 'withdrawal', decisionAt: t.clock.now(), appealDays: 14 });
    });
    expect((await applicant.get(`/vetting/applications/${id}/appeal`)).text).toContain('(14 days left)');
    const res = await post(applicant, `/vetting/applications/${id}/appeal`, { grounds: 'Synthetic: the withdrawal was wrong' });
    expect(res.status).toBe(303);
    expect(await stateOf(id)).toBe('granted');
    const appeal = (await appealOf(id))!;
    expect(appeal).toMatchObject({ subject: 'withdrawal', state: 'lodged' });
    const refused = await post(officer, `/vetting/appeals/${appeal.id}/hearer`, { hearer: withdrawer, version: String(appeal.version) });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Test ap.withdrawer cannot hear this appeal: they withdrew the clearance.');
  });
});
