import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfOf, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
const tokens: string[] = [];
const tokenOn = (html: string) => /data-testid="api-token">(vgl_[A-Za-z0-9_-]{43})</.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ demo: true, apiRateLimitPerMinute: 3 });
  const orgs = await seedOrganisations(t);
  await createTestUser(t, { username: 'admin.a', unitId: orgs.unitA, roles: ['administrator'], demo: true });
  const actingUserId = await createTestUser(t, { username: 'svc.case', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
  const admin = await signIn(t, 'admin.a');
  for (const name of ['case-system-a', 'case-system-b']) {
    const csrf = await csrfOf(admin, '/admin/api-clients/new');
    const issued = await admin.post('/admin/api-clients').type('form').send({ _csrf: csrf, name, scopes: ['register:read'], days: '30', actingUserId });
    tokens.push(tokenOn(issued.text)!);
  }
  // The person the clients act as approves them, as they must before a token works.
  const person = await signIn(t, 'svc.case');
  for (const c of await t.database.db.selectFrom('api_client').select('id').execute()) {
    await person.post(`/account/api-clients/${c.id}/approve`).type('form').send({ _csrf: await csrfOf(person, '/account/api-clients') });
  }
});
afterAll(() => t?.close());

describe('API clients are held to a limit per minute', () => {
  it('answers 429 with Retry-After and what to do once a client passes its limit, and counts each client apart', async () => {
    // Four requests must fall in one minute of the app's clock: start clear of the minute's end.
    const toNextMinute = 60_000 - (t.clock.now().getTime() % 60_000);
    if (toNextMinute < 5_000) await new Promise((r) => setTimeout(r, toNextMinute + 100));
    const get = (token: string) => request(t.app).get('/api/v1/nominals?q=Smith').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 3; i++) expect((await get(tokens[0]!)).status).toBe(200);
    const refused = await get(tokens[0]!);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error ?? refused.body).toMatchObject({ message: expect.stringMatching(/more requests this minute than its limit allows\. Try again in \d+ seconds\./) });
    expect((await get(tokens[1]!)).status).toBe(200);
  });

  it('starts a new count in the next minute', async () => {
    const clientId = (await t.database.db.selectFrom('api_client').select('id').where('name', '=', 'case-system-a').executeTakeFirstOrThrow()).id;
    await t.database.db.updateTable('api_rate_window').set({ window_start: new Date(t.clock.now().getTime() - 120_000) }).where('client_id', '=', clientId).execute();
    expect((await request(t.app).get('/api/v1/nominals?q=Smith').set('Authorization', `Bearer ${tokens[0]}`)).status).toBe(200);
  });
});
