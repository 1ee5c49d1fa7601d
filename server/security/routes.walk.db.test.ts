import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../modules/seed/seed.demo.ts';
import { NAMED_USERS } from '../modules/seed/seed.world.ts';
import { ROLES } from '../shared/context.ts';
import { createTestApp, csrfFrom, type Agent } from '../testing/test-app.ts';
import { EXPECTATIONS, expectationFor, SUBJECTS, subjectFor, UNREACHED, type Walker } from './routes.expectations.ts';
import { findSamples, type Samples } from './routes.fixtures.ts';
import { edgeBodies, formsOf, JUNK_SEGMENTS, requestArbitrary, type FormShape, type FuzzedRequest } from './routes.fuzz.ts';
import { fill, matchPath, patternMatches, routesOf, type Route } from './routes.table.ts';
import { watchWrites, writesSoFar, written } from './routes.writes.ts';

/**
 * Walks every route of the app, read from its router stack, as nobody, as every named demo account
 * and as an API client: every GET with real ids from the demo world, a random UUID and junk; every
 * other method with bodies fast-check makes from the route's own form. It fails on any 500, on any
 * page a walker may not open that opened, and on any refused request that wrote something.
 * VIGIL_WALK_SEED=n replays another run's bodies and ids; VIGIL_WALK_LOG=file writes every request and
 * its answer there, to see how far the bodies get.
 */

const SEED = Number(process.env.VIGIL_WALK_SEED ?? 20_261_201);
const RUNS = { allowed: 4, refused: 1, anonymous: 1 };
const EDGES = 3;
const t = await createTestApp({ demo: true }, { SIGN_IN_ADDRESS_MAX_FAILURES: '10000', API_RATE_LIMIT_PER_MINUTE: '1000000', VETTING_RELATIVE_LINK_MAX_FAILURES: '1000' });
const ROUTES = routesOf(t.app);
/** Requests that end the session they are sent in: sent from a session of their own. */
const ENDS_SESSION = new Set(['POST /sign-out']);

interface Walking extends Walker {
  agent?: Agent;
  csrf?: string;
}

let samples: Samples;
const walkers: Walking[] = [];
/** The forms each walker was shown, by the path they post to: the POST walk fills them in. */
const forms = new Map<string, Map<string, FormShape>>();

const seedOf = (...parts: string[]) => [...parts.join('|')].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);
const isRedirectToSignIn = (r: request.Response) => r.status >= 300 && r.status < 400 && String(r.headers.location ?? '').startsWith('/sign-in');
const opened = (status: number) => status >= 200 && status < 400;
const trace = (...parts: unknown[]) => process.env.VIGIL_WALK_LOG && appendFileSync(process.env.VIGIL_WALK_LOG, `${parts.join(' ')}\n`);
/** What a refusal page said (its error summary or first paragraph), for the log. */
const said = (res: request.Response) => (res.status >= 400 ? (/<a href="#[^"]*">([^<]*)</.exec(res.text) ?? /<p class="govuk-body">([^<]*)</.exec(res.text))?.[1] ?? res.text.slice(0, 100) : '');

/** Signs in through the pages: demo accounts need no second factor in demo mode. */
async function signIn(username: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username, password: DEMO_PASSWORD });
  if (res.status !== 303 || res.headers.location !== '/') throw new Error(`${username} could not sign in: ${res.status} ${res.headers.location}`);
  return { agent, csrf: csrfFrom((await agent.get('/account')).text) };
}

function send(w: Walking, method: string, url: string, agent = w.agent): request.Test {
  const base = agent ?? request(t.app);
  let req = (base as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()]!.call(base, url);
  if (w.bearer) req = req.set('Authorization', `Bearer ${w.bearer}`);
  if (w.csrf) req = req.set('X-CSRF-Token', w.csrf);
  return req;
}

