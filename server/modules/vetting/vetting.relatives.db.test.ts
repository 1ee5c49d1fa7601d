import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfFrom, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { makeApplication } from './vetting.relatives.fixtures.ts';
import { linkSubjects } from './vetting.relatives.repository.ts';
import { listSubjects } from './vetting.subjects.ts';

let t: TestApp;
let applicant: Agent;
let officer: Agent;
let sponsor: Agent;
let applicantId: string;
let appId: string;
let sponsoredAppId: string;

const MAX_FAILURES = 4;
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const linkFrom = (html: string) => {
  const m = /\/vetting\/relative\/([A-Za-z0-9_-]{43})/.exec(html);
  if (!m?.[1]) throw new Error('No link on the page');
  return m[1];
};
const details = {
  familyName: 'Quennell',
  givenNames: 'Ambrose',
  previousNames: 'None',
  'dateOfBirth-day': '4',
  'dateOfBirth-month': '11',
  'dateOfBirth-year': '1958',
  placeOfBirth: 'Leeds, England',
  address: '1 Synthetic Row, Exampletown',
  postcode: 'EX1 1AA',
  nationality: 'British',
};

async function makeLink(relationship = 'my father'): Promise<string> {
  const csrf = await csrfOf(applicant, `/vetting/applications/${appId}/relatives`);
  const res = await applicant.post(`/vetting/applications/${appId}/relatives`).type('form').send({ _csrf: csrf, relationship });
  expect(res.status).toBe(201);
  return linkFrom(res.text);
}

/** The relative: a fresh browser with no account, who opens the page first (for its CSRF token). */
async function relativeSends(token: string, body: Record<string, string> = details) {
  const relative = request.agent(t.app);
  const page = await relative.get(`/vetting/relative/${token}`);
  expect(page.status).toBe(200);
  return relative.post(`/vetting/relative/${token}`).type('form').send({ _csrf: csrfFrom(page.text), ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true, vettingRelatives: { linkDays: 14, maxFailures: MAX_FAILURES } });
  const orgs = await seedOrganisations(t);
  applicantId = await createTestUser(t, { username: 'rel.applicant', unitId: orgs.unitA, demo: true });
  const sponsorId = await createTestUser(t, { username: 'rel.sponsor', unitId: orgs.unitA, roles: ['manager'], demo: true });
  await createTestUser(t, { username: 'rel.officer', unitId: orgs.unitB, roles: ['vetting-officer'], demo: true });
  appId = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'in-progress' });
  const otherId = await createTestUser(t, { username: 'rel.other', unitId: orgs.unitA, demo: true });
  sponsoredAppId = await makeApplication(t, { applicantUserId: otherId, sponsorUserId: sponsorId, state: 'sponsored' });
  applicant = await signIn(t, 'rel.applicant');
  officer = await signIn(t, 'rel.officer');
  sponsor = await signIn(t, 'rel.sponsor');
});
afterAll(() => t?.close());
// Each test's wrong links are its own: the address throttle starts clean.
beforeEach(async () => {
  await t.database.db.deleteFrom('vetting_relative_link_throttle').execute();
});

