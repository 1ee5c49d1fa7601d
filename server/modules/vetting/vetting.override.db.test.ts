import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { dateBoxes, dayFromNow, refusedApplication, type Cast } from './vetting.appeal.fixtures.ts';

let t: TestApp;
let cast: Cast;
let authoriserId: string;
let authoriser: Agent;
let officer: Agent;
let stranger: Agent;
let applicant: Agent;
let refused: string;
let underAppeal: string;
let overrideId: string;

const NOBODY = '00000000-0000-4000-8000-000000000000';
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const overridesOf = (applicationId: string) => t.database.db.selectFrom('vetting_override').selectAll().where('application_id', '=', applicationId).execute();

async function post(agent: Agent, path: string, body: Record<string, string>) {
  return agent.post(path).type('form').send({ _csrf: await csrfOf(agent), ...body });
}
const override = (over: Record<string, string> = {}) => ({ riskAssessment: 'Synthetic: low risk, supervised access only', conditions: 'Supervised access; monthly review', ...dateBoxes('reviewOn', dayFromNow(t, 180)), ...over });

beforeAll(async () => {
  t = await createTestApp();
  const { unitA, unitB } = await seedOrganisations(t);
  // The vetting authority that vets both agencies' staff, and a second one that vets nobody here.
  const authority = async (code: string) => {
    const agency = await t.database.db.insertInto('agency').values({ code, name: `${code} Vetting`, kind: 'vetting-authority' }).returning('id').executeTakeFirstOrThrow();
    return (await t.database.db.insertInto('unit').values({ agency_id: agency.id, code: 'VET', name: 'Vetting team' }).returning('id').executeTakeFirstOrThrow()).id;
  };
  const vettingUnit = await authority('VA1');
  const otherAuthorityUnit = await authority('VA2');
  const user = (username: string, roles: Parameters<typeof createTestUser>[1]['roles'], unitId = unitA) => createTestUser(t, { username, unitId, roles });
  // Everyone with a part in the case is also an authoriser: independence, not the role, must stop them.
  cast = {
    applicant: await user('ov.applicant', ['practitioner', 'vetting-authoriser'], vettingUnit),
    sponsor: await user('ov.sponsor', ['manager', 'vetting-authoriser'], vettingUnit),
    caseOfficer: await user('ov.caseofficer', ['vetting-officer', 'vetting-authoriser'], vettingUnit),
    decider: await user('ov.decider', ['vetting-officer', 'vetting-authoriser'], vettingUnit),
    second: await user('ov.second', ['vetting-officer', 'vetting-authoriser'], vettingUnit),
  };
  authoriserId = await user('ov.authoriser', ['vetting-authoriser'], vettingUnit);
  await user('ov.officer', ['vetting-officer'], vettingUnit);
  await user('ov.stranger', ['practitioner']);
  await user('ov.manager', ['manager'], unitB);
  await user('ov.elsewhere', ['vetting-authoriser'], otherAuthorityUnit);
  refused = await refusedApplication(t, cast, 3);
  underAppeal = await refusedApplication(t, cast, 3);
  await t.database.db.updateTable('vetting_application').set({ state: 'appealed' }).where('id', '=', underAppeal).execute();
  authoriser = await signIn(t, 'ov.authoriser');
  officer = await signIn(t, 'ov.officer');
  stranger = await signIn(t, 'ov.stranger');
  applicant = await signIn(t, 'ov.applicant');
});
afterAll(() => t?.close());

