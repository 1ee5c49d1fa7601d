import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertApplication, nextApplicationReference } from './vetting.repository.ts';
import { listSubjects } from './vetting.subjects.ts';
import { VALID } from './vetting.form.fixtures.ts';

let t: TestApp;
let applicant: Agent;
let sponsor: Agent;
let stranger: Agent;
let id: string;

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const saved = (section: string) => t.database.db.selectFrom('vetting_answer').selectAll().where('application_id', '=', id).where('section', '=', section).executeTakeFirst();
const stateOf = async () => (await t.database.db.selectFrom('vetting_application').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow());
const sectionPath = (s: string) => `/vetting/applications/${id}/sections/${s}`;

async function save(agent: Agent, section: string, body: Record<string, string>, version: number | string, action = 'continue') {
  const csrf = await csrfOf(agent, '/account');
  return agent.post(sectionPath(section)).type('form').send({ _csrf: csrf, version: String(version), action, ...body });
}

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  const applicantId = await createTestUser(t, { username: 'vf.applicant', unitId: orgs.unitA });
  const sponsorId = await createTestUser(t, { username: 'vf.sponsor', unitId: orgs.unitA, roles: ['manager'] });
  await createTestUser(t, { username: 'vf.stranger', unitId: orgs.unitB, roles: ['manager'] });
  id = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) =>
    insertApplication(tx.db, { reference: await nextApplicationReference(tx.db), applicantUserId: applicantId, sponsorUserId: sponsorId, level: 'NPPV2', need: 'Reads the register for MAPPA cases', formVersion: 'NPPV2-2026.1', renewalOf: null, formDueAt: new Date(t.clock.now().getTime() + 20 * 86_400_000), at: t.clock.now() }),
  );
  applicant = await signIn(t, 'vf.applicant');
  sponsor = await signIn(t, 'vf.sponsor');
  stranger = await signIn(t, 'vf.stranger');
});
afterAll(() => t?.close());

