import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, seedOrganisations, signIn, type TestApp } from '../testing/test-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session lifetimes', () => {
  let idle: TestApp;
  let absolute: TestApp;

  beforeAll(async () => {
    idle = await createTestApp({ demo: true, sessionIdleMs: 3_000 });
    absolute = await createTestApp({ demo: true, sessionAbsoluteMs: 1_500 });
    for (const app of [idle, absolute]) {
      const { unitA } = await seedOrganisations(app);
      await createTestUser(app, { username: 'timed.user', unitId: unitA, demo: true });
    }
  });
  afterAll(async () => {
    await idle.close();
    await absolute.close();
  });

  it('ends a session left idle past the idle timeout', async () => {
    const agent = await signIn(idle, 'timed.user');
    expect((await agent.get('/')).status).toBe(200);
    await sleep(1_500);
    // Activity renews it. (The cookie's Expires is whole seconds, so the steps are wide.)
    expect((await agent.get('/')).status).toBe(200);
    await sleep(1_500);
    expect((await agent.get('/')).status).toBe(200);
    await sleep(4_000);
    expect((await agent.get('/')).status).toBe(401);
  });

  it('ends a session at the absolute timeout however active it is', async () => {
    const agent = await signIn(absolute, 'timed.user');
    for (let i = 0; i < 3; i++) {
      expect((await agent.get('/')).status).toBe(200);
      await sleep(400);
    }
    await sleep(500);
    const res = await agent.get('/');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Your session has ended');
  });

  it('a session id from one app is worthless without its signature', async () => {
    const res = await request(idle.app).get('/').set('Cookie', 'vigil.sid=s%3Aforged.signature');
    expect(res.status).toBe(401);
  });
});
