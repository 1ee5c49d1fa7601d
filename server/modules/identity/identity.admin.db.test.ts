import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfFrom, csrfOf, eventsOf, seedOrganisations, signIn, TEST_PASSWORD, type Agent, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let admin: Agent;
let adminId: string;
let practitionerId: string;
let otherAgencyUserId: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  adminId = await createTestUser(t, { username: 'admin.a', unitId: orgs.unitA, roles: ['administrator'], demo: true });
  practitionerId = await createTestUser(t, { username: 'officer.a', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
  otherAgencyUserId = await createTestUser(t, { username: 'officer.b', unitId: orgs.unitB, roles: ['practitioner'], demo: true });
  admin = await signIn(t, 'admin.a');
});
afterAll(() => t?.close());

const validUser = () => ({
  displayName: 'Nia Roberts',
  username: 'n.roberts',
  email: 'n.roberts@example.org',
  unitId: orgs.unitA,
  roles: ['practitioner', 'manager'],
});

async function versionOf(id: string): Promise<number> {
  const row = await t.database.db.selectFrom('app_user').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}

describe('administrators manage users', () => {
  it('401: every admin page asks for sign-in first', async () => {
    for (const path of ['/admin/users', '/admin/users/new', `/admin/users/${practitionerId}`]) {
      const res = await request(t.app).get(path);
      expect(res.status).toBe(401);
      expect(res.text).toContain('Sign in to Vigil');
    }
    const post = await request(t.app).post('/admin/users').type('form').send(validUser());
    // No session, so no CSRF token either: refused before anything runs.
    expect([401, 403]).toContain(post.status);
  });

  it('403: a practitioner cannot reach the admin pages', async () => {
    const agent = await signIn(t, 'officer.a');
    expect((await agent.get('/admin/users')).status).toBe(403);
  });

  it('400: bad input is refused with messages that say what to fix, and the input is kept', async () => {
    const csrf = await csrfOf(admin, '/admin/users/new');
    const res = await admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, displayName: 'Nia Roberts', username: 'N R!', email: 'not-an-email', unitId: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Username must be 3 to 64 characters');
    expect(res.text).toContain('Enter an email address in the correct format, like name@example.org');
    expect(res.text).toContain('Select a unit');
    expect(res.text).toContain('Select at least one role');
    expect(res.text).toContain('value="Nia Roberts"');
    expect(await t.database.db.selectFrom('app_user').select('id').where('email', '=', 'not-an-email').execute()).toHaveLength(0);
  });

  it('400: a unit in another agency is refused', async () => {
    const csrf = await csrfOf(admin, '/admin/users/new');
    const res = await admin.post('/admin/users').type('form').send({ _csrf: csrf, ...validUser(), unitId: orgs.unitB });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select a unit in your agency');
  });

  it('404: a user of another agency, or a malformed id, is not found', async () => {
    for (const id of [otherAgencyUserId, 'not-a-uuid']) {
      const res = await admin.get(`/admin/users/${id}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page not found');
    }
    // The answer is "not found"; the access log keeps the real reason.
    const denied = await t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', 'admin.user-viewed').where('subject_id', '=', otherAgencyUserId).execute();
    expect(denied.at(-1)).toMatchObject({ decision: 'denied', actor_user_id: adminId, policy_ids: ['identity.admin-other-agency-or-unknown'] });
    const csrf = await csrfOf(admin, '/admin/users');
    const res = await admin.post(`/admin/users/${otherAgencyUserId}/disable`).type('form').send({ _csrf: csrf, version: 1 });
    expect(res.status).toBe(404);
    const other = await t.database.db.selectFrom('app_user').select('status').where('id', '=', otherAgencyUserId).executeTakeFirstOrThrow();
    expect(other.status).toBe('active');
  });

  it('200: creates a user with a one-time temporary password, lists them, and records the event', async () => {
    const csrf = await csrfOf(admin, '/admin/users/new');
    const res = await admin.post('/admin/users').type('form').send({ _csrf: csrf, ...validUser() });
    expect(res.status).toBe(201);
    const temporary = /data-testid="temporary-password">([^<]+)</.exec(res.text)?.[1];
    expect(temporary).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const created = await t.database.db.selectFrom('app_user').selectAll().where('username', '=', 'n.roberts').executeTakeFirstOrThrow();
    expect(created.password_change_required).toBe(true);
    expect(created.password_hash).not.toContain(temporary!);
    const list = await admin.get('/admin/users');
    expect(list.text).toContain('Nia Roberts');
    const viewed = await t.database.db.selectFrom('audit_entry').select(['kind', 'actor_user_id']).where('action', '=', 'admin.users-listed').execute();
    expect(viewed.at(-1)).toEqual({ kind: 'consultation', actor_user_id: adminId });
    expect(list.text).not.toContain('Test officer.b');
    const events = await eventsOf(t, 'admin.user-created');
    expect(events.at(-1)).toMatchObject({ actor_user_id: adminId, subject_id: created.id });

    const again = await admin.post('/admin/users').type('form').send({ _csrf: csrf, ...validUser() });
    expect(again.status).toBe(400);
    expect(again.text).toContain('That username is already in use. Choose another');
  });

  it('changes roles, and refuses a stale edit with a clear message (409)', async () => {
    const csrf = await csrfOf(admin, `/admin/users/${practitionerId}`);
    const version = await versionOf(practitionerId);
    const ok = await admin
      .post(`/admin/users/${practitionerId}/roles`)
      .type('form')
      .send({ _csrf: csrf, version, roles: ['practitioner', 'manager'] });
    expect(ok.status).toBe(303);
    const page = await admin.get(`/admin/users/${practitionerId}`);
    expect(page.text).toContain('roles have been updated');
    const stale = await admin.post(`/admin/users/${practitionerId}/roles`).type('form').send({ _csrf: csrf, version, roles: ['practitioner'] });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('was changed by someone else while you were looking at it');
    const roles = await t.database.db.selectFrom('user_role').select('role').where('user_id', '=', practitionerId).orderBy('role').execute();
    expect(roles.map((r) => r.role)).toEqual(['manager', 'practitioner']);
    const [event] = (await eventsOf(t, 'admin.roles-changed')).slice(-1);
    expect(event!.payload).toEqual({ from: ['practitioner'], to: ['practitioner', 'manager'] });
  });

  it('disabling ends the user\'s session on their next request; re-enabling lets them back', async () => {
    const target = await createTestUser(t, { username: 'to.disable', unitId: orgs.unitA, demo: true });
    const theirs = await signIn(t, 'to.disable');
    expect((await theirs.get('/')).status).toBe(200);
    const csrf = await csrfOf(admin, `/admin/users/${target}`);
    const res = await admin.post(`/admin/users/${target}/disable`).type('form').send({ _csrf: csrf, version: await versionOf(target) });
    expect(res.status).toBe(303);
    expect((await theirs.get('/')).status).toBe(401);
    expect((await eventsOf(t, 'admin.user-disabled')).at(-1)?.subject_id).toBe(target);
    await admin.post(`/admin/users/${target}/enable`).type('form').send({ _csrf: csrf, version: await versionOf(target) });
    expect((await (await signIn(t, 'to.disable')).get('/')).status).toBe(200);
  });

  it('an administrator cannot disable themselves or drop their own administrator role', async () => {
    const csrf = await csrfOf(admin, `/admin/users/${adminId}`);
    const res = await admin.post(`/admin/users/${adminId}/disable`).type('form').send({ _csrf: csrf, version: await versionOf(adminId) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('You cannot disable your own account');
    const roles = await admin.post(`/admin/users/${adminId}/roles`).type('form').send({ _csrf: csrf, version: await versionOf(adminId), roles: ['practitioner'] });
    expect(roles.status).toBe(400);
  });

  // Review finding 1: an agency administrator gave themselves every role and opened the whole access log.
  it('nobody grants themselves a role: the request is refused and the roles stay as they were', async () => {
    const csrf = await csrfOf(admin, `/admin/users/${adminId}`);
    const asked = ['administrator', 'data-protection-officer', 'vetting-officer', 'equality-lead'];
    const res = await admin.post(`/admin/users/${adminId}/roles`).type('form').send({ _csrf: csrf, version: await versionOf(adminId), roles: asked });
    expect(res.status).toBe(400);
    expect(res.text).toContain('You cannot change your own roles. Ask another administrator.');
    const roles = await t.database.db.selectFrom('user_role').select('role').where('user_id', '=', adminId).execute();
    expect(roles.map((r) => r.role)).toEqual(['administrator']);
    for (const page of ['/audit', '/vetting/casework', '/equality/summary']) expect((await admin.get(page)).status).not.toBe(200);
  });

  it("an agency administrator cannot grant a role that reaches across agencies, nor take one away", async () => {
    const target = await createTestUser(t, { username: 'dpo.a', unitId: orgs.unitA, roles: ['data-protection-officer'], demo: true });
    const csrf = await csrfOf(admin, `/admin/users/${practitionerId}`);
    const res = await admin.post(`/admin/users/${practitionerId}/roles`).type('form').send({ _csrf: csrf, version: await versionOf(practitionerId), roles: ['practitioner', 'vetting-officer'] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Only a national administrator can grant the Vetting officer role. Ask them, or untick it.');
    const page = await admin.get(`/admin/users/${target}`);
    expect(page.text).toContain('Also holds, granted by a national administrator: Data protection officer');
    expect(page.text).not.toContain('value="data-protection-officer"');
    // Saving the agency's roles keeps the national one the form does not offer.
    const kept = await admin.post(`/admin/users/${target}/roles`).type('form').send({ _csrf: csrf, version: await versionOf(target), roles: ['practitioner'] });
    expect(kept.status).toBe(303);
    const roles = await t.database.db.selectFrom('user_role').select('role').where('user_id', '=', target).orderBy('role').execute();
    expect(roles.map((r) => r.role)).toEqual(['data-protection-officer', 'practitioner']);
    const created = await admin.post('/admin/users').type('form').send({ _csrf: csrf, ...validUser(), username: 'would.be.dpo', email: 'would.be.dpo@example.org', roles: ['data-protection-officer'] });
    expect(created.status).toBe(400);
    expect(created.text).toContain('Only a national administrator can grant the Data protection officer role');
  });

  it('a national administrator grants national roles in any agency; the person is told, and the log names the policy', async () => {
    await createTestUser(t, { username: 'national.a', unitId: orgs.unitB, roles: ['national-administrator'], demo: true });
    const national = await signIn(t, 'national.a');
    const csrf = await csrfOf(national, `/admin/users/${practitionerId}`);
    const res = await national.post(`/admin/users/${practitionerId}/roles`).type('form').send({ _csrf: csrf, version: await versionOf(practitionerId), roles: ['practitioner', 'manager', 'vetting-officer'] });
    expect(res.status).toBe(303);
    const roles = await t.database.db.selectFrom('user_role').select(['role', 'granted_by']).where('user_id', '=', practitionerId).orderBy('role').execute();
    expect(roles.map((r) => r.role)).toEqual(['manager', 'practitioner', 'vetting-officer']);
    const [message] = await t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', practitionerId).where('subject', '=', 'Your roles in Vigil have changed').orderBy('created_at', 'desc').execute();
    expect(message?.body).toContain('Added: Vetting officer.');
    const [entry] = await t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', 'admin.roles-changed').where('subject_id', '=', practitionerId).orderBy('id', 'desc').execute();
    expect(entry?.policy_ids).toEqual(['identity.national-roles-by-national-administrator']);
    expect((await national.get('/admin/users')).text).toContain('officer.b');
  });

  it('resetting the authenticator removes it and its recovery codes', async () => {
    const target = await createTestUser(t, { username: 'lost.phone', unitId: orgs.unitA });
    const csrf = await csrfOf(admin, `/admin/users/${target}`);
    const res = await admin.post(`/admin/users/${target}/reset-mfa`).type('form').send({ _csrf: csrf, version: await versionOf(target) });
    expect(res.status).toBe(303);
    const row = await t.database.db.selectFrom('app_user').select(['mfa_secret_enc', 'mfa_enrolled_at']).where('id', '=', target).executeTakeFirstOrThrow();
    expect(row).toEqual({ mfa_secret_enc: null, mfa_enrolled_at: null });
    expect((await eventsOf(t, 'admin.mfa-reset')).at(-1)?.subject_id).toBe(target);
  });

  it('the account page is for the signed-in user only', async () => {
    expect((await request(t.app).get('/account')).status).toBe(401);
    const page = await admin.get('/account');
    expect(page.status).toBe(200);
    expect(page.text).toContain('admin.a');
    const wrong = await admin
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), currentPassword: 'nope', newPassword: 'sunlit meadow copper kettle', confirmPassword: 'sunlit meadow copper kettle' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Your current password is not right');
  });

  // Review finding 7: a password change kept the session id and left other sessions signed in.
  it('changing a password gives this browser a new session id and signs the person out everywhere else', async () => {
    const userId = await createTestUser(t, { username: 'two.browsers', unitId: orgs.unitA, demo: true });
    const here = await signIn(t, 'two.browsers');
    const elsewhere = await signIn(t, 'two.browsers');
    const sessionIds = async () =>
      (await t.database.db.selectFrom('user_session').select(['sid', 'sess']).execute()).filter((r) => (r.sess as { userId?: string }).userId === userId).map((r) => r.sid);
    const before = await sessionIds();
    const page = await here.get('/account/password');
    const res = await here.post('/account/password').type('form').send({ _csrf: csrfFrom(page.text), currentPassword: TEST_PASSWORD, newPassword: 'sunlit meadow copper kettle', confirmPassword: 'sunlit meadow copper kettle' });
    expect(res.status).toBe(303);
    const account = await here.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('You have been signed out everywhere else.');
    expect((await elsewhere.get('/account')).status).toBe(401);
    expect(before).toHaveLength(2);
    const after = await sessionIds();
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });
});
