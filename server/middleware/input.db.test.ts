import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestUser, csrfFrom, csrfOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp } from '../testing/test-app.ts';
import { bearer, issueToken } from '../modules/register/register.openapi.testing.ts';
import { makeApplication } from '../modules/vetting/vetting.relatives.fixtures.ts';

let t: TestApp;
let officer: Agent;
let applicant: Agent;
let appId: string;
let token: string;

const ZWSP = '\u200B';
const RLO = '\u202E';

const nominalForm = (over: Record<string, string> = {}) => ({
  nominalType: 'rso',
  givenNames: 'Jonah',
  familyName: 'Testwell',
  'dateOfBirth-day': '12',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '1979',
  gender: 'male',
  ...over,
});

const message = (html: string) => /data-testid="error-message">([^<]*)</.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  const officerId = await createTestUser(t, { username: 'input.officer', unitId: orgs.unitA, demo: true });
  const applicantId = await createTestUser(t, { username: 'input.applicant', unitId: orgs.unitA, demo: true });
  const sponsorId = await createTestUser(t, { username: 'input.sponsor', unitId: orgs.unitA, roles: ['manager'], demo: true });
  await grantClearance(t, officerId);
  officer = await signIn(t, 'input.officer');
  applicant = await signIn(t, 'input.applicant');
  appId = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'in-progress' });
  token = await issueToken(t, 'input-client', ['register:read', 'register:write'], 'input.officer');
});
afterAll(() => t?.close());

