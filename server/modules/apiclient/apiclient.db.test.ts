import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, eventsOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Agent;
let adminId: string;
let serviceUserId: string;
let otherAgencyUserId: string;

const logged = (action: string) =>
  t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

async function issue(agent: Agent, body: Record<string, unknown>) {
  const csrf = await csrfOf(agent, '/admin/api-clients/new');
  return agent.post('/admin/api-clients').type('form').send({ _csrf: csrf, ...body });
}

const tokenOn = (html: string) => /data-testid="api-token">(vgl_[A-Za-z0-9_-]{43})</.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  adminId = await createTestUser(t, { username: 'admin.a', unitId: orgs.unitA, roles: ['administrator'], demo: true });
  serviceUserId = await createTestUser(t, { username: 'svc.ndelius', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
  otherAgencyUserId = await createTestUser(t, { username: 'svc.other', unitId: orgs.unitB, roles: ['practitioner'], demo: true });
  await createTestUser(t, { username: 'admin.b', unitId: orgs.unitB, roles: ['administrator'], demo: true });
  await createTestUser(t, { username: 'officer.a', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
  admin = await signIn(t, 'admin.a');
});
afterAll(() => t?.close());

describe('administrators manage API clients', () => {
  it('401: every page asks for sign-in first', async () => {
    for (const path of ['/admin/api-clients', '/admin/api-clients/new', '/admin/api-clients/00000000-0000-4000-8000-000000000000/revoke']) {
      const res = await request(t.app).get(path);
      expect(res.status).toBe(401);
      expect(res.text).toContain('Sign in to Vigil');
    }
  });

  it('403: a practitioner cannot reach them', async () => {
    const officer = await signIn(t, 'officer.a');
    for (const path of ['/admin/api-clients', '/admin/api-clients/new']) expect((await officer.get(path)).status).toBe(403);
    const csrf = await csrfOf(officer);
    expect((await officer.post('/admin/api-clients').type('form').send({ _csrf: csrf, name: 'sneaky', scopes: 'register:read', days: '9', actingUserId: serviceUserId })).status).toBe(403);
  });

  it('the form offers the register scopes as checkboxes and the agency\'s active users only', async () => {
    const page = await admin.get('/admin/api-clients/new');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="register:read"');
    expect(page.text).toContain('value="register:write"');
    expect(page.text).not.toContain('value="audit:read"');
    expect(page.text).toContain(`value="${serviceUserId}"`);
    expect(page.text).not.toContain(`value="${otherAgencyUserId}"`);
  });

  it('400: says what to fix, keeps the input, and issues nothing', async () => {
    const res = await issue(admin, { name: 'Bad Name!', days: '0' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Name must be 3 to 64 lower-case letters, numbers, dots, hyphens or underscores');
    expect(res.text).toContain('Select at least one scope');
    expect(res.text).toContain('A token lasts at least 1 day');
    expect(res.text).toContain('value="Bad Name!"');
    const noUser = await issue(admin, { name: 'ndelius-a', scopes: ['register:read'], days: '30' });
    expect(noUser.status).toBe(400);
    expect(noUser.text).toContain('Select the user this client acts as');
    const elsewhere = await issue(admin, { name: 'ndelius-a', scopes: ['register:read'], days: '30', actingUserId: otherAgencyUserId });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('Select an active user of your agency for this client to act as');
    const audit = await issue(admin, { name: 'ndelius-a', scopes: ['audit:read'], days: '30', actingUserId: serviceUserId });
    expect(audit.status).toBe(400);
    expect(audit.text).toContain('Scopes are: register:read, register:write');
    expect(await t.database.db.selectFrom('api_client').select('id').execute()).toHaveLength(0);
  });

  it('201: issues a token shown once, stored only as its hash, with an administration entry', async () => {
    const res = await issue(admin, { name: 'ndelius-a', scopes: ['register:read', 'register:write'], days: '30', actingUserId: serviceUserId });
    expect(res.status).toBe(201);
    expect(res.text).toContain('You will not see this token again');
    const token = tokenOn(res.text)!;
    expect(token).toBeDefined();
    const row = await t.database.db.selectFrom('api_client').selectAll().where('name', '=', 'ndelius-a').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scopes: ['register:read', 'register:write'], acting_user_id: serviceUserId, created_by: adminId, token_hash: createHash('sha256').update(token).digest('hex') });
    expect(JSON.stringify(await t.database.db.selectFrom('api_client').selectAll().execute())).not.toContain(token);
    expect((await logged('admin.api-client-created'))[0]).toMatchObject({ kind: 'administration', actor_user_id: adminId, subject_id: row.id });
    expect((await eventsOf(t, 'admin.api-client-created'))[0]?.payload).toMatchObject({ actingUserId: serviceUserId });
    // Review finding 4: the token does nothing until the person it acts as approves it.
    const pending = await request(t.app).get('/api/v1/nominals/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`);
    expect(pending.status).toBe(403);
    expect(pending.body.error.message).toBe('This API client is waiting for approval by the person it acts as, or by a second administrator. It works once approved.');
    expect(await logged('register.nominal-viewed')).toHaveLength(0);
    // The issuer cannot approve it too.
    const self = await admin.post(`/admin/api-clients/${row.id}/approve`).type('form').send({ _csrf: await csrfOf(admin, '/admin/api-clients') });
    expect(self.status).toBe(403);
    expect(self.text).toContain('You issued this client, so you cannot approve it too.');
    const person = await signIn(t, 'svc.ndelius');
    const mine = await person.get('/account/api-clients');
    expect(mine.text).toContain('Waiting for your approval');
    const [message] = await t.database.db.selectFrom('user_message').select('subject').where('user_id', '=', serviceUserId).execute();
    expect(message?.subject).toBe('An API client is waiting for your approval: ndelius-a');
    const approved = await person.post(`/account/api-clients/${row.id}/approve`).type('form').send({ _csrf: await csrfOf(person, '/account/api-clients') });
    expect(approved.status).toBe(303);
    expect((await logged('admin.api-client-approved'))[0]).toMatchObject({ actor_user_id: serviceUserId, subject_id: row.id, policy_ids: ['apiclient.approved-by-acting-user'] });
    // Now it works on the API, as the acting user; the log names the client, who issued it and who approved it.
    const api = await request(t.app).get('/api/v1/nominals/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(404);
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ actor_user_id: serviceUserId, purpose_text: `via API client ndelius-a (${row.id}), issued by admin.a, approved by svc.ndelius` });
    const again = await issue(admin, { name: 'ndelius-a', scopes: ['register:read'], days: '30', actingUserId: serviceUserId });
    expect(again.status).toBe(400);
    expect(again.text).toContain('An API client called &quot;ndelius-a&quot; already exists');
  });

  it('lists the agency\'s clients with scopes, acting user, expiry and last use, logged; another agency\'s are not shown', async () => {
    await t.services.apiClients.createClient(systemContext(t.clock.now()), { name: 'witness-ico', scopes: ['audit:read'], days: 5 });
    await t.services.apiClients.createClient(systemContext(t.clock.now()), { name: 'other-agency', scopes: ['register:read'], days: 5, actingUsername: 'svc.other' });
    const res = await admin.get('/admin/api-clients');
    expect(res.status).toBe(200);
    expect(res.text).toContain('ndelius-a');
    expect(res.text).toContain('register:read, register:write');
    expect(res.text).toContain('Test svc.ndelius (svc.ndelius)');
    expect(res.text).toContain('Active');
    expect(res.text).not.toContain('>Never<');
    expect(res.text).not.toContain('other-agency');
    expect(res.text).not.toContain('witness-ico');
    expect((await logged('admin.api-clients-listed'))[0]).toMatchObject({ kind: 'consultation', actor_user_id: adminId });
  });

  it('a second administrator may approve instead of the person; another agency\'s administrator may not', async () => {
    const res = await issue(admin, { name: 'second-approval', scopes: ['register:read'], days: '30', actingUserId: serviceUserId });
    const row = await t.database.db.selectFrom('api_client').select('id').where('name', '=', 'second-approval').executeTakeFirstOrThrow();
    const token = tokenOn(res.text)!;
    const elsewhere = await signIn(t, 'admin.b');
    expect((await elsewhere.post(`/admin/api-clients/${row.id}/approve`).type('form').send({ _csrf: await csrfOf(elsewhere, '/admin/api-clients') })).status).toBe(404);
    const officer = await signIn(t, 'officer.a');
    expect((await officer.post(`/account/api-clients/${row.id}/approve`).type('form').send({ _csrf: await csrfOf(officer, '/account/api-clients') })).status).toBe(404);
    expect((await request(t.app).get('/api/v1/nominals?q=x').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    await createTestUser(t, { username: 'admin.a2', unitId: (await t.database.db.selectFrom('app_user').select('unit_id').where('id', '=', adminId).executeTakeFirstOrThrow()).unit_id, roles: ['administrator'], demo: true });
    const second = await signIn(t, 'admin.a2');
    const ok = await second.post(`/admin/api-clients/${row.id}/approve`).type('form').send({ _csrf: await csrfOf(second, '/admin/api-clients') });
    expect(ok.status).toBe(303);
    expect((await logged('admin.api-client-approved'))[0]).toMatchObject({ subject_id: row.id, policy_ids: ['apiclient.approved-by-second-administrator'] });
    expect((await request(t.app).get('/api/v1/nominals/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`)).status).toBe(404);
  });

  it('404: another agency\'s client cannot be seen or revoked', async () => {
    const other = await t.database.db.selectFrom('api_client').select('id').where('name', '=', 'other-agency').executeTakeFirstOrThrow();
    expect((await admin.get(`/admin/api-clients/${other.id}/revoke`)).status).toBe(404);
    const csrf = await csrfOf(admin);
    expect((await admin.post(`/admin/api-clients/${other.id}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await admin.get('/admin/api-clients/not-an-id/revoke')).status).toBe(404);
    expect((await logged('admin.api-client-viewed'))[0]).toMatchObject({ decision: 'denied', actor_user_id: adminId });
  });

  it('the operator\'s command names the acting user by username; register scopes without one are refused, also by the database', async () => {
    const ctx = systemContext(t.clock.now());
    await expect(t.services.apiClients.createClient(ctx, { name: 'cli-a', scopes: ['register:read'], days: 1 })).rejects.toThrow(
      'A client with register scopes acts as a user: give their username with --acting-user',
    );
    await expect(t.services.apiClients.createClient(ctx, { name: 'cli-a', scopes: ['register:read'], days: 1, actingUsername: 'nobody' })).rejects.toThrow('No active user has that username');
    await expect(t.services.apiClients.createClient(ctx, { name: 'cli-a', scopes: ['register:write'], days: 1, actingUsername: 'svc.ndelius' })).resolves.toMatchObject({ name: 'cli-a' });
    await expect(
      t.database.db.insertInto('api_client').values({ name: 'raw', token_hash: 'x', scopes: ['register:read'], expires_at: new Date(t.clock.now().getTime() + 86_400_000) }).execute(),
    ).rejects.toThrow(/api_client_register_needs_acting_user/);
  });

  it('revokes after a confirmation page: the token stops working at once, with an administration entry', async () => {
    const client = await t.database.db.selectFrom('api_client').select('id').where('name', '=', 'ndelius-a').executeTakeFirstOrThrow();
    const page = await admin.get(`/admin/api-clients/${client.id}/revoke`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Its token stops working at once');
    const token = (await t.services.apiClients.createClient(systemContext(t.clock.now()), { name: 'ndelius-b', scopes: ['register:read'], days: 1, actingUsername: 'svc.ndelius' })).token;
    const b = await t.database.db.selectFrom('api_client').select('id').where('name', '=', 'ndelius-b').executeTakeFirstOrThrow();
    const csrf = await csrfOf(admin, `/admin/api-clients/${b.id}/revoke`);
    const res = await admin.post(`/admin/api-clients/${b.id}/revoke`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/api-clients');
    expect((await admin.get('/admin/api-clients')).text).toContain('The API client ndelius-b has been revoked');
    expect((await logged('admin.api-client-revoked'))[0]).toMatchObject({ kind: 'administration', actor_user_id: adminId, subject_id: b.id });
    const refused = await request(t.app).get('/api/v1/nominals?q=x').set('Authorization', `Bearer ${token}`);
    expect(refused.status).toBe(401);
    const twice = await admin.post(`/admin/api-clients/${b.id}/revoke`).type('form').send({ _csrf: csrf });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('The API client &quot;ndelius-b&quot; has already been revoked');
  });
});
