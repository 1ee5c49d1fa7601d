import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext, type Role } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertWindow, updateAppeal } from '../vetting/vetting.appeal.repository.ts';
import { makeApplication } from '../vetting/vetting.relatives.fixtures.ts';

/*
 * The proof that nobody but the applicant can read an individual's equality answers: every
 * route the app has (collected from the Express router, so routes added later are covered
 * too) is requested as each role that works on vetting, and no answer may come back.
 */

// A rare religion, written in by the applicant: it exists in one row of equality_response only.
const MARKER = 'Zqx-Religion-Marker-7731';
// Column names would show a row of answers leaking through an API, whatever its values.
const ANSWER_KEYS = ['religion_other', 'religionOther', 'sexual_orientation', 'sexualOrientation', 'gender_same_as_birth', 'genderSameAsBirth'];

interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the app serves, from its router (Express 5: app.router), through nested routers. */
function routesOf(app: Express): RouteInfo[] {
  const found: RouteInfo[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const path of paths) found.push({ method, path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** Concrete URLs for a route: every parameter as each planted id (applications, the appeal), then other words for non-id parameters. */
function urlsFor(path: string, ids: string[]): string[] {
  const clean = path.replace(/[{}]/g, '').replace(/\*\w*/g, 'x');
  const names = [...clean.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  if (!names.length) return [clean];
  const urls = new Set<string>();
  for (const id of ids) urls.add(clean.replace(/:(\w+)/g, () => id));
  // Parameters such as a form section or a form version, filled with words that might reach answers.
  for (const word of ['equality', 'equality-monitoring', 'NPPV2-2026.1']) urls.add(clean.replace(/:(\w+)/g, (_m, name: string) => (/id$/i.test(name) ? ids[0]! : word)));
  return [...urls];
}

let t: TestApp;
let appId: string;
let draftId: string;
let appealId: string;
const actors: { role: string; agent: Agent; token: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  const applicantId = await createTestUser(t, { username: 'pv.applicant', unitId: orgs.unitA, demo: true });
  const sponsorId = await createTestUser(t, { username: 'pv.sponsor', unitId: orgs.unitA, roles: ['manager', 'practitioner'], demo: true });
  const people: [string, Role[]][] = [
    ['pv.officer', ['vetting-officer']],
    ['pv.panel', ['appeal-panel-member']],
    ['pv.admin', ['administrator']],
    ['pv.dpo', ['data-protection-officer']],
  ];
  const officerId = await createTestUser(t, { username: 'pv.officer', unitId: orgs.unitB, roles: ['vetting-officer'], demo: true });
  const others = new Map<string, string>();
  for (const [username, roles] of people.slice(1)) others.set(username, await createTestUser(t, { username, unitId: orgs.unitB, roles, demo: true }));
  await grantClearance(t, sponsorId);
  appId = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'checks' });
  await t.database.db.updateTable('vetting_application').set({ case_officer_id: officerId, submitted_at: t.clock.now() }).where('id', '=', appId).execute();
  // A refusal under appeal, heard by the panel member: they see its bundle, so they have the most to see.
  draftId = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'appealed', level: 'NPPV3' });
  const decidedAt = new Date(t.clock.now().getTime() - 3 * 86_400_000);
  appealId = await insertWindow(t.database.db, { applicationId: draftId, subject: 'refusal', decisionAt: decidedAt, dueAt: new Date(decidedAt.getTime() + 14 * 86_400_000), at: decidedAt });
  await updateAppeal(t.database.db, appealId, 1, { state: 'lodged', grounds: 'Synthetic grounds.', lodged_at: t.clock.now(), hearer_user_id: others.get('pv.panel')!, hearer_assigned_at: t.clock.now() });
  for (const id of [appId, draftId]) {
    await t.database.db
      .insertInto('equality_response')
      .values({ application_id: id, ethnicity: 'white-roma', sex: 'female', gender_same_as_birth: 'no', age_band: '55-to-64', disability: 'yes-a-lot', religion: 'other', religion_other: MARKER, sexual_orientation: 'bisexual', recorded_at: t.clock.now(), updated_at: t.clock.now() })
      .execute();
  }
  for (const [username] of [['pv.sponsor'], ...people]) {
    const token = (await t.services.apiClients.createClient(systemContext(t.clock.now()), { name: `proof.${username}`, scopes: ['register:read', 'register:write', 'audit:read'], days: 1, actingUsername: username })).token;
    actors.push({ role: username, agent: await signIn(t, username!), token });
  }
});
afterAll(() => t?.close());