describe("the applicant's links page", () => {
  it('asks for sign-in without a session', async () => {
    expect((await request(t.app).get(`/vetting/applications/${appId}/relatives`)).status).toBe(401);
  });

  it("is not found for anyone but the applicant, logged as denied", async () => {
    const res = await sponsor.get(`/vetting/applications/${appId}/relatives`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    const [entry] = await logged('vetting.relative-links-viewed');
    expect(entry).toMatchObject({ decision: 'denied', subject_id: appId, purpose_code: 'vetting' });
    expect((await applicant.get('/vetting/applications/not-an-id/relatives')).status).toBe(404);
  });

  it('shows the applicant their links, logged', async () => {
    const res = await applicant.get(`/vetting/applications/${appId}/relatives`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Make a link');
    const [entry] = await logged('vetting.relative-links-viewed');
    expect(entry).toMatchObject({ decision: 'allowed', subject_id: appId, actor_user_id: applicantId });
  });
});

describe('making a link', () => {
  it('refuses a blank relationship with what to write, keeping nothing', async () => {
    const csrf = await csrfOf(applicant, `/vetting/applications/${appId}/relatives`);
    const res = await applicant.post(`/vetting/applications/${appId}/relatives`).type('form').send({ _csrf: csrf, relationship: ' ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter who the link is for, for example &quot;my father&quot; or &quot;co-resident&quot;');
    expect(await t.database.db.selectFrom('vetting_relative_link').select('id').where('application_id', '=', appId).execute()).toHaveLength(0);
  });

  it('shows the link once and keeps only its SHA-256 hash', async () => {
    const token = await makeLink('my mother');
    const [row] = await t.database.db.selectFrom('vetting_relative_link').selectAll().where('application_id', '=', appId).execute();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(14 * 86_400_000);
    const page = await applicant.get(`/vetting/applications/${appId}/relatives`);
    expect(page.text).toContain('my mother');
    expect(page.text).toContain('Not used yet');
    expect(page.text).not.toContain(token);
    expect(await eventsOf(t, 'vetting.relative-link-created')).toHaveLength(1);
  });

  it('is refused before the form is started (409), and for someone else\'s application (404)', async () => {
    const other = await signIn(t, 'rel.other');
    const csrf = await csrfOf(other, `/vetting/applications/${sponsoredAppId}/relatives`);
    const res = await other.post(`/vetting/applications/${sponsoredAppId}/relatives`).type('form').send({ _csrf: csrf, relationship: 'co-resident' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Links for relatives can be made only while you are filling in your form.');
    const csrf2 = await csrfOf(sponsor, '/account');
    expect((await sponsor.post(`/vetting/applications/${appId}/relatives`).type('form').send({ _csrf: csrf2, relationship: 'co-resident' })).status).toBe(404);
  });
});

describe("the relative's link", () => {
  it('opens without signing in: the privacy notice and the form, logged with no actor', async () => {
    const token = await makeLink('co-resident');
    const res = await request(t.app).get(`/vetting/relative/${token}`);
    expect(res.status).toBe(200);
    for (const heading of ['Who we are', 'Our lawful basis', 'What checks we make', 'Who sees it', 'How long we keep it', 'Your rights', 'How to object']) expect(res.text).toContain(heading);
    expect(res.text).toContain('Article 14');
    const [entry] = await logged('vetting.relative-link-opened');
    expect(entry).toMatchObject({ decision: 'allowed', subject_id: appId, actor_user_id: null, purpose_code: 'vetting' });
  });

  it('says plainly that an unknown link is not recognised (404)', async () => {
    for (const token of ['x'.repeat(43), 'short']) {
      const res = await request(t.app).get(`/vetting/relative/${token}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('This link is not recognised');
      expect(res.text).toContain('ask the person applying for vetting to send you a new link');
    }
    const [entry] = await logged('vetting.relative-link-opened');
    expect(entry).toMatchObject({ decision: 'denied', actor_user_id: null, purpose_text: 'relative link unknown' });
  });

  it('refuses bad details with what to fix, keeping every answer and the link unused', async () => {
    const token = await makeLink('my brother');
    const res = await relativeSends(token, { ...details, nationality: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Date of birth must be a real date');
    expect(res.text).toContain('Enter your nationality, or every nationality you hold');
    expect(res.text).toContain('value="Quennell"');
    expect(res.text).toContain('1 Synthetic Row, Exampletown');
    const res2 = await relativeSends(token, { ...details, 'dateOfBirth-year': String(t.clock.now().getFullYear() + 1) });
    expect(res2.text).toContain('Date of birth must be in the past');
    expect(await t.database.db.selectFrom('vetting_relative_details').select('link_id').execute()).toHaveLength(0);
  });

  it('takes the details once; the applicant sees only that it was used; a reused link says so (410)', async () => {
    const token = await makeLink('my father');
    const sent = await relativeSends(token);
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/vetting/relative-sent');
    const [entry] = await logged('vetting.relative-details-submitted');
    expect(entry).toMatchObject({ kind: 'collection', actor_user_id: null, subject_id: appId });
    const [event] = await eventsOf(t, 'vetting.relative-details-submitted');
    expect(JSON.stringify(event!.payload)).not.toContain('Quennell');

    const again = await request(t.app).get(`/vetting/relative/${token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link has already been used');
    expect(again.text).toContain('A link can be used once only.');
    const csrfPage = await request.agent(t.app).get('/sign-in');
    expect(csrfPage.status).toBe(200);
    const agent = request.agent(t.app);
    const signInPage = await agent.get('/sign-in');
    const replay = await agent.post(`/vetting/relative/${token}`).type('form').send({ _csrf: csrfFrom(signInPage.text), ...details, familyName: 'Other' });
    expect(replay.status).toBe(410);
    expect(await t.database.db.selectFrom('vetting_relative_details').select('link_id').execute()).toHaveLength(1);

    const page = await applicant.get(`/vetting/applications/${appId}/relatives`);
    expect(page.text).toContain('Used on');
    expect(page.text).not.toContain('Quennell');
    expect(page.text).not.toContain('Ambrose');
    expect((await applicant.get(`/vetting/casework/${appId}/relatives`)).status).toBe(404);
    const messages = await t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', applicantId).execute();
    expect(messages.map((m) => m.subject)).toContain('A link you sent for a relative has been used');
    expect(JSON.stringify(messages)).not.toContain('Quennell');
  });

  it('says plainly that an expired link has expired (410)', async () => {
    const token = await makeLink('my sister');
    await t.database.db.updateTable('vetting_relative_link').set({ expires_at: new Date(t.clock.now().getTime() - 1000), created_at: new Date(t.clock.now().getTime() - 15 * 86_400_000) }).where('relationship', '=', 'my sister').execute();
    const res = await request(t.app).get(`/vetting/relative/${token}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('This link has expired: links last 14 days. Ask the person applying for vetting to send you a new link.');
    expect((await applicant.get(`/vetting/applications/${appId}/relatives`)).text).toContain('Expired');
  });

  it('locks out an address that tries too many wrong links (429), as sign-in does', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await request(t.app).get(`/vetting/relative/${'y'.repeat(42)}${i}`)).status).toBe(404);
    const token = await makeLink('my uncle');
    const res = await request(t.app).get(`/vetting/relative/${token}`);
    expect(res.status).toBe(429);
    expect(res.text).toContain('Too many links that do not work have been tried from here.');
  });
});

describe('casework: what relatives entered', () => {
  it('asks for sign-in without a session', async () => {
    expect((await request(t.app).get(`/vetting/casework/${appId}/relatives`)).status).toBe(401);
  });

  it('is not found for anyone but a vetting officer, logged as denied', async () => {
    expect((await sponsor.get(`/vetting/casework/${appId}/relatives`)).status).toBe(404);
    const [entry] = await logged('vetting.relative-details-viewed');
    expect(entry).toMatchObject({ decision: 'denied', subject_id: appId });
    expect((await officer.get('/vetting/casework/nope/relatives')).status).toBe(404);
  });

  it('is not found for a vetting officer on their own application, as every other casework page is', async () => {
    const orgs = await seedOrganisations(t);
    const ownerId = await createTestUser(t, { username: 'rel.officer.applicant', unitId: orgs.unitB, roles: ['vetting-officer'], demo: true });
    const sponsorId = await createTestUser(t, { username: 'rel.officer.sponsor', unitId: orgs.unitB, roles: ['manager'], demo: true });
    const ownApp = await makeApplication(t, { applicantUserId: ownerId, sponsorUserId: sponsorId, state: 'in-progress' });
    const own = await signIn(t, 'rel.officer.applicant');
    const res = await own.get(`/vetting/casework/${ownApp}/relatives`);
    expect(res.status).toBe(404);
    const [entry] = await logged('vetting.relative-details-viewed');
    expect(entry).toMatchObject({ decision: 'denied', subject_id: ownApp, policy_ids: ['vetting.own-application'] });
  });

  it('shows a vetting officer the details, logged; and lists the relative as a subject of checks', async () => {
    const res = await officer.get(`/vetting/casework/${appId}/relatives`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Quennell');
    expect(res.text).toContain('4 November 1958');
    const [entry] = await logged('vetting.relative-details-viewed');
    expect(entry).toMatchObject({ decision: 'allowed', subject_id: appId, purpose_code: 'vetting' });
    const subjects = await linkSubjects(t.database.db, appId);
    expect(subjects).toEqual([{ key: expect.stringMatching(/^link:/), label: 'My father: Ambrose Quennell (entered by them)', kind: 'relative' }]);
    expect(await listSubjects(t.database.db, appId)).toContainEqual(subjects[0]);
  });
});