describe('hidden control characters in what is sent', () => {
  it('refuses a NUL in the sign-in form with 400 and says what to fix, before anyone is signed in', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username: 'a\u0000b', password: 'whatever' });
    expect(res.status).toBe(400);
    expect(message(res.text)).toBe('Remove the hidden control character from username and try again. It can come in when text is pasted from another program.');
  });

  it('refuses a NUL in the form a relative fills in from their link', async () => {
    const csrf = await csrfOf(applicant, `/vetting/applications/${appId}/relatives`);
    const made = await applicant.post(`/vetting/applications/${appId}/relatives`).type('form').send({ _csrf: csrf, relationship: 'my father' });
    expect(made.status).toBe(201);
    const link = /\/vetting\/relative\/([A-Za-z0-9_-]{43})/.exec(made.text)![1]!;
    const relative = request.agent(t.app);
    const page = await relative.get(`/vetting/relative/${link}`);
    const res = await relative.post(`/vetting/relative/${link}`).type('form').send({ _csrf: csrfFrom(page.text), familyName: 'Quen\u0000nell', placeOfBirth: 'Leeds' });
    expect(res.status).toBe(400);
    expect(message(res.text)).toContain('from family name and try again');
  });

  it('refuses a NUL in an API body with a JSON error naming the field', async () => {
    const res = await request(t.app)
      .post('/api/v1/nominals')
      .set(bearer(token))
      .send({ nominalType: 'rso', givenNames: 'Jo\u0000nah', familyName: 'Testwell', dateOfBirth: '1979-04-12', gender: 'male', aliases: [{ name: 'x\u0007' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('control-character');
    expect(res.body.error.fields).toEqual([
      { field: 'givenNames', message: 'Remove the hidden control character from givenNames and try again.' },
      { field: 'aliases.0.name', message: 'Remove the hidden control character from aliases.0.name and try again.' },
    ]);
  });

  it('refuses a NUL in a query string with 400', async () => {
    const res = await officer.get('/nominals?q=a%00b');
    expect(res.status).toBe(400);
    expect(message(res.text)).toBe('Remove the hidden control character from what you searched for and try again. It can come in when text is pasted from another program.');
    const api = await request(t.app).get('/api/v1/nominals?q=a%00b').set(bearer(token));
    expect(api.status).toBe(400);
    expect(api.body.error.fields).toEqual([{ field: 'q', message: 'Remove the hidden control character from q and try again.' }]);
  });

  it('refuses other C0 controls, DEL and C1 controls, and keeps tab and new lines', async () => {
    for (const bad of ['\u0001', '\u001B', '\u007F', '\u0085', '\u009F']) {
      const res = await officer.get(`/nominals?q=${encodeURIComponent(`a${bad}b`)}`);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await officer.get(`/nominals?q=${encodeURIComponent('jonah\t\r\n')}`)).status).toBe(200);
  });
});

describe('addresses and unknown pages', () => {
  it('answers 400 to malformed percent-encoding in a path, and to a bare %', async () => {
    for (const path of ['/vetting/privacy-notice/%C0%AF', '/vetting/privacy-notice/50%', '/vetting/privacy-notice/%E0%A4%A', '/nominals/%ZZ']) {
      const res = await request(t.app).get(path);
      expect(res.status, path).toBe(400);
      expect(message(res.text), path).toBe('That address is not valid. Check the link and try again.');
    }
    const api = await request(t.app).get('/api/v1/nominals/%C0%AF').set(bearer(token));
    expect(api.status).toBe(400);
    expect(api.body.error.id).toBe('bad-address');
  });

  it('answers 400 to a control character in a path', async () => {
    expect((await request(t.app).get('/vetting/privacy-notice/a%00b')).status).toBe(400);
  });

  it('answers 404 to an unknown kind of item, on every route that takes a kind', async () => {
    const csrf = await csrfOf(officer, '/nominals/new');
    const created = await officer.post('/nominals').type('form').send({ _csrf: csrf, ...nominalForm({ givenNames: 'Kindly', familyName: 'Unknownkind' }) });
    expect(created.status).toBe(303);
    const id = created.headers.location!.split('/').pop()!;
    const item = '00000000-0000-4000-8000-000000000000';
    expect((await officer.get(`/nominals/${id}/items/no-such-kind/new`)).status).toBe(404);
    expect((await officer.get(`/nominals/${id}/items/no-such-kind/${item}`)).status).toBe(404);
    for (const path of [`/nominals/${id}/items/no-such-kind`, `/nominals/${id}/items/no-such-kind/${item}`, `/nominals/${id}/items/no-such-kind/${item}/remove`]) {
      const res = await officer.post(path).type('form').send({ _csrf: csrf });
      expect(res.status, path).toBe(404);
    }
    const page = await officer.get(`/nominals/${id}/items/no-such-kind/new`);
    expect(page.text).toContain('Page not found');
    expect((await officer.get(`/nominals/${id}/items/vehicle/new`)).status).toBe(200);
  });
});

describe('invisible characters in names', () => {
  it('stores a name without zero-width and direction-override characters, and a search typed with them finds it', async () => {
    const csrf = await csrfOf(officer, '/nominals/new');
    const created = await officer
      .post('/nominals')
      .type('form')
      .send({ _csrf: csrf, ...nominalForm({ givenNames: `Ze${ZWSP}ro`, familyName: `${RLO}Widthson${ZWSP}` }) });
    expect(created.status).toBe(303);
    const row = await t.database.db.selectFrom('nominal').select(['given_names', 'family_name']).where('family_name', 'like', '%idthson%').executeTakeFirstOrThrow();
    expect(row).toEqual({ given_names: 'Zero', family_name: 'Widthson' });
    const found = await officer.get(`/nominals?q=${encodeURIComponent(`Wid${ZWSP}ths${RLO}on`)}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain('WIDTHSON, Zero');
    expect(found.text).not.toContain(ZWSP);
    expect(found.text).not.toContain(RLO);
  });

  it('strips them from API bodies too', async () => {
    const res = await request(t.app)
      .post('/api/v1/nominals')
      .set(bearer(token))
      .send({ nominalType: 'rso', givenNames: `Api${'\u2066'}ton`, familyName: `Invis${'\uFEFF'}ible`, dateOfBirth: '1980-01-02', gender: 'female' });
    expect(res.status).toBe(201);
    const row = await t.database.db.selectFrom('nominal').select(['given_names', 'family_name']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ given_names: 'Apiton', family_name: 'Invisible' });
  });
});

describe('error pages in development', () => {
  it('never show a stack trace or a server path', async () => {
    const dev = await createTestApp({ demo: true }, { NODE_ENV: 'development' });
    try {
      expect(dev.config.env).toBe('development');
      vi.spyOn(dev.services.vettingForm, 'privacyNotice').mockImplementation(() => {
        throw new Error('secret internals');
      });
      const res = await request(dev.app).get('/vetting/privacy-notice/NPPV2-2026.1');
      expect(res.status).toBe(500);
      expect(res.text).toContain('Sorry, there is a problem with the service');
      expect(res.text).not.toContain('secret internals');
      expect(res.text).not.toMatch(/\.ts:\d+|node_modules|\/server\//);
      expect(res.text).not.toContain('vigil-stack');
    } finally {
      await dev.close();
    }
  });
});
