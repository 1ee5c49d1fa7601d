import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext, type RequestContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertNominal } from '../register/register.repository.ts';
import { saveAnswers } from './vetting.form.repository.ts';
import { insertApplication, nextApplicationReference } from './vetting.repository.ts';

let t: TestApp;
let officer: Agent;
let second: Agent;
let applicant: Agent;
let stranger: Agent;
let ids: Record<'officer' | 'second' | 'applicant' | 'sponsor' | 'stranger' | 'granted', string>;
let unitA: string;

const PDF = Buffer.from('%PDF-1.4\n% synthetic evidence\n');
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const stateOf = async (id: string) => (await t.database.db.selectFrom('vetting_application').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow());

/** A submitted application, as the form would leave it, with a partner and a mother listed. */
async function submitted(applicantId: string, level: 'NPPV2' | 'NPPV3' = 'NPPV3', daysAgo = 3): Promise<string> {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const at = new Date(t.clock.now().getTime() - daysAgo * 86_400_000);
    const id = await insertApplication(tx.db, { reference: await nextApplicationReference(tx.db), applicantUserId: applicantId, sponsorUserId: ids.sponsor, level, need: 'Synthetic: the role needs register access', formVersion: `${level}-2026.1`, renewalOf: null, formDueAt: new Date(t.clock.now().getTime() + 10 * 86_400_000), at });
    await tx.db.updateTable('vetting_application').set({ state: 'submitted', submitted_at: at }).where('id', '=', id).execute();
    const relatives = [
      { entryId: 'p1', relationship: 'partner', fullName: 'Alex Synthetic' },
      { entryId: 'm1', relationship: 'mother', fullName: 'Jo Synthetic' },
    ];
    await saveAnswers(tx.db, { applicationId: id, section: 'family', answers: { relatives } as never, formVersion: `${level}-2026.1`, expectedVersion: 0, userId: applicantId, at });
    return id;
  });
}

async function post(agent: Agent, path: string, body: Record<string, string | string[]>) {
  return agent.post(path).type('form').send({ _csrf: await csrfOf(agent), ...body });
}
const version = async (id: string) => String((await stateOf(id)).version);
const take = async (agent: Agent, id: string) => post(agent, `/vetting/casework/${id}/take`, { version: await version(id) });

const refusal = (extra: Record<string, string | string[]> = {}) => ({
  outcome: 'refused',
  factors: ['C2', 'C4'],
  grounds: 'yes',
  groundsWhy: 'Synthetic: intelligence from two sources.',
  appropriate: 'yes',
  appropriateWhy: 'Synthetic: recent and relevant to the role.',
  reasons: ['non-disclosure', 'adverse-information'],
  disclose: ['non-disclosure'],
  rationale: 'Synthetic rationale: the applicant did not disclose what the checks found.',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  unitA = orgs.unitA;
  ids = {
    officer: await createTestUser(t, { username: 'vet.officer', unitId: orgs.unitB, roles: ['vetting-officer'], demo: true }),
    second: await createTestUser(t, { username: 'vet.second', unitId: orgs.unitB, roles: ['vetting-officer'], demo: true }),
    applicant: await createTestUser(t, { username: 'vet.applicant', unitId: orgs.unitA, demo: true }),
    sponsor: await createTestUser(t, { username: 'vet.sponsor', unitId: orgs.unitA, roles: ['manager'], demo: true }),
    stranger: await createTestUser(t, { username: 'vet.stranger', unitId: orgs.unitA, demo: true }),
    granted: await createTestUser(t, { username: 'vet.granted', unitId: orgs.unitA, demo: true }),
  };
  officer = await signIn(t, 'vet.officer');
  second = await signIn(t, 'vet.second');
  applicant = await signIn(t, 'vet.applicant');
  stranger = await signIn(t, 'vet.stranger');
});
afterAll(() => t?.close());