function withBody(req: request.Test, r: FuzzedRequest): request.Test {
  if (r.encoding === 'json') return req.type('json').send(JSON.stringify(r.body));
  if (r.encoding === 'form') return req.type('form').send(r.body as Record<string, string>);
  for (const [k, v] of Object.entries(r.body)) for (const x of [v].flat()) req = req.field(k, typeof x === 'string' ? x : JSON.stringify(x));
  if (r.file) req = req.attach(r.file.field, Buffer.from(r.file.content), { filename: r.file.name, contentType: r.file.type });
  return req;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 40)}…(${x.length} chars)` : x));
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
};

beforeAll(async () => {
  await seedDemo(t.database);
  samples = await findSamples(t.database, t.services);
  // The access log sequenced and signed, as the running server's sequencer keeps it: the auditor's API has a tree to prove.
  await t.services.sequencer.catchUp();
  await watchWrites(t.database);
  const anonymous = request.agent(t.app);
  walkers.push({ name: 'anonymous', userId: null, agencyCode: null, roles: [], agent: anonymous, csrf: csrfFrom((await anonymous.get('/sign-in')).text) });
  // The named accounts present in the world: one added to NAMED_USERS is walked as soon as it is seeded.
  for (const u of NAMED_USERS) {
    const p = samples.people.get(u.username);
    if (!p) continue;
    const { agent, csrf } = await signIn(u.username);
    walkers.push({ name: u.username, userId: p.id, agencyCode: p.agencyCode, roles: p.roles, agent, csrf });
  }
  walkers.push({ name: 'api-client (acting as police.officer)', userId: samples.people.get('police.officer')!.id, agencyCode: 'NPF', roles: [], bearer: samples.bearerToken });
  console.info(`Walking ${ROUTES.length} routes as ${walkers.length} walkers; seed ${SEED} (VIGIL_WALK_SEED to replay)`);
}, 180_000);
afterAll(() => t?.close());

describe('the route table', () => {
  it('gives every route an access expectation and every parameter a real value', () => {
    expect(ROUTES.length).toBeGreaterThan(100);
    expect(ROUTES.filter((r) => !expectationFor(r)).map((r) => r.key), 'routes with no row in EXPECTATIONS').toEqual([]);
    expect(ROUTES.filter((r) => r.params.length && !SUBJECTS.some(([p]) => patternMatches(p, r))).map((r) => r.key), 'routes with no row in SUBJECTS').toEqual([]);
  });

  it('has no row that matches no route', () => {
    const stale = [...EXPECTATIONS, ...SUBJECTS].map(([p]) => p).filter((p) => !ROUTES.some((r) => patternMatches(p, r)));
    expect(stale).toEqual([]);
  });

  it('walks every role as some named demo account', () => {
    const held = new Set(walkers.flatMap((w) => w.roles));
    expect(ROLES.filter((r) => !held.has(r)), 'roles no named demo account holds').toEqual([]);
  });
});

/** The failures of one request, if any. */
function judge(route: Route, w: Walking, allowed: boolean, res: request.Response, junk: boolean): string | undefined {
  if (res.status >= 500) return `${res.status}`;
  const anonymous = !w.userId;
  if (junk) {
    if (res.status >= 400 || (anonymous && isRedirectToSignIn(res))) return undefined;
    return `${res.status} for a path with a bad id (expected 400 or 404)`;
  }
  if (allowed) return undefined;
  if (anonymous && route.method === 'GET') {
    const ok = route.path.startsWith('/api/') ? res.status === 401 : res.status === 401 || isRedirectToSignIn(res);
    return ok ? undefined : `${res.status} ${res.headers.location ?? ''} (expected 401 or a redirect to /sign-in)`;
  }
  if (route.method === 'GET') return [401, 403, 404].includes(res.status) ? undefined : `${res.status} ${res.headers.location ?? ''} (may not open it: expected 403 or 404)`;
  return res.status >= 400 ? undefined : `${res.status} ${res.headers.location ?? ''} (may not do it: expected it refused)`;
}

function remember(w: Walking, path: string, res: request.Response) {
  if (res.status !== 200 || !String(res.headers['content-type'] ?? '').includes('text/html')) return;
  const mine = forms.get(w.name) ?? new Map<string, FormShape>();
  for (const [action, shape] of formsOf(res.text, path)) mine.set(action, shape);
  forms.set(w.name, mine);
}

describe('every GET route, as every walker', () => {
  for (const [n, route] of ROUTES.filter((r) => r.method === 'GET').entries()) {
    it(route.key, async () => {
      const allow = expectationFor(route)!;
      const subject = subjectFor(route, samples);
      if (!allow || !subject) throw new Error(`${route.key} has no row in EXPECTATIONS or SUBJECTS`);
      const problems: string[] = [];
      let reached = false;
      const uuid = fc.sample(fc.uuid({ version: 4 }), { seed: seedOf(route.key), numRuns: 1 })[0]!;
      for (const [i, w] of walkers.entries()) {
        const allowed = allow(w, subject);
        const url = fill(route.path, subject.params) + (subject.query ? `?${subject.query}` : '');
        const res = await send(w, 'GET', url);
        remember(w, url, res);
        trace(route.key, `[${w.name}]`, allowed, res.status, url, said(res));
        if (allowed && opened(res.status)) reached = true;
        const bad = judge(route, w, allowed, res, false);
        if (bad) problems.push(`${w.name} GET ${url}: ${bad}`);
        // Each parameter in turn, the others real: a random UUID, and junk (a different one for each walker). Sent by
        // those who may open the page, whose requests reach the operation, and by one other in turn.
        if (!allowed && i !== n % walkers.length) continue;
        for (const [j, p] of route.params.entries()) {
          for (const [raw, v] of [[false, uuid], [true, JUNK_SEGMENTS[(n + i + j) % JUNK_SEGMENTS.length]!]] as const) {
            const badUrl = fill(route.path, { ...subject.params, [p]: v }, raw ? new Set([p]) : undefined) + (subject.query ? `?${subject.query}` : '');
            const r = await send(w, 'GET', badUrl);
            const why = judge(route, w, allowed, r, true);
            if (why) problems.push(`${w.name} GET ${badUrl}: ${why}`);
          }
        }
      }
      if (!reached && !UNREACHED[route.key]) problems.push(`nobody opened ${route.key} with real ids: is its row in SUBJECTS right?`);
      expect(problems, `${problems.length} problems, seed ${SEED}:\n${problems.join('\n')}\n`).toEqual([]);
    });
  }
});

async function formAgain(w: Walking, page: string, action: string): Promise<FormShape | undefined> {
  const res = await send(w, 'GET', page);
  return res.status === 200 ? formsOf(res.text, page).get(action) : undefined;
}

/** A form someone was shown for this route (for this very path first), if the walk saw one. */
function formFor(route: Route, url: string): FormShape | undefined {
  for (const byAction of forms.values()) if (byAction.has(url)) return byAction.get(url);
  for (const byAction of forms.values()) for (const [action, shape] of byAction) if (matchPath(route.path, action)) return shape;
  return undefined;
}

describe('every other route, as every walker, with fuzzed bodies', () => {
  for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
    it(route.key, async () => {
      const allow = expectationFor(route)!;
      const subject = subjectFor(route, samples);
      if (!allow || !subject) throw new Error(`${route.key} has no row in EXPECTATIONS or SUBJECTS`);
      const url = fill(route.path, subject.params);
      const problems: string[] = [];
      const who = ENDS_SESSION.has(route.key) ? walkers.filter((w) => !w.userId || w.name === 'police.officer') : walkers;
      const api = route.path.startsWith('/api/');
      // The edge bodies go once, from the first who may use the route and was given its form (or anyone allowed).
      const mayUse = who.filter((w) => w.userId && allow(w, subject));
      const edgeWalker = mayUse.find((w) => (api ? !!w.bearer : forms.get(w.name)?.has(url))) ?? mayUse[0];
      for (const w of who) {
        const allowed = allow(w, subject);
        // Most runs go to those the page itself gave the form: their requests get furthest into the operation.
        let theirs = forms.get(w.name)?.get(url);
        const runs = !w.userId ? RUNS.anonymous : allowed && (theirs || w.bearer) ? RUNS.allowed : RUNS.refused;
        const edges = w === edgeWalker ? EDGES : 0;
        let stale = true;
        for (let k = 0; k < runs + edges; k++) {
          // The form again, as the page shows it now: its version moves when anything is saved.
          if (theirs && stale) theirs = await formAgain(w, theirs.page, url) ?? theirs;
          const shape = theirs ?? formFor(route, url);
          const seed = seedOf(route.key, w.name, String(k));
          const body = k < runs ? fc.sample(requestArbitrary(shape, api), { seed, numRuns: 1 })[0] : edgeBodies(shape, api)[k - runs];
          if (!body) continue;
          const own = ENDS_SESSION.has(route.key) && w.userId ? await signIn(w.name) : { agent: w.agent, csrf: w.csrf };
          const before = await writesSoFar(t.database);
          const res = await withBody(send({ ...w, csrf: own.csrf }, route.method, url, own.agent), body);
          const after = await writesSoFar(t.database);
          trace(route.key, `[${w.name}]`, allowed, res.status, body.encoding, said(res));
          const where = `${w.name} ${route.method} ${url} ${body.encoding} ${show(body.body)} (seed ${seed})`;
          const bad = judge(route, w, allowed, res, false);
          if (bad) problems.push(`${where}: ${bad}`);
          stale = opened(res.status);
          const wrote = written(before, after);
          if (res.status >= 400 && res.status < 500 && wrote.length) problems.push(`${where}: refused with ${res.status} but wrote ${wrote.join(', ')}`);
        }
      }
      expect(problems, `${problems.length} problems, seed ${SEED}:\n${problems.join('\n')}\n`).toEqual([]);
    });
  }
});

describe('account changes the walk cannot judge from the route alone', () => {
  const NATIONAL_ROLES = ['vetting-officer', 'appeal-panel-member', 'equality-lead', 'data-protection-officer', 'national-administrator', 'vetting-authoriser'];
  const walker = (name: string) => walkers.find((w) => w.name === name);
  const rolesOf = async (userId: string) => (await t.database.db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute()).map((r) => r.role as string);

  /** Sends a change of roles from the account's own page, as its form would; the response and what it wrote. */
  async function changeRoles(w: Walking, userId: string, roles: string[]) {
    const path = `/admin/users/${userId}/roles`;
    const page = await send(w, 'GET', `/admin/users/${userId}`);
    const version = formsOf(page.text, `/admin/users/${userId}`).get(path)?.fields.get('version')?.[0] ?? '1';
    const before = await writesSoFar(t.database);
    const res = await send(w, 'POST', path).type('form').send({ version, roles });
    return { res, wrote: written(before, await writesSoFar(t.database)) };
  }

  it('refuses an administrator a change of their own roles, even to the same roles', async () => {
    const admin = walker('admin')!;
    const { res, wrote } = await changeRoles(admin, admin.userId!, await rolesOf(admin.userId!)); // closes hole (issue 12): nobody changes their own roles
    expect({ answer: res.status >= 400 && res.status < 500 ? 'refused' : res.status, wrote }).toEqual({ answer: 'refused', wrote: [] });
  });

  it('refuses an agency administrator every role that reaches beyond the agency', async () => {
    const admin = walker('admin')!;
    const granted: string[] = [];
    for (const role of NATIONAL_ROLES) {
      const { res, wrote } = await changeRoles(admin, samples.account.id, [...new Set([...(await rolesOf(samples.account.id)), role])]);
      if (res.status < 400 || wrote.length) granted.push(`${role}: ${res.status}, wrote ${wrote.join(', ') || 'nothing'}`);
    }
    expect(granted.join('\n'), 'what an agency administrator was let grant').toBe(''); // closes hole (issue 12): only a national administrator grants these
  });

  it('lets a national administrator grant them, in any agency', async (ctx) => {
    const national = walker('national.admin');
    if (!national) return ctx.skip();
    const westvale = [...samples.people.values()].find((p) => p.agencyCode === 'WVC' && p.roles.includes('practitioner') && !NAMED_USERS.some((u) => u.username === p.username))!;
    const { res } = await changeRoles(national, westvale.id, [...(await rolesOf(westvale.id)), 'vetting-officer']);
    expect(res.status).toBe(303);
    expect(await rolesOf(westvale.id)).toContain('vetting-officer');
  });
});

describe('after the walk', () => {
  it('still has every walker signed in, so no part of the walk ran signed out unnoticed', async () => {
    const out = [];
    for (const w of walkers.filter((x) => x.userId && !x.bearer)) if ((await send(w, 'GET', '/account')).status !== 200) out.push(w.name);
    expect(out).toEqual([]);
  });
});
