import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { makeApplication } from '../vetting/vetting.relatives.fixtures.ts';

let t: TestApp;
let applicant: Agent;
let lead: Agent;
let sponsor: Agent;
let applicantId: string;
let appId: string;
let unitA: string;
let sponsorId: string;

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const responses = () => t.database.db.selectFrom('equality_response').selectAll().execute();
const answers = {
  ethnicity: 'white-irish',
  sex: 'female',
  genderSameAsBirth: 'yes',
  ageBand: '35-to-44',
  disability: 'no',
  religion: 'other',
  religionOther: 'Synthetic faith',
  sexualOrientation: 'prefer-not-to-say',
};

async function save(agent: Agent, id: string, body: Record<string, string>) {
  const csrf = await csrfOf(agent, '/account');
  return agent.post(`/vetting/applications/${id}/equality`).type('form').send({ _csrf: csrf, ...body });
}

/** One row of a summary table: its cells' numbers, in column order. */
function summaryRow(html: string, table: string, rowText: string): number[] {
  const section = html.slice(html.indexOf(`data-testid="summary-${table}"`));
  const body = section.slice(0, section.indexOf('</table>'));
  const at = body.indexOf(`>${rowText}</th>`);
  if (at < 0) throw new Error(`No row ${rowText} in ${table}`);
  const row = body.slice(at, body.indexOf('</tr>', at));
  return [...row.matchAll(/numeric">(\d+)</g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  unitA = orgs.unitA;
  applicantId = await createTestUser(t, { username: 'eq.applicant', unitId: unitA, demo: true });
  sponsorId = await createTestUser(t, { username: 'eq.sponsor', unitId: unitA, roles: ['manager'], demo: true });
  await createTestUser(t, { username: 'eq.lead', unitId: orgs.unitB, roles: ['equality-lead'], demo: true });
  appId = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'in-progress' });
  applicant = await signIn(t, 'eq.applicant');
  lead = await signIn(t, 'eq.lead');
  sponsor = await signIn(t, 'eq.sponsor');
});
afterAll(() => t?.close());

