import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, csrfFrom, seedOrganisations, signIn, type TestApp } from '../testing/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demo: true, bodyLimit: '2kb' });
  const { unitA } = await seedOrganisations(t);
  await createTestUser(t, { username: 'web.user', unitId: unitA, demo: true });
});
afterAll(() => t?.close());

describe('web security', () => {
  it('sends a per-request CSP nonce, and the only inline script carries it', async () => {
    const a = await request(t.app).get('/sign-in');
    const b = await request(t.app).get('/sign-in');
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
    const nonce = nonceOf(String(a.headers['content-security-policy']));
    expect(nonce).toBeDefined();
    expect(nonce).not.toBe(nonceOf(String(b.headers['content-security-policy'])));
    expect(a.headers['content-security-policy']).toContain("style-src 'self'");
    const scripts = [...a.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(a.text).not.toMatch(/\sstyle="/);
    expect(a.text).not.toMatch(/\son[a-z]+="/);
  });

  it('has no X-Powered-By, and marks pages no-store', async () => {
    const res = await request(t.app).get('/sign-in');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure when configured for TLS', async () => {
    const res = await request(t.app).get('/sign-in');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('vigil.sid='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const tls = await createTestApp({ cookieSecure: true, trustProxy: '1' });
    try {
      const secure = await request(tls.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      const c = ([] as string[]).concat(secure.headers['set-cookie'] ?? []).find((x) => x.startsWith('vigil.sid='))!;
      expect(c).toContain('Secure');
      expect(secure.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await tls.close();
    }
  });

  it('answers 413 to a body over the limit, and saves nothing', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username: 'x'.repeat(5000), password: 'y' });
    expect(res.status).toBe(413);
    expect(res.text).toContain('What you sent is too large');
  });

  it('gives unknown pages the 404 page, and JSON errors in the API shape', async () => {
    const page = await request(t.app).get('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Page not found');
    const api = await request(t.app).get('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ error: { id: 'not-found', message: 'Page not found.' } });
  });

  it('keeps the correlation id a caller sends, or makes one', async () => {
    const id = '0b7e4a0e-7a43-4d3c-9f5e-2f1a0d6c9b11';
    expect((await request(t.app).get('/sign-in').set('X-Correlation-Id', id)).headers['x-correlation-id']).toBe(id);
    expect((await request(t.app).get('/sign-in').set('X-Correlation-Id', 'bad')).headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the demo banner on every page in demo mode', async () => {
    for (const path of ['/sign-in', '/privacy', '/accessibility', '/cookies', '/nope']) {
      expect((await request(t.app).get(path)).text).toContain('Demo mode: every record here is invented');
    }
    const plain = await createTestApp();
    try {
      expect((await request(plain.app).get('/sign-in')).text).not.toContain('Demo mode');
    } finally {
      await plain.close();
    }
  });

  it('serves GOV.UK and MoJ Frontend assets itself', async () => {
    for (const path of ['/stylesheets/govuk-frontend.min.css', '/stylesheets/moj-frontend.min.css', '/javascripts/govuk-frontend.min.js', '/javascripts/init.js', '/assets/images/favicon.ico']) {
      expect((await request(t.app).get(path)).status, path).toBe(200);
    }
  });

  it('publishes the privacy notice, accessibility statement and cookies page with the footer linking them', async () => {
    const home = await (await signIn(t, 'web.user')).get('/');
    for (const [path, heading] of [['/privacy', 'Privacy notice'], ['/accessibility', 'Accessibility statement'], ['/cookies', 'Cookies']] as const) {
      expect(home.text).toContain(`href="${path}"`);
      const res = await request(t.app).get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain(heading);
    }
  });
});