describe('the casework queue', () => {
  it('asks for sign-in, refuses those without the role (logged), says what to fix, and lists cases oldest first', async () => {
    const old = await submitted(ids.stranger, 'NPPV2', 40);
    const recent = await submitted(ids.applicant, 'NPPV3', 2);
    expect((await request(t.app).get('/vetting/casework')).status).toBe(401);
    expect((await stranger.get('/vetting/casework')).status).toBe(403);
    expect((await logged('vetting.queue-viewed'))[0]).toMatchObject({ decision: 'denied' });
    const bad = await officer.get('/vetting/casework?state=granted');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose a state from the list');
    const res = await officer.get('/vetting/casework');
    expect(res.status).toBe(200);
    const rows = res.text.split('data-testid="queue-row"').slice(1);
    const oldRef = (await t.database.db.selectFrom('vetting_application').select('reference').where('id', '=', old).executeTakeFirstOrThrow()).reference;
    expect(rows[0]).toContain(oldRef);
    expect(rows[0]).toContain('Overdue');
    expect(rows[0]).toContain('40 days of 30');
    const nppv3 = await officer.get('/vetting/casework?level=NPPV3&state=submitted');
    expect(nppv3.text).not.toContain(oldRef);
    expect(nppv3.text).toContain(`/vetting/casework/${recent}`);
    expect((await logged('vetting.queue-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ids.officer, purpose_code: 'vetting' });
  });

  it('never shows an officer their own application, and gives "not found" for it', async () => {
    const own = await submitted(ids.officer);
    expect((await officer.get('/vetting/casework')).text).not.toContain(`/vetting/casework/${own}`);
    expect((await officer.get(`/vetting/casework/${own}`)).status).toBe(404);
    expect((await logged('vetting.case-viewed'))[0]).toMatchObject({ decision: 'denied', subject_id: own, policy_ids: ['vetting.own-application'] });
  });
});

describe('taking a case and returning it for information', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitted(ids.applicant);
  });

  it('case page: 401, 404 for the applicant and others (logged), 200 for an officer (logged)', async () => {
    expect((await request(t.app).get(`/vetting/casework/${id}`)).status).toBe(401);
    expect((await applicant.get(`/vetting/casework/${id}`)).status).toBe(404);
    expect((await stranger.get(`/vetting/casework/${randomUUID()}`)).status).toBe(404);
    expect((await logged('vetting.case-viewed'))[0]).toMatchObject({ decision: 'denied' });
    const res = await officer.get(`/vetting/casework/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Partner: Alex Synthetic');
    expect((await logged('vetting.case-viewed'))[0]).toMatchObject({ decision: 'allowed', subject_id: id, subject_type: 'vetting-application' });
  });

  it('return: 400 with nothing listed (nothing saved), 404 for others, then once only', async () => {
    expect((await request(t.app).get(`/vetting/casework/${id}/return`)).status).toBe(401);
    expect((await stranger.get(`/vetting/casework/${id}/return`)).status).toBe(404);
    expect((await officer.get(`/vetting/casework/${id}/return`)).text).toContain('You can return an application once');
    const empty = await post(officer, `/vetting/casework/${id}/return`, { version: await version(id), items: '  \n ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter what is missing, one thing on each line');
    expect((await post(stranger, `/vetting/casework/${id}/return`, { version: await version(id), items: 'x' })).status).toBe(404);
    expect((await stateOf(id)).state).toBe('submitted');

    const ok = await post(officer, `/vetting/casework/${id}/return`, { version: await version(id), items: 'Your address from March 2019 to June 2019\nYour partner\'s date of birth' });
    expect(ok.status).toBe(303);
    expect((await stateOf(id)).state).toBe('returned');
    expect(await eventsOf(t, 'vetting.return-for-information')).toHaveLength(1);

    expect((await applicant.get(`/vetting/applications/${id}`)).text, 'the task list leads to what is missing').toContain(`href="/vetting/applications/${id}/returned"`);
    const page = await applicant.get(`/vetting/applications/${id}/returned`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your address from March 2019 to June 2019');
    expect((await logged('vetting.returned-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ids.applicant });
    expect((await stranger.get(`/vetting/applications/${id}/returned`)).status).toBe(404);
    expect((await request(t.app).get(`/vetting/applications/${id}/returned`)).status).toBe(401);

    // Sent back by the applicant: a second return is refused with the reason.
    await t.database.db.updateTable('vetting_application').set({ state: 'submitted' }).where('id', '=', id).execute();
    const again = await post(officer, `/vetting/casework/${id}/return`, { version: await version(id), items: 'More' });
    expect(again.status).toBe(303);
    expect((await officer.get(`/vetting/casework/${id}`)).text).toContain('already been returned for information once');
    expect((await stateOf(id)).state).toBe('submitted');
  });

  it('take: 400 without a version, 404 for others, then the officer becomes the case officer', async () => {
    expect((await post(officer, `/vetting/casework/${id}/take`, {})).status).toBe(400);
    expect((await take(stranger, id)).status).toBe(404);
    expect((await take(officer, id)).status).toBe(303);
    const row = await t.database.db.selectFrom('vetting_application').select(['state', 'case_officer_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'checks', case_officer_id: ids.officer });
    expect((await logged('vetting.take-case'))[0]).toMatchObject({ kind: 'alteration', decision: 'allowed' });
  });
});

describe('checks', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitted(ids.applicant);
  });

  it('deciding before checks is refused with the reason, and so is recording a check', async () => {
    const early = await post(officer, `/vetting/casework/${id}/decision`, { ...refusal(), version: await version(id) });
    expect(early.status).toBe(409);
    expect(early.text).toContain('Refusal can only be proposed once the case is in checks.');
    expect(early.text).toContain('Synthetic rationale');
    const check = await officer.post(`/vetting/casework/${id}/checks/applicant/pnc`).field('_csrf', await csrfOf(officer)).field('result', 'no-trace').field('checkedOn-day', '1').field('checkedOn-month', '1').field('checkedOn-year', '2026').field('evidence', 'x');
    expect(check.status).toBe(303);
    expect((await officer.get(`/vetting/casework/${id}`)).text).toContain('take the case first');
  });

  it('a decision with checks missing is refused, saying which', async () => {
    await take(officer, id);
    const res = await post(officer, `/vetting/casework/${id}/decision`, { ...refusal(), version: await version(id) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Every required check must be recorded before a decision. Still missing: Applicant: Test vet.applicant: Police National Computer (PNC)');
    expect(res.text).not.toContain('Mother: Jo Synthetic: Police National Computer (PNC), Police National Database (PND), Local intelligence, Special branch (counter-terrorism), Credit reference');
    expect((await stateOf(id)).state).toBe('checks');
  });

  it('records a check by hand: 400 says what to fix, a renamed file is refused, 404 for others, 200 with a PDF', async () => {
    const url = `/vetting/casework/${id}/checks/${encodeURIComponent('relative:m1')}/pnd`;
    expect((await request(t.app).get(url)).status).toBe(401);
    expect((await officer.get(`/vetting/casework/${id}/checks/${encodeURIComponent('relative:m1')}/credit`)).status).toBe(404);
    expect((await stranger.get(url)).status).toBe(404);
    expect((await officer.get(url)).status).toBe(200);
    const csrf = await csrfOf(officer);
    const bad = await officer.post(url).field('_csrf', csrf).field('checkedOn-day', '1').field('checkedOn-month', '1').field('checkedOn-year', '2999').field('evidence', 'Kept answer');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose the result of the check');
    expect(bad.text).toContain('The date of the check must be today or in the past');
    expect(bad.text).toContain('Kept answer');
    const renamed = await officer.post(url).field('_csrf', csrf).field('result', 'adverse').field('checkedOn-day', '1').field('checkedOn-month', '1').field('checkedOn-year', '2026').field('evidence', 'PND ref SYN-1').attach('file', Buffer.from('MZ not a pdf'), 'evidence.pdf');
    expect(renamed.status).toBe(400);
    expect(renamed.text).toContain('The selected file must be a PDF, JPEG, PNG or WebP file');
    const ok = await officer.post(url).field('_csrf', csrf).field('result', 'adverse').field('checkedOn-day', '1').field('checkedOn-month', '1').field('checkedOn-year', '2026').field('evidence', 'PND ref SYN-1').attach('file', PDF, 'evidence.pdf');
    expect(ok.status).toBe(303);
    const row = await t.database.db.selectFrom('vetting_check').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject_key: 'relative:m1', kind: 'pnd', result: 'adverse', checked_on: '2026-01-01', officer_user_id: ids.officer, connector: 'manual' });
    const file = await officer.get(`/vetting/casework/${id}/files/${row.file_id}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((await stranger.get(`/vetting/casework/${id}/files/${row.file_id}`)).status).toBe(404);
    expect((await officer.get(`/vetting/casework/${id}/files/${randomUUID()}`)).status).toBe(404);
    expect((await logged('vetting.check-recorded'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed' });
  });

  it('"run all" fills every missing check through the simulated connector, labelled so; credit only for the applicant and partner', async () => {
    expect((await post(stranger, `/vetting/casework/${id}/checks/run`, {})).status).toBe(404);
    const res = await post(officer, `/vetting/casework/${id}/checks/run`, {});
    expect(res.status).toBe(303);
    const rows = await t.database.db.selectFrom('vetting_check').select(['subject_key', 'kind', 'connector']).where('application_id', '=', id).execute();
    // Applicant 5 + partner 5 + mother 4, one of which was recorded by hand.
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => r.kind === 'credit').map((r) => r.subject_key).sort()).toEqual(['applicant', 'relative:p1']);
    expect(rows.filter((r) => r.connector === 'simulated')).toHaveLength(13);
    const page = await officer.get(`/vetting/casework/${id}`);
    expect(page.text).toContain('Every required check is recorded.');
    expect(page.text).toContain('Simulated');
    expect(await eventsOf(t, 'vetting.checks-run')).toHaveLength(1);
  });
});

describe('decisions: four eyes for a refusal, and what the applicant sees', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitted(ids.applicant);
    await take(officer, id);
    await post(officer, `/vetting/casework/${id}/checks/run`, {});
  });

  it('decision form: 401, 404 for others, 200 for an officer; 400 says what to fix and keeps every answer', async () => {
    expect((await request(t.app).get(`/vetting/casework/${id}/decision`)).status).toBe(401);
    expect((await applicant.get(`/vetting/casework/${id}/decision`)).status).toBe(404);
    expect((await officer.get(`/vetting/casework/${id}/decision`)).status).toBe(200);
    expect((await logged('vetting.decision-form-viewed'))[0]).toMatchObject({ decision: 'allowed' });
    const bad = await post(officer, `/vetting/casework/${id}/decision`, { ...refusal({ grounds: '', rationale: '', disclose: ['financial'] }), version: await version(id) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Answer stage 1: are there reasonable grounds for suspicion?');
    expect(bad.text).toContain('Only a reason you chose can be disclosed to the applicant');
    expect(bad.text).toContain('Enter the rationale');
    expect(bad.text).toContain('Synthetic: intelligence from two sources.');
    expect((await stateOf(id)).state).toBe('checks');
    expect((await post(stranger, `/vetting/casework/${id}/decision`, { ...refusal(), version: await version(id) })).status).toBe(404);
  });

  it('the proposer can never agree with (or reject) their own refusal; a second officer can reject it with a reason', async () => {
    expect((await post(officer, `/vetting/casework/${id}/decision`, { ...refusal(), version: await version(id) })).status).toBe(303);
    expect((await stateOf(id)).state).toBe('refusal-proposed');
    const self = await post(officer, `/vetting/casework/${id}/refusal`, { answer: 'agree', version: await version(id) });
    expect(self.status).toBe(403);
    expect(self.text).toContain('You proposed this refusal. A different vetting officer must agree with it or reject it.');
    expect((await stateOf(id)).state).toBe('refusal-proposed');
    expect((await logged('vetting.refusal-agree'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.four-eyes'] });
    expect((await post(stranger, `/vetting/casework/${id}/refusal`, { answer: 'agree', version: await version(id) })).status).toBe(404);
    const noReason = await post(second, `/vetting/casework/${id}/refusal`, { answer: 'reject', version: await version(id) });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Explain why you do not agree');
    expect((await post(second, `/vetting/casework/${id}/refusal`, { answer: 'reject', answerReason: 'Synthetic: check the PND result again.', version: await version(id) })).status).toBe(303);
    expect((await stateOf(id)).state).toBe('checks');
    // Only a standing decision reaches the applicant.
    expect((await applicant.get(`/vetting/applications/${id}/outcome`)).text).toContain('No decision has been made yet');
  });

  it('a different officer agrees: refused, decided by the proposer, agreed by the second; the applicant sees the outcome, disclosable reasons and the appeal deadline', async () => {
    await post(officer, `/vetting/casework/${id}/decision`, { ...refusal(), version: await version(id) });
    expect((await post(second, `/vetting/casework/${id}/refusal`, { answer: 'agree', version: await version(id) })).status).toBe(303);
    expect((await stateOf(id)).state).toBe('refused');
    const decision = await t.database.db.selectFrom('vetting_decision').selectAll().where('application_id', '=', id).where('status', '=', 'agreed').executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decided_by: ids.officer, second_officer_id: ids.second, outcome: 'refused', reason_codes: ['non-disclosure', 'adverse-information'], criteria_version: 'VC-2026.1' });
    expect((await t.database.db.selectFrom('clearance').select('user_id').where('user_id', '=', ids.applicant).execute())).toHaveLength(0);
    const casePage = (await officer.get(`/vetting/casework/${id}`)).text;
    expect(casePage, 'the case leads to the time to appeal and to restriction, not to withdrawing a clearance it never gave').toContain(`href="/vetting/casework/${id}/appeal-window"`);
    expect(casePage).toContain(`href="/vetting/applications/${id}/restriction"`);
    expect(casePage).not.toContain('/withdraw-clearance');

    expect((await request(t.app).get(`/vetting/applications/${id}/outcome`)).status).toBe(401);
    expect((await officer.get(`/vetting/applications/${id}/outcome`)).status).toBe(404);
    const taskList = (await applicant.get(`/vetting/applications/${id}`)).text;
    expect(taskList, 'the task list leads to the decision and the appeal').toContain(`href="/vetting/applications/${id}/outcome"`);
    expect(taskList).toContain(`href="/vetting/applications/${id}/appeal"`);
    expect(taskList).not.toContain(`/vetting/applications/${id}/returned`);
    const page = await applicant.get(`/vetting/applications/${id}/outcome`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Clearance refused');
    expect(page.text).toContain('Failure to disclose');
    expect(page.text).not.toContain('Adverse information');
    expect(page.text).toContain('There is another reason that we cannot give you');
    expect(page.text).toContain(`/vetting/applications/${id}/appeal`);
    expect(page.text, 'counted in whole UK days, as the appeals page counts them').toMatch(/Appeal by \d{1,2} [A-Z][a-z]+ \d{4} \(14 days left\)/);
    expect(page.text).toContain('within 14 days');
    expect(page.text).not.toContain('Synthetic rationale');
    expect((await logged('vetting.outcome-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ids.applicant });
    const messages = await t.database.db.selectFrom('user_message').select(['subject', 'link']).where('user_id', '=', ids.applicant).execute();
    expect(messages.some((m) => m.link === `/vetting/applications/${id}/outcome`)).toBe(true);
  });
});

describe('clearance from vetting', () => {
  it('a grant writes the clearance the register reads: access works at once, and ends the moment it expires or is withdrawn', async () => {
    const nominal = await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
      insertNominal(tx.db, { nominalType: 'rso', dateOfBirth: '1980-01-01', gender: 'male', identifiers: [], reference: 'AGA-000901', familyName: 'Example', givenNames: 'Sam', owningUnitId: unitA, managingOfficerId: ids.stranger }),
    );
    const holder = await signIn(t, 'vet.granted');
    expect((await holder.get(`/nominals/${nominal}/section/identity`)).status).toBe(404);

    const id = await submitted(ids.granted, 'NPPV3');
    await take(officer, id);
    await post(officer, `/vetting/casework/${id}/checks/run`, {});
    const granted = await post(officer, `/vetting/casework/${id}/decision`, { outcome: 'granted-with-conditions', factors: ['C5'], reasons: ['financial'], rationale: 'Synthetic: a managed debt plan.', conditions: 'Report any new county court judgment.', version: await version(id) });
    expect(granted.status).toBe(303);
    const clearance = await t.database.db.selectFrom('clearance').selectAll().where('user_id', '=', ids.granted).executeTakeFirstOrThrow();
    expect(clearance).toMatchObject({ level: 'NPPV3', source: 'vetting', application_id: id, conditions: 'Report any new county court judgment.', withdrawn_at: null, recorded_by: ids.officer });
    const years = (clearance.expires_at.getTime() - clearance.granted_at.getTime()) / (365.25 * 86_400_000);
    expect(Math.round(years)).toBe(5);
    expect((await holder.get(`/nominals/${nominal}/section/identity`)).status).toBe(200);
    expect((await holder.get(`/vetting/applications/${id}/outcome`)).text).toContain('Report any new county court judgment.');

    const actor = (await t.services.signIn.resolveActor(ids.granted))!;
    const at = (now: Date): RequestContext => ({ correlationId: randomUUID(), actor, ip: null, userAgent: null, now, system: false });
    const view = (now: Date) => t.services.items.viewSection(at(now), nominal, 'identity');
    await expect(view(new Date(clearance.expires_at.getTime() - 1))).resolves.toBeTruthy();
    await expect(view(clearance.expires_at)).rejects.toMatchObject({ status: 404 });

    await t.database.db.updateTable('clearance').set({ withdrawn_at: t.clock.now() }).where('user_id', '=', ids.granted).execute();
    expect((await holder.get(`/nominals/${nominal}/section/identity`)).status).toBe(404);
  });
});