describe("the applicant's form", () => {
  it('401: every page asks for sign-in; the privacy notice is public and 404 for an unknown version', async () => {
    for (const path of ['/vetting', `/vetting/applications/${id}`, sectionPath('personal'), `/vetting/applications/${id}/check-answers`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
    const notice = await request(t.app).get('/vetting/privacy-notice/NPPV3-2026.1');
    expect(notice.status).toBe(200);
    expect(notice.text).toContain('DPA 2018 Schedule 1 paragraph 6');
    expect(notice.text).toContain('About how much unsecured borrowing do you have now');
    expect((await request(t.app).get('/vetting/privacy-notice/NPPV9-1999')).status).toBe(404);
  });

  it('404: the sponsor and anyone else are told "not found", and the log keeps the reason', async () => {
    for (const agent of [sponsor, stranger]) {
      expect((await agent.get(`/vetting/applications/${id}`)).status).toBe(404);
      expect((await agent.get(sectionPath('personal'))).status).toBe(404);
      expect((await save(agent, 'personal', VALID.personal!, 0)).status).toBe(404);
      expect((await agent.get(`/vetting/applications/${id}/check-answers`)).status).toBe(404);
      const csrf = await csrfOf(agent, '/account');
      expect((await agent.post(`/vetting/applications/${id}/submit`).type('form').send({ _csrf: csrf, version: '1' })).status).toBe(404);
    }
    expect((await logged('vetting.submit'))[0]).toMatchObject({ decision: 'denied', subject_id: id, policy_ids: ['vetting.applicant-only'] });
    expect((await applicant.get('/vetting/applications/not-an-id')).status).toBe(404);
    expect((await applicant.get(sectionPath('health'))).status).toBe(404);
    expect(await logged('vetting.task-list-viewed')).toContainEqual(expect.objectContaining({ decision: 'denied', subject_id: id, policy_ids: ['vetting.applicant-only'] }));
    expect((await logged('vetting.answers-saved'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
    expect(await saved('personal')).toBeUndefined();
  });

  it('200: the applicant sees their applications and the task list, every section not started, the declaration not yet', async () => {
    const list = await applicant.get('/vetting');
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/VET-\d{6}/);
    const page = await applicant.get(`/vetting/applications/${id}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/Not started/g)).toHaveLength(8);
    expect(page.text).toContain('Cannot start yet');
    expect((await logged('vetting.task-list-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', subject_id: id, purpose_code: 'vetting', subject_type: 'vetting-application' });
  });

  it('400: a section with mistakes is saved as typed, the errors say what to fix, and the first save starts the application', async () => {
    const res = await save(applicant, 'personal', { ...VALID.personal!, niNumber: '123', placeOfBirth: '' }, 0);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a National Insurance number in the right format, like QQ 12 34 56 C');
    expect(res.text).toContain('Enter the town and country of birth');
    expect(res.text).toContain('Your answers have been saved as you typed them');
    expect(res.text).toContain('value="123"');
    expect((await saved('personal'))!.answers).toMatchObject({ niNumber: '123', familyName: 'Example' });
    expect(await stateOf()).toMatchObject({ state: 'in-progress' });
    expect((await eventsOf(t, 'vetting.start'))).toHaveLength(1);
    expect((await applicant.get(`/vetting/applications/${id}`)).text).toContain('In progress');
    const [entry] = await logged('vetting.answers-saved');
    expect(entry).toMatchObject({ kind: 'collection', decision: 'allowed' });
    expect(JSON.stringify(entry)).not.toContain('Example');
    const [event] = await eventsOf(t, 'vetting.answers-saved');
    expect(event!.payload).toEqual({ section: 'personal', version: 1 });
  });

  it('409: a page loaded before another save is refused whole, shown again as typed, and the saved answers kept', async () => {
    const res = await save(applicant, 'personal', { ...VALID.personal!, familyName: 'Stale' }, 0);
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/This section was saved at \d\d:\d\d on \d+ \w+ \d{4}, perhaps in another window, after you opened this page\. Nothing from this page has been saved/);
    expect(res.text).toContain('value="Stale"');
    expect((await saved('personal'))!.answers).toMatchObject({ familyName: 'Example' });
    expect((await saved('personal'))!.version).toBe(1);
  });

  it('409: while processing is restricted, nothing can be saved; once lifted, saving works again', async () => {
    const officer = (await t.database.db.selectFrom('vetting_application').select('sponsor_user_id').where('id', '=', id).executeTakeFirstOrThrow()).sponsor_user_id;
    const restriction = await t.database.db.insertInto('vetting_restriction').values({ application_id: id, reason: 'Accuracy contested by the applicant', recorded_by: officer, recorded_at: t.clock.now() }).returning('id').executeTakeFirstOrThrow();
    const res = await save(applicant, 'personal', { ...VALID.personal!, familyName: 'Restricted' }, 1);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Processing of this application is restricted: nothing can be changed until the restriction is lifted.');
    expect((await saved('personal'))!.answers).toMatchObject({ familyName: 'Example' });
    await t.database.db.updateTable('vetting_restriction').set({ lifted_at: t.clock.now(), lifted_by: officer, lift_reason: 'Corrected' }).where('id', '=', restriction.id).execute();
  });

  it('save and come back later keeps every answer; the page shows them again', async () => {
    const res = await save(applicant, 'personal', VALID.personal!, 1, 'later');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/vetting/applications/${id}`);
    const page = await applicant.get(sectionPath('personal'));
    expect(page.text).toContain('value="QQ 12 34 56 C"');
    expect(page.text).toContain('name="version" value="2"');
  });

  it('"Add another" saves and shows a blank entry; an address gap is shown, and fixing it completes the section', async () => {
    const gap = { ...VALID.addresses!, 'addresses-0-from-month': '1', 'addresses-0-from-year': '2024' };
    const added = await save(applicant, 'addresses', gap, 0, 'add-addresses');
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`${sectionPath('addresses')}?add=addresses#addresses`);
    const page = await applicant.get(`${sectionPath('addresses')}?add=addresses`);
    expect(page.text.match(/data-testid="entry-addresses"/g)).toHaveLength(2);
    const entryId = /name="addresses-0-entryId" value="([0-9a-f-]{36})"/.exec(page.text)![1];
    const second = { 'addresses-1-line1': '2 Former Street, Exampleton', 'addresses-1-postcode': 'EX2 2BB', 'addresses-1-country': 'UK', 'addresses-1-from-month': '1', 'addresses-1-from-year': '2015', 'addresses-1-to-month': '6', 'addresses-1-to-year': '2023' };
    const withGap = await save(applicant, 'addresses', { ...gap, 'addresses-0-entryId': entryId!, ...second }, 1);
    expect(withGap.status).toBe(400);
    expect(withGap.text).toContain('There is a gap from July 2023 to December 2023: add the address where you lived then');
    const fixed = await save(applicant, 'addresses', { ...gap, 'addresses-0-entryId': entryId!, 'addresses-0-from-month': '6', 'addresses-0-from-year': '2023', ...second }, 2);
    expect(fixed.status).toBe(303);
    const stored = (await saved('addresses'))!.answers as { addresses: { entryId: string }[] };
    expect(stored.addresses).toHaveLength(2);
    expect(stored.addresses[0]!.entryId).toBe(entryId);
  });

  it('the declaration cannot be started, and submission is refused, until every section is complete', async () => {
    const early = await save(applicant, 'declaration', VALID.declaration!, 0);
    expect(early.status).toBe(409);
    expect(early.text).toContain('Complete every other section before the declaration. Nothing has been saved.');
    const { version } = await stateOf();
    const csrf = await csrfOf(applicant, '/account');
    const refused = await applicant.post(`/vetting/applications/${id}/submit`).type('form').send({ _csrf: csrf, version: String(version) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('You cannot submit yet: complete every section first');
    expect(refused.text).toContain('Family and household: not started');
    expect(await stateOf()).toMatchObject({ state: 'in-progress' });
  });

  it('a complete form is submitted; the subjects are the applicant and the listed relatives; answers then cannot change', async () => {
    for (const section of ['family', 'associates', 'convictions', 'finances', 'employment', 'disclosure', 'declaration']) {
      const res = await save(applicant, section, VALID[section]!, 0);
      expect(res.status, `${section}: ${res.text.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]}`).toBe(303);
    }
    const check = await applicant.get(`/vetting/applications/${id}/check-answers`);
    expect(check.status).toBe(200);
    expect(check.text).toContain('1 February 1985');
    expect((await logged('vetting.answers-checked'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed' });
    const version = /name="version" value="(\d+)"/.exec(check.text)![1];
    const csrf = await csrfOf(applicant, '/account');
    const res = await applicant.post(`/vetting/applications/${id}/submit`).type('form').send({ _csrf: csrf, version });
    expect(res.status).toBe(303);
    expect(await stateOf()).toMatchObject({ state: 'submitted' });
    expect((await eventsOf(t, 'vetting.submit'))[0]).toMatchObject({ subject_id: id });
    const subjects = await listSubjects(t.database.db, id);
    expect(subjects.map((s) => [s.label, s.kind])).toEqual([['Applicant: Test vf.applicant', 'applicant'], ['Mother: Jo Example', 'relative'], ['Father (name not known)', 'relative']]);
    expect(subjects[1]!.key).toMatch(/^relative:[0-9a-f-]{36}$/);
    const late = await save(applicant, 'disclosure', VALID.disclosure!, 1);
    expect(late.status).toBe(409);
    expect(late.text).toContain('This application is submitted: its answers can no longer be changed. Nothing has been saved.');
  });

  it('returned for information, the applicant may change answers and send the application back (resubmit)', async () => {
    // As a vetting officer's return leaves it (casework's own operation is tested there).
    await t.database.db.updateTable('vetting_application').set({ state: 'returned', returned_at: t.clock.now(), version: (eb) => eb('version', '+', 1) }).where('id', '=', id).execute();
    const row = await saved('disclosure');
    const changed = await save(applicant, 'disclosure', { anything: 'yes', details: 'A relative was cautioned in 2019' }, row!.version);
    expect(changed.status).toBe(303);
    const check = await applicant.get(`/vetting/applications/${id}/check-answers`);
    const version = /name="version" value="(\d+)"/.exec(check.text)![1];
    const csrf = await csrfOf(applicant, '/account');
    expect((await applicant.post(`/vetting/applications/${id}/submit`).type('form').send({ _csrf: csrf, version })).status).toBe(303);
    expect(await stateOf()).toMatchObject({ state: 'submitted' });
    expect(await eventsOf(t, 'vetting.resubmit')).toHaveLength(1);
  });
});