describe('Risk-accepted overrides', () => {
  it('401: every page asks for sign-in', async () => {
    for (const path of ['/vetting/overrides', '/vetting/overrides.csv', `/vetting/overrides/${NOBODY}`, `/vetting/casework/${refused}/override`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  // Review finding 2: a manager of another agency read the decision and granted clearance.
  it("404 for a manager of any agency, and for an authoriser of another vetting authority; nothing saved", async () => {
    for (const username of ['ov.manager', 'ov.elsewhere']) {
      const agent = await signIn(t, username);
      expect((await agent.get(`/vetting/casework/${refused}/override`)).status, username).toBe(404);
      const res = await post(agent, `/vetting/casework/${refused}/override`, override());
      expect(res.status, username).toBe(404);
      expect(res.text).not.toContain('Synthetic rationale');
      expect((await agent.get('/vetting/overrides')).status, username).toBe(username === 'ov.manager' ? 403 : 200);
    }
    expect((await logged('vetting.override-recorded'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.override-authoriser'] });
    expect(await overridesOf(refused)).toHaveLength(0);
  });

  it('the form opens only for a refusal that stands', async () => {
    expect((await authoriser.get(`/vetting/casework/${underAppeal}/override`)).status).toBe(404);
    expect((await logged('vetting.override-form-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.override-refusal-stands'] });
  });

  it('404 for anyone who is not an authoriser of the vetting authority; the independent authoriser sees the decision record', async () => {
    expect((await stranger.get(`/vetting/casework/${refused}/override`)).status).toBe(404);
    expect((await officer.get(`/vetting/casework/${refused}/override`)).status).toBe(404);
    expect((await logged('vetting.override-form-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.override-authoriser'] });
    expect((await authoriser.get(`/vetting/casework/${NOBODY}/override`)).status).toBe(404);
    const page = await authoriser.get(`/vetting/casework/${refused}/override`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Synthetic rationale: a caution was not disclosed.');
    expect((await logged('vetting.override-form-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: authoriserId, subject_id: refused });
  });

  it('an authoriser with any prior involvement is refused, naming why', async () => {
    const cases: [string, string][] = [
      ['ov.decider', 'you made the decision'],
      ['ov.second', 'you were the second officer who answered the proposed refusal'],
      ['ov.caseofficer', 'you were the case officer'],
      ['ov.sponsor', 'you sponsored the application'],
    ];
    for (const [username, why] of cases) {
      const agent = await signIn(t, username);
      const res = await post(agent, `/vetting/casework/${refused}/override`, override());
      expect(res.status, username).toBe(403);
      expect(res.text).toContain(`You cannot authorise an override on this application: ${why}. It must be someone with no prior involvement in the case.`);
    }
    const own = await post(applicant, `/vetting/casework/${refused}/override`, override());
    expect(own.status).toBe(403);
    expect(own.text).toContain('you are the applicant');
    expect((await logged('vetting.override-recorded'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.override-independence'] });
    expect(await overridesOf(refused)).toHaveLength(0);
  });

  it('400: risk assessment, conditions and a future review date within the clearance term are required; nothing saved', async () => {
    const res = await post(authoriser, `/vetting/casework/${refused}/override`, override({ riskAssessment: '', conditions: ' ', ...dateBoxes('reviewOn', dayFromNow(t, -1)) }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the risk assessment: the risk you are accepting and why');
    expect(res.text).toContain('Enter the conditions of the clearance');
    expect(res.text).toContain('The expiry or review date must be in the future');
    const far = await post(authoriser, `/vetting/casework/${refused}/override`, override({ ...dateBoxes('reviewOn', dayFromNow(t, 365 * 4)) }));
    expect(far.status).toBe(400);
    expect(far.text).toMatch(/The expiry or review date must be no later than \d{1,2} \w+ \d{4}, when clearance at this level would end/);
    expect(far.text).toContain('Supervised access; monthly review');
    const impossible = await post(authoriser, `/vetting/casework/${refused}/override`, override({ 'reviewOn-day': '31', 'reviewOn-month': '2' }));
    expect(impossible.text).toContain('The expiry or review date must be a real date');
    expect(await overridesOf(refused)).toHaveLength(0);
  });

  it('only a refusal that stands can be overridden', async () => {
    const res = await post(authoriser, `/vetting/casework/${underAppeal}/override`, override());
    expect(res.status).toBe(409);
    expect(res.text).toContain('An override can only follow a refusal that stands: after a second officer agreed it, or after an appeal was dismissed.');
  });

  it('records the override and grants clearance with its conditions, ending no later than the review date', async () => {
    const res = await post(authoriser, `/vetting/casework/${refused}/override`, override());
    expect(res.status).toBe(303);
    const [row] = await overridesOf(refused);
    overrideId = row!.id;
    expect(row).toMatchObject({ authoriser_user_id: authoriserId, review_on: dayFromNow(t, 180), conditions: 'Supervised access; monthly review' });
    const clearance = await t.database.db.selectFrom('clearance').selectAll().where('user_id', '=', cast.applicant).executeTakeFirstOrThrow();
    expect(clearance).toMatchObject({ application_id: refused, conditions: 'Supervised access; monthly review' });
    expect(new Date(clearance.expires_at).toISOString().slice(0, 10) <= dayFromNow(t, 180)).toBe(true);
    expect(await eventsOf(t, 'vetting.override-recorded')).toHaveLength(1);
    expect((await applicant.get(`/vetting/applications/${refused}/appeal`)).text).toContain('Supervised access; monthly review');
    const again = await post(authoriser, `/vetting/casework/${refused}/override`, override());
    expect(again.status).toBe(409);
    expect(again.text).toContain('This application already has a risk-accepted override.');
  });

  it('lists overrides with counts and a CSV for officers and authorisers; refuses anyone else', async () => {
    const list = await officer.get('/vetting/overrides');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/vetting/overrides/${overrideId}`);
    expect(list.text).toMatch(/data-testid="override-count">1</);
    expect(list.text).toMatch(/data-testid="override-adverse-count">0</);
    expect(list.text).toMatch(/Review by \d{1,2} \w+ \d{4} \(180 days left\)/);
    expect((await logged('vetting.overrides-listed'))[0]).toMatchObject({ decision: 'allowed' });
    const csv = await authoriser.get('/vetting/overrides.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('"Application","Level","Applicant","Authoriser","Decided","Expiry or review date","Clearance ends","Adverse outcomes"');
    expect(csv.text).toContain(`"${dayFromNow(t, 180)}"`);
    expect((await logged('vetting.overrides-exported'))[0]).toMatchObject({ decision: 'allowed' });
    expect((await stranger.get('/vetting/overrides')).status).toBe(403);
    expect((await stranger.get('/vetting/overrides.csv')).status).toBe(403);
    // The applicant (an authoriser) never sees the override on their own application.
    expect((await applicant.get('/vetting/overrides')).text).not.toContain(overrideId);
  });

  it('records later adverse outcomes against an override, and the list counts them', async () => {
    expect((await stranger.get(`/vetting/overrides/${overrideId}`)).status).toBe(404);
    expect((await applicant.get(`/vetting/overrides/${overrideId}`)).status).toBe(404);
    expect((await logged('vetting.override-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.own-application'] });
    const page = await officer.get(`/vetting/overrides/${overrideId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Synthetic: low risk, supervised access only');
    expect((await logged('vetting.override-viewed'))[0]).toMatchObject({ decision: 'allowed', subject_id: refused });
    const bad = await post(officer, `/vetting/overrides/${overrideId}/outcomes`, { ...dateBoxes('occurredOn', dayFromNow(t, -30)), description: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose what kind of outcome it was');
    expect(bad.text).toMatch(/The date it happened must be on or after the override, \d{1,2} \w+ \d{4}/);
    expect(bad.text).toContain('Describe what happened');
    expect((await post(stranger, `/vetting/overrides/${overrideId}/outcomes`, { kind: 'crime' })).status).toBe(404);
    const ok = await post(officer, `/vetting/overrides/${overrideId}/outcomes`, { kind: 'misconduct', ...dateBoxes('occurredOn', dayFromNow(t, 0)), description: 'Synthetic: misuse of a work system' });
    expect(ok.status).toBe(303);
    expect((await officer.get(`/vetting/overrides/${overrideId}`)).text).toContain('Synthetic: misuse of a work system');
    expect((await officer.get('/vetting/overrides')).text).toMatch(/data-testid="override-adverse-count">1</);
    expect(await eventsOf(t, 'vetting.override-outcome-recorded')).toHaveLength(1);
  });
});