/** Asserts that a response holds no individual's answers, naming the route that leaked. */
function expectNoAnswers(label: string, body: string) {
  expect(body.includes(MARKER), `${label} shows the planted equality answer`).toBe(false);
  for (const key of ANSWER_KEYS) expect(body.includes(`"${key}"`), `${label} returns equality answer field ${key}`).toBe(false);
}

describe('no vetting officer, appeal panel member, administrator, sponsor or data protection officer can read equality answers', () => {
  it('finds the vetting and equality routes to check', () => {
    const paths = routesOf(t.app).map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('get /equality/summary');
    expect(paths).toContain('get /vetting/applications/:id/equality');
    expect(paths).toContain('get /vetting/casework/:id/relatives');
  });

  it('would see a leak: the applicant is shown their own answer on their open form', async () => {
    const applicantId = (await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'pv.applicant').executeTakeFirstOrThrow()).id;
    const sponsorId = (await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'pv.sponsor').executeTakeFirstOrThrow()).id;
    const open = await makeApplication(t, { applicantUserId: applicantId, sponsorUserId: sponsorId, state: 'in-progress' });
    await t.database.db.insertInto('equality_response').values({ application_id: open, ethnicity: 'white-roma', sex: 'female', gender_same_as_birth: 'no', age_band: '55-to-64', disability: 'no', religion: 'other', religion_other: MARKER, sexual_orientation: 'bisexual', recorded_at: t.clock.now(), updated_at: t.clock.now() }).execute();
    const page = await (await signIn(t, 'pv.applicant')).get(`/vetting/applications/${open}/equality`);
    expect(page.text).toContain(MARKER);
    await t.database.db.deleteFrom('equality_response').where('application_id', '=', open).execute();
  });

  // One test per person, each with room for a few hundred requests.
  for (const who of ['pv.sponsor', 'pv.officer', 'pv.panel', 'pv.admin', 'pv.dpo']) {
    it(`${who}: through any page or API route, read or write`, { timeout: 300_000 }, async () => {
      const actor = actors.find((a) => a.role === who)!;
      const routes = routesOf(t.app).filter((r) => !/sign-out/.test(r.path));
      const csrf = await csrfOf(actor.agent, '/account');
      let requests = 0;
      for (const route of routes) {
        const isApi = route.path.startsWith('/api/');
        // Writes only where equality or vetting data could come back; a blank form changes nothing.
        const write = route.method !== 'get';
        if (write && !/^\/(vetting|equality|api\/v1\/vetting)/.test(route.path)) continue;
        for (const url of urlsFor(route.path, [appId, draftId, appealId])) {
          const agent = isApi ? request(t.app) : actor.agent;
          let call = write ? agent[route.method as 'post'](url).type('form').send(isApi ? {} : { _csrf: csrf }) : agent.get(url);
          if (isApi) call = call.set('Authorization', `Bearer ${actor.token}`);
          const res = await call;
          requests++;
          expectNoAnswers(`${actor.role} ${route.method.toUpperCase()} ${url} (${res.status})`, res.text ?? '');
        }
      }
      expect(requests).toBeGreaterThan(20);
      // The panel member is the hearer: the bundle was really there to be read.
      if (who === 'pv.panel') expect((await actor.agent.get(`/vetting/appeals/${appealId}`)).status).toBe(200);
    });
  }

  it("while the equality lead's summary shows counts only", async () => {
    await createTestUser(t, { username: 'pv.lead', unitId: (await t.database.db.selectFrom('unit').select('id').executeTakeFirstOrThrow()).id, roles: ['equality-lead'], demo: true });
    const lead = await signIn(t, 'pv.lead');
    const res = await lead.get('/equality/summary');
    expect(res.status).toBe(200);
    expectNoAnswers('the equality lead summary', res.text);
    expect(res.text).toContain('Roma');
    for (const id of [appId, draftId]) {
      expect(res.text).not.toContain(id);
      expect((await lead.get(`/vetting/applications/${id}/equality`)).status).toBe(404);
    }
  });
});
