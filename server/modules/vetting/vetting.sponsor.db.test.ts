import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfOf, eventsOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let manager: Agent;
let practitioner: Agent;
let managerId: string;
let staffId: string;
let otherUnitId: string;

const NEED = 'Offender manager holding MAPPA level 2 cases who reads the register';
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const applicationsOf = (userId: string) => t.database.db.selectFrom('vetting_application').selectAll().where('applicant_user_id', '=', userId).execute();

async function sponsor(agent: Agent, body: Record<string, string>) {
  const csrf = await csrfOf(agent, '/account');
  return agent.post('/vetting/sponsor').type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({}, { VETTING_FORM_DAYS: '15' });
  const orgs = await seedOrganisations(t);
  managerId = await createTestUser(t, { username: 'sp.manager', unitId: orgs.unitA, roles: ['manager'] });
  await createTestUser(t, { username: 'sp.practitioner', unitId: orgs.unitA });
  staffId = await createTestUser(t, { username: 'sp.staff', unitId: orgs.unitA });
  const clearedId = await createTestUser(t, { username: 'sp.cleared', unitId: orgs.unitA });
  await grantClearance(t, clearedId, 'NPPV2');
  otherUnitId = await createTestUser(t, { username: 'sp.other', unitId: orgs.unitB });
  manager = await signIn(t, 'sp.manager');
  practitioner = await signIn(t, 'sp.practitioner');
});
afterAll(() => t?.close());

describe('sponsorship', () => {
  it('401: the pages and the action ask for sign-in', async () => {
    for (const path of ['/vetting/unit', '/vetting/sponsor']) expect((await request(t.app).get(path)).status, path).toBe(401);
  });

  it('400: the need is required, says what to write, and nothing is created', async () => {
    const res = await sponsor(manager, { applicantId: staffId, level: 'NPPV2', need: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Explain the role&#39;s need for register access in at least 10 characters");
    const noLevel = await sponsor(manager, { applicantId: staffId, need: NEED });
    expect(noLevel.text).toContain('Select the level of vetting: NPPV2 for register users, NPPV3 for system administrators');
    expect(noLevel.text).toContain(NEED);
    expect(await applicationsOf(staffId)).toHaveLength(0);
    const self = await sponsor(manager, { applicantId: managerId, level: 'NPPV2', need: NEED });
    expect(self.status).toBe(400);
    expect(self.text).toContain('You cannot ask for your own vetting: ask another manager to sponsor you');
  });

  it('403: only managers ask for vetting, and the refusal is logged', async () => {
    expect((await sponsor(practitioner, { applicantId: staffId, level: 'NPPV2', need: NEED })).status).toBe(403);
    expect((await practitioner.get('/vetting/unit')).status).toBe(403);
    expect((await logged('vetting.unit-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['vetting.sponsor-manager-only'] });
  });

  it('404: a member of another unit cannot be sponsored; the log keeps the reason', async () => {
    const res = await sponsor(manager, { applicantId: otherUnitId, level: 'NPPV2', need: NEED });
    expect(res.status).toBe(404);
    expect(await applicationsOf(otherUnitId)).toHaveLength(0);
    expect((await logged('vetting.sponsored'))[0]).toMatchObject({ decision: 'denied', subject_id: otherUnitId, policy_ids: ['vetting.sponsor-own-unit'] });
  });

  it('200: a manager sponsors their member of staff, who gets a message; due in VETTING_FORM_DAYS days', async () => {
    const res = await sponsor(manager, { applicantId: staffId, level: 'NPPV3', need: NEED });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/vetting/unit');
    const [application] = await applicationsOf(staffId);
    expect(application).toMatchObject({ state: 'sponsored', level: 'NPPV3', form_version: 'NPPV3-2026.1', sponsor_user_id: managerId, need: NEED });
    const days = (application!.form_due_at.getTime() - application!.created_at.getTime()) / 86_400_000;
    expect(days).toBe(15);
    const [message] = await t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', staffId).execute();
    expect(message).toMatchObject({ link: `/vetting/applications/${application!.id}` });
    expect(message!.subject).toMatch(/^Complete your NPPV3 vetting form by \d+ \w+ \d{4}$/);
    const [event] = await eventsOf(t, 'vetting.sponsored');
    expect(event).toMatchObject({ subject_id: application!.id });
    expect(JSON.stringify(event!.payload)).not.toContain('MAPPA');
    expect((await logged('vetting.sponsored'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed', subject_id: application!.id });
  });

  it('a second open application for the same person is refused', async () => {
    const res = await sponsor(manager, { applicantId: staffId, level: 'NPPV2', need: NEED });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Test sp\.staff already has an open vetting application \(VET-\d{6}, invited\)\. A new one can be asked for once it is decided or withdrawn\./);
    expect(await applicationsOf(staffId)).toHaveLength(1);
  });

  it("the unit page shows each person's state and clearance, and cleared staff needed against held", async () => {
    const page = await manager.get('/vetting/unit');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Cleared staff needed\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2/);
    expect(page.text).toMatch(/Cleared staff held\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1/);
    expect(page.text).toContain('Invited');
    expect(page.text).toContain('NPPV2 until');
    expect(page.text).not.toContain('sp.other');
    const form = await manager.get('/vetting/sponsor');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Test sp.practitioner');
    expect(form.text).not.toContain('<option value="' + staffId);
    expect((await logged('vetting.unit-viewed'))[0]).toMatchObject({ kind: 'consultation', decision: 'allowed', purpose_code: 'vetting' });
  });
});