describe("the applicant's equality page", () => {
  it('asks for sign-in without a session', async () => {
    expect((await request(t.app).get(`/vetting/applications/${appId}/equality`)).status).toBe(401);
  });

  it('is not found for anyone else, even the equality lead; logged as denied', async () => {
    for (const agent of [sponsor, lead]) expect((await agent.get(`/vetting/applications/${appId}/equality`)).status).toBe(404);
    const [entry] = await logged('equality.form-viewed');
    expect(entry).toMatchObject({ decision: 'denied', subject_id: appId, purpose_code: 'other', purpose_text: 'equality monitoring' });
    expect((await sponsor.post(`/vetting/applications/${appId}/equality`).type('form').send({ _csrf: await csrfOf(sponsor), ...answers })).status).toBe(404);
    expect(await responses()).toHaveLength(0);
  });

  it('shows the questions, each with "Prefer not to say", logged', async () => {
    const res = await applicant.get(`/vetting/applications/${appId}/equality`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Equality monitoring (optional)');
    expect(res.text).toContain('Gypsy or Irish Traveller');
    expect(res.text).toContain('I object to my answers being used for monitoring');
    expect(res.text.match(/value="prefer-not-to-say"/g)).toHaveLength(7);
    const [entry] = await logged('equality.form-viewed');
    expect(entry).toMatchObject({ decision: 'allowed', subject_id: appId, actor_user_id: applicantId });
  });

  it('refuses an answer that is not one of the choices, saying what to do, keeping the rest', async () => {
    const res = await save(applicant, appId, { ...answers, sex: 'robot' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose one of the answers given to &quot;What is your sex?&quot;, or &quot;Prefer not to say&quot;');
    expect(res.text).toContain('value="Synthetic faith"');
    expect(await responses()).toHaveLength(0);
  });

  it('saves the answers (blanks as "not stated") and shows them back to the applicant only before submission', async () => {
    const res = await save(applicant, appId, { ...answers, disability: '' });
    expect(res.status).toBe(303);
    const [row] = await responses();
    expect(row).toMatchObject({ application_id: appId, ethnicity: 'white-irish', disability: 'not-stated', religion_other: 'Synthetic faith' });
    expect((await eventsOf(t, 'equality.answers-saved'))[0]!.payload).toEqual({});
    const page = await applicant.get(`/vetting/applications/${appId}/equality`);
    expect(page.text).toContain('value="Synthetic faith"');
    await t.database.db.updateTable('vetting_application').set({ state: 'submitted' }).where('id', '=', appId).execute();
    const after = await applicant.get(`/vetting/applications/${appId}/equality`);
    expect(after.text).not.toContain('Synthetic faith');
    expect(after.text).toContain('You answered the questions.');
    const late = await save(applicant, appId, answers);
    expect(late.status).toBe(409);
    expect(late.text).toContain('Your application has been submitted, so your equality answers can no longer be changed.');
    await t.database.db.updateTable('vetting_application').set({ state: 'in-progress' }).where('id', '=', appId).execute();
  });
});

describe("the equality lead's summary", () => {
  it('asks for sign-in without a session, and is refused to anyone but the equality lead (logged)', async () => {
    expect((await request(t.app).get('/equality/summary')).status).toBe(401);
    const res = await sponsor.get('/equality/summary');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Only the equality lead can see the equality monitoring figures.');
    const [entry] = await logged('equality.summary-viewed');
    expect(entry).toMatchObject({ decision: 'denied' });
  });

  it('refuses an unknown level with what to choose', async () => {
    const res = await lead.get('/equality/summary?level=NPPV9');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose a vetting level: NPPV2, NPPV3 or all levels');
  });

  it('shows counts only, by characteristic and where the application stands, logged', async () => {
    const other = await createTestUser(t, { username: 'eq.other', unitId: unitA, demo: true });
    await makeApplication(t, { applicantUserId: other, sponsorUserId: sponsorId, state: 'granted', level: 'NPPV3' });
    const res = await lead.get('/equality/summary');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Synthetic faith');
    expect(res.text).not.toContain('eq.applicant');
    // Columns: filling in, awaiting, granted, refused, discontinued, withdrawn, total.
    expect(summaryRow(res.text, 'ethnicity', 'Irish')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(summaryRow(res.text, 'ethnicity', 'White')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(summaryRow(res.text, 'ethnicity', 'Not stated')).toEqual([0, 0, 1, 0, 0, 0, 1]);
    expect(summaryRow(res.text, 'religion', 'Any other religion')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(summaryRow(res.text, 'disability', 'Not stated')).toEqual([1, 0, 1, 0, 0, 0, 2]);
    expect(summaryRow(res.text, 'sexualOrientation', 'Prefer not to say')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const nppv3 = await lead.get('/equality/summary?level=NPPV3');
    expect(summaryRow(nppv3.text, 'ethnicity', 'Irish')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const [entry] = await logged('equality.summary-viewed');
    expect(entry).toMatchObject({ decision: 'allowed', actor_user_id: expect.any(String), subject_id: null });
  });
});

describe('objecting', () => {
  it('deletes every answer the person gave and leaves them out of the counts, even once submitted', async () => {
    const second = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'withdrawn' });
    await t.database.db
      .insertInto('equality_response')
      .values({ application_id: second, ethnicity: 'asian-indian', sex: 'male', gender_same_as_birth: 'yes', age_band: '25-to-34', disability: 'no', religion: 'hindu', sexual_orientation: 'straight', recorded_at: t.clock.now(), updated_at: t.clock.now() })
      .execute();
    await t.database.db.updateTable('vetting_application').set({ state: 'checks' }).where('id', '=', appId).execute();
    const page = await applicant.get(`/vetting/applications/${appId}/equality`);
    expect(page.text).toContain('I object to my answers being used for monitoring');
    const res = await save(applicant, appId, { object: 'yes' });
    expect(res.status).toBe(303);
    expect(await responses()).toHaveLength(0);
    const [entry] = await logged('equality.objection-recorded');
    expect(entry).toMatchObject({ kind: 'erasure', subject_id: appId });
    const summary = await lead.get('/equality/summary');
    // Only the other applicant's granted application is left, as "Not stated".
    expect(summaryRow(summary.text, 'ethnicity', 'Not stated')).toEqual([0, 0, 1, 0, 0, 0, 1]);
    expect(summaryRow(summary.text, 'sex', 'Not stated')).toEqual([0, 0, 1, 0, 0, 0, 1]);
    expect(summaryRow(summary.text, 'ethnicity', 'Indian')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect((await applicant.get(`/vetting/applications/${appId}/equality`)).text).toContain('You have objected to equality monitoring.');
  });

  it('may be withdrawn by answering again while the form is open', async () => {
    await t.database.db.updateTable('vetting_application').set({ state: 'returned' }).where('id', '=', appId).execute();
    expect((await save(applicant, appId, { ...answers, religion: 'sikh' })).status).toBe(303);
    expect(await t.database.db.selectFrom('equality_objection').selectAll().execute()).toHaveLength(0);
    const [row] = await responses();
    expect(row).toMatchObject({ religion: 'sikh', religion_other: '' });
  });
});
