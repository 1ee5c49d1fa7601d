import { generateSync } from 'otplib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestUser,
  csrfFrom,
  eventsOf,
  seedOrganisations,
  signIn,
  TEST_PASSWORD,
  totpNow,
  type TestApp,
} from '../../testing/test-app.ts';

let t: TestApp;
let unitA: string;

beforeAll(async () => {
  t = await createTestApp({ signIn: { maxFailures: 3, lockMs: 60_000, addressMaxFailures: 1000, accountMaxFailures: 1000 } });
  ({ unitA } = await seedOrganisations(t));
});
afterAll(() => t?.close());

async function postSignIn(username: string, password: string, agent = request.agent(t.app)) {
  const page = await agent.get('/sign-in');
  const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username, password });
  return { agent, res };
}

const sessionCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('vigil.sid='));

describe('sign-in with password and TOTP', () => {
  it('asks for the second factor, then signs in with a new session id and records the event', async () => {
    const userId = await createTestUser(t, { username: 'ada.officer', unitId: unitA });
    const agent = request.agent(t.app);
    const first = await agent.get('/sign-in');
    const before = sessionCookie(first);
    const pw = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(first.text), username: 'ada.officer', password: TEST_PASSWORD });
    expect(pw.status).toBe(303);
    expect(pw.headers.location).toBe('/sign-in/mfa');
    // Not signed in yet: the home page still asks for sign-in.
    expect((await agent.get('/')).status).toBe(401);
    const mfaPage = await agent.get('/sign-in/mfa');
    const done = await agent.post('/sign-in/mfa').type('form').send({ _csrf: csrfFrom(mfaPage.text), code: totpNow(t) });
    expect(done.status).toBe(303);
    const after = sessionCookie(done);
    expect(after).toBeDefined();
    expect(after!.split(';')[0]).not.toBe(before?.split(';')[0]);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Welcome, Test ada.officer');
    const events = await eventsOf(t, 'auth.signed-in');
    expect(events.some((e) => e.subject_id === userId && (e.payload as { method: string }).method === 'password+totp')).toBe(true);
  });

  it('never accepts the same TOTP code twice', async () => {
    await createTestUser(t, { username: 'replay.user', unitId: unitA });
    const code = totpNow(t);
    const once = await postSignIn('replay.user', TEST_PASSWORD);
    const p1 = await once.agent.get('/sign-in/mfa');
    expect((await once.agent.post('/sign-in/mfa').type('form').send({ _csrf: csrfFrom(p1.text), code })).status).toBe(303);
    const twice = await postSignIn('replay.user', TEST_PASSWORD);
    const p2 = await twice.agent.get('/sign-in/mfa');
    const res = await twice.agent.post('/sign-in/mfa').type('form').send({ _csrf: csrfFrom(p2.text), code });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the 6-digit code from your authenticator app, or one of your recovery codes');
  });

  it('gives the same answer for an unknown account and a wrong password, and records both', async () => {
    await createTestUser(t, { username: 'known.user', unitId: unitA });
    const unknown = await postSignIn('nobody.here', 'whatever password');
    const wrong = await postSignIn('known.user', 'not the password');
    for (const r of [unknown.res, wrong.res]) {
      expect(r.status).toBe(400);
      expect(r.text).toContain('Enter a correct username and password');
    }
    // The form keeps the username but never the password.
    expect(unknown.res.text).toContain('value="nobody.here"');
    expect(unknown.res.text).not.toContain('whatever password');
    const failures = await eventsOf(t, 'auth.sign-in-failed');
    const reasons = failures.map((e) => (e.payload as { reason: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(['unknown-account', 'wrong-password']));
    // The typed name is never stored: people type passwords into it.
    expect(JSON.stringify(failures)).not.toContain('nobody.here');
  });

  it('locks an account name after repeated failures, whether or not the account exists', async () => {
    await createTestUser(t, { username: 'locked.user', unitId: unitA });
    for (const name of ['locked.user', 'ghost.user']) {
      for (let i = 0; i < 3; i++) expect((await postSignIn(name, 'wrong wrong wrong')).res.status).toBe(400);
      const locked = await postSignIn(name, name === 'locked.user' ? TEST_PASSWORD : 'anything at all');
      expect(locked.res.status).toBe(429);
      expect(locked.res.text).toContain('Too many failed attempts. Wait 1 minute and try again');
    }
  });

  it('a stranger who knows a username cannot lock its owner out from another address; many addresses together still can', async () => {
    const app = await createTestApp({ signIn: { maxFailures: 3, lockMs: 60_000, addressMaxFailures: 1000, accountMaxFailures: 8 }, trustProxy: '1' });
    try {
      const orgs = await seedOrganisations(app);
      await createTestUser(app, { username: 'target.user', unitId: orgs.unitA });
      const post = async (ip: string, password: string) => {
        const agent = request.agent(app.app);
        const page = await agent.get('/sign-in').set('X-Forwarded-For', ip);
        return agent.post('/sign-in').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(page.text), username: 'target.user', password });
      };
      for (let i = 0; i < 3; i++) expect((await post('203.0.113.66', 'wrong wrong wrong')).status).toBe(400);
      expect((await post('203.0.113.66', TEST_PASSWORD)).status).toBe(429);
      // The owner, at their own desk, signs in as usual.
      const owner = await post('198.51.100.20', TEST_PASSWORD);
      expect(owner.status).toBe(303);
      expect(owner.headers.location).toBe('/sign-in/mfa');
      // Guessing spread over many addresses meets the whole account's limit.
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5']) await post(ip, 'wrong wrong wrong');
      expect((await post('198.51.100.20', TEST_PASSWORD)).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('locks a client address that fails across many account names', async () => {
    const tight = await createTestApp({ signIn: { maxFailures: 100, lockMs: 60_000, addressMaxFailures: 4, accountMaxFailures: 1000 }, trustProxy: '1' });
    try {
      const post = async (username: string, ip: string) => {
        const agent = request.agent(tight.app);
        const page = await agent.get('/sign-in').set('X-Forwarded-For', ip);
        return agent.post('/sign-in').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(page.text), username, password: 'wrong wrong wrong' });
      };
      for (let i = 0; i < 4; i++) expect((await post(`name.${i}`, '203.0.113.9')).status).toBe(400);
      const locked = await post('name.99', '203.0.113.9');
      expect(locked.status).toBe(429);
      expect(locked.text).toContain('Too many failed attempts');
      // Another address is not affected.
      expect((await post('name.99', '198.51.100.7')).status).toBe(400);
    } finally {
      await tight.close();
    }
  });

  it('asks a new user to choose a password (policy enforced), then to set up an authenticator, then shows recovery codes', async () => {
    await createTestUser(t, { username: 'new.starter', unitId: unitA, mfa: false, passwordChangeRequired: true });
    const { agent, res } = await postSignIn('new.starter', TEST_PASSWORD);
    expect(res.headers.location).toBe('/sign-in/new-password');
    const page = await agent.get('/sign-in/new-password');
    const csrf = csrfFrom(page.text);
    const cases: [string, string, string][] = [
      ['short pass', 'short pass', 'Password must be at least 12 characters'],
      ['qwerty123456', 'qwerty123456', 'This password is too common'],
      ['a long enough password', 'a different password', 'The passwords do not match'],
      ['new.starter is me 2026', 'new.starter is me 2026', 'Password must not contain your username'],
    ];
    for (const [newPassword, confirmPassword, message] of cases) {
      const r = await agent.post('/sign-in/new-password').type('form').send({ _csrf: csrf, newPassword, confirmPassword });
      expect(r.status).toBe(400);
      expect(r.text).toContain(message);
    }
    const ok = await agent
      .post('/sign-in/new-password')
      .type('form')
      .send({ _csrf: csrf, newPassword: 'plum orchard lantern river', confirmPassword: 'plum orchard lantern river' });
    expect(ok.headers.location).toBe('/sign-in/mfa/setup');
    const setup = await agent.get('/sign-in/mfa/setup');
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('<svg');
    const secret = /data-testid="mfa-secret">([A-Z2-7]+)</.exec(setup.text)?.[1];
    expect(secret).toBeDefined();
    const bad = await agent.post('/sign-in/mfa/setup').type('form').send({ _csrf: csrfFrom(setup.text), code: '000000' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the 6-digit code shown in your authenticator app');
    const code = generateSync({ secret: secret!, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    const done = await agent.post('/sign-in/mfa/setup').type('form').send({ _csrf: csrfFrom(setup.text), code });
    expect(done.headers.location).toBe('/sign-in/mfa/recovery-codes');
    const codesPage = await agent.get('/sign-in/mfa/recovery-codes');
    const codes = [...codesPage.text.matchAll(/<li>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    // Shown once only.
    expect((await agent.get('/sign-in/mfa/recovery-codes')).headers.location).toBe('/');
    expect((await agent.get('/')).status).toBe(200);

    // A recovery code signs in once, and only once.
    for (const expected of [303, 400]) {
      const again = await postSignIn('new.starter', 'plum orchard lantern river');
      const p = await again.agent.get('/sign-in/mfa');
      const r = await again.agent.post('/sign-in/mfa').type('form').send({ _csrf: csrfFrom(p.text), code: codes[0]!.toLowerCase() });
      expect(r.status).toBe(expected);
    }
    expect((await eventsOf(t, 'account.mfa-enrolled')).length).toBe(1);
  });

  it('tells a disabled user their account is disabled only after the right password', async () => {
    const id = await createTestUser(t, { username: 'gone.user', unitId: unitA });
    await t.database.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', id).execute();
    const wrong = await postSignIn('gone.user', 'not the password at all');
    expect(wrong.res.status).toBe(400);
    const right = await postSignIn('gone.user', TEST_PASSWORD);
    expect(right.res.status).toBe(403);
    expect(right.res.text).toContain('Your account is disabled');
  });

  it('signs out, records it, and the old session no longer works', async () => {
    await createTestUser(t, { username: 'leaving.user', unitId: unitA });
    const agent = await signIn(t, 'leaving.user');
    const home = await agent.get('/');
    const out = await agent.post('/sign-out').type('form').send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    expect((await agent.get('/signed-out')).text).toContain('You have signed out');
    expect((await agent.get('/')).status).toBe(401);
    expect((await eventsOf(t, 'auth.signed-out')).length).toBeGreaterThan(0);
  });

  it('refuses a form without its CSRF token', async () => {
    const agent = request.agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in').type('form').send({ username: 'x', password: 'y' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
  });
});
