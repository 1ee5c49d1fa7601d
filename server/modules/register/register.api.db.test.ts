import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';
import { upsertUnit } from '../identity/identity.organisation.repository.ts';
import { registerApi } from './register.api.ts';
import type { openApiDocument } from './register.openapi.ts';
import { BAD_TOKEN, bearer, clearUser, contract, issueToken, loggedAs, operationsOf, routesOf } from './register.openapi.testing.ts';

let t: TestApp;
let api: ReturnType<typeof contract>;
let doc: ReturnType<typeof openApiDocument>;
const tokens: Record<string, string> = {};
let ownerId: string;
let strangerId: string;

const issue = async (name: string, scopes: string[], actingUsername?: string) => (tokens[name] = await issueToken(t, name, scopes, actingUsername));
const as = (name: string) => bearer(tokens[name]);
const BAD = BAD_TOKEN;
const logged = (action: string) => loggedAs(t, action);

const newRecord = (over: Record<string, unknown> = {}) => ({
  nominalType: 'rso',
  givenNames: 'Jonah',
  familyName: 'Testwell',
  dateOfBirth: '1979-04-12',
  gender: 'male',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  doc = (await request(t.app).get('/api/v1/openapi.json')).body;
  api = contract(doc);
  const orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  ownerId = await createTestUser(t, { username: 'svc.owner', unitId: orgs.unitA, demo: true });
  strangerId = await createTestUser(t, { username: 'svc.stranger', unitId: third, demo: true });
  await createTestUser(t, { username: 'person.a', unitId: orgs.unitA, demo: true });
  for (const id of [ownerId, strangerId]) await clearUser(t, id);
  await issue('case-system', ['register:read', 'register:write'], 'svc.owner');
  await issue('reader', ['register:read'], 'svc.owner');
  await issue('elsewhere', ['register:read'], 'svc.stranger');
  await issue('witness', ['audit:read']);
});
afterAll(() => t?.close());

describe('the API description', () => {
  it('is served without a token, as OpenAPI 3.1 with the bearer scheme', async () => {
    const res = api.check(await request(t.app).get('/api/v1/openapi.json'), 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: '3.1.0', components: { securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } } } });
  });

  it('describes every route of the router, and nothing that is not one', () => {
    expect(operationsOf(doc).sort()).toEqual(routesOf(registerApi(t.services)).sort());
  });
});

describe('who the client is', () => {
  it('401: no token, or a wrong one, on every route that needs one', async () => {
    for (const [method, path, template] of [
      ['GET', '/api/v1/nominals?q=x', '/nominals'],
      ['POST', '/api/v1/nominals', '/nominals'],
      ['GET', '/api/v1/nominals/00000000-0000-4000-8000-000000000000', '/nominals/{id}'],
    ] as const) {
      const none = api.check(await request(t.app)[method === 'GET' ? 'get' : 'post'](path).send(newRecord()), method, template);
      expect(none.status).toBe(401);
      expect(none.body.error).toEqual({ id: 'api-token-required', message: 'Send an API token in the Authorization header: Bearer vgl_...' });
      const bad = api.check(await request(t.app)[method === 'GET' ? 'get' : 'post'](path).set(BAD).send(newRecord()), method, template);
      expect(bad.status).toBe(401);
      expect(bad.body.error.message).toBe('The API token is not valid: it may be wrong, expired or revoked.');
    }
  });

  it('a signed-in session is not an API token, and a token does not open the pages', async () => {
    const agent = await signIn(t, 'person.a');
    expect((await agent.get('/api/v1/nominals?q=x')).status).toBe(401);
    expect((await request(t.app).get('/nominals?q=x').set(as('reader'))).status).toBe(401);
  });

  it('403: a token without the scope is told which scope it lacks', async () => {
    const search = api.check(await request(t.app).get('/api/v1/nominals?q=x').set(as('witness')), 'GET', '/nominals');
    expect(search.status).toBe(403);
    expect(search.body.error.message).toBe('This API token does not have the register:read scope.');
    const create = api.check(await request(t.app).post('/api/v1/nominals').set(as('reader')).send(newRecord()), 'POST', '/nominals');
    expect(create.status).toBe(403);
    expect(create.body.error.message).toBe('This API token does not have the register:write scope.');
    const view = api.check(await request(t.app).get('/api/v1/nominals/00000000-0000-4000-8000-000000000000').set(as('witness')), 'GET', '/nominals/{id}');
    expect(view.status).toBe(403);
    expect(view.body.error.message).toBe('This API token does not have the register:read scope.');
  });
});

describe('creating a record', () => {
  it('400: says what to fix, field by field, and saves nothing', async () => {
    const res = api.check(
      await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord({ nominalType: '', givenNames: ' ', dateOfBirth: '1979-02-31' })),
      'POST',
      '/nominals',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('invalid-input');
    expect(res.body.error.message).toBe('Select the type of record');
    expect(res.body.error.fields).toEqual([
      { field: 'nominalType', message: 'Select the type of record' },
      { field: 'givenNames', message: 'Enter the given names' },
      { field: 'dateOfBirth', message: 'Date of birth must be a real date' },
    ]);
    const shape = api.check(await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord({ dateOfBirth: '12/04/1979', nickname: 'J' })), 'POST', '/nominals');
    expect(shape.status).toBe(400);
    expect(shape.body.error.fields).toEqual([
      { field: 'dateOfBirth', message: 'dateOfBirth must be a date like 1985-03-27, or null if not known' },
      { field: 'form', message: 'Unknown field: nickname' },
    ]);
    const flag = api.check(await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord({ confirmedNew: 'yes' })), 'POST', '/nominals');
    expect(flag.body.error.message).toBe('confirmedNew must be true or false');
    const notJson = api.check(await request(t.app).post('/api/v1/nominals').set(as('case-system')).type('json').send('[1]'), 'POST', '/nominals');
    expect(notJson.body.error.message).toBe('Send the record as a JSON object');
    expect(await t.database.db.selectFrom('nominal').select('id').execute()).toHaveLength(0);
  });

  it('201: created in the acting user\'s unit, logged as a collection naming the acting user and the client', async () => {
    const res = api.check(await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord()), 'POST', '/nominals');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/nominals/${res.body.id}`);
    expect(res.body.reference).toMatch(/^AGA-/);
    const [entry] = await logged('register.nominal-created');
    expect(entry).toMatchObject({ kind: 'collection', actor_user_id: ownerId, subject_id: res.body.id, purpose_text: expect.stringMatching(/^via API client case-system \(/) });
    const row = await t.database.db.selectFrom('nominal').select(['managing_officer_id']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.managing_officer_id).toBe(ownerId);
  });

  it('200: possible duplicates come back first; confirmedNew: true creates anyway', async () => {
    const res = api.check(await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord({ givenNames: 'Jona', familyName: 'Testwel' })), 'POST', '/nominals');
    expect(res.status).toBe(200);
    expect(res.body.possibleDuplicates).toEqual([expect.objectContaining({ familyName: 'Testwell', givenNames: 'Jonah', dateOfBirth: '1979-04-12' })]);
    expect((await logged('register.duplicate-check'))[0]).toMatchObject({ actor_user_id: ownerId, purpose_text: expect.stringMatching(/^via API client case-system \(/) });
    const confirmed = api.check(
      await request(t.app).post('/api/v1/nominals').set(as('case-system')).send(newRecord({ givenNames: 'Jona', familyName: 'Testwel', dateOfBirth: null, confirmedNew: true })),
      'POST',
      '/nominals',
    );
    expect(confirmed.status).toBe(201);
    expect(await t.database.db.selectFrom('nominal').select('id').execute()).toHaveLength(2);
  });
});

describe('finding and reading records', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.database.db.selectFrom('nominal').select('id').where('given_names', '=', 'Jonah').executeTakeFirstOrThrow()).id;
  });

  it('400: a search too long says so', async () => {
    const res = api.check(await request(t.app).get(`/api/v1/nominals?q=${'a'.repeat(201)}`).set(as('reader')), 'GET', '/nominals');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ id: 'invalid-input', message: 'Search for 200 characters or fewer' });
    const dob = api.check(await request(t.app).get('/api/v1/nominals?q=jonah&dob=12-04-1979').set(as('reader')), 'GET', '/nominals');
    expect(dob.body.error.message).toBe('dob must be a date like 1985-03-27');
    const odd = api.check(await request(t.app).get('/api/v1/nominals?name=jonah').set(as('reader')), 'GET', '/nominals');
    expect(odd.body.error.message).toBe('Unknown query parameter: name');
    const twice = api.check(await request(t.app).get('/api/v1/nominals?q=a&q=b').set(as('reader')), 'GET', '/nominals');
    expect(twice.body.error.message).toBe('Give q once, as text');
  });

  it('200: finds similar spellings among what the acting user may read, logged', async () => {
    const res = api.check(await request(t.app).get('/api/v1/nominals?q=jonah%20testwel').set(as('reader')), 'GET', '/nominals');
    expect(res.status).toBe(200);
    expect(res.body.cleared).toBe(true);
    expect(res.body.results.map((r: { id: string }) => r.id)).toContain(id);
    expect((await logged('register.nominals-searched'))[0]).toMatchObject({ kind: 'consultation', actor_user_id: ownerId, purpose_text: expect.stringMatching(/^via API client reader \(/) });
    const byBirth = api.check(await request(t.app).get('/api/v1/nominals?q=testwell&dob=1979-04-12').set(as('reader')), 'GET', '/nominals');
    expect(byBirth.body.results.map((r: { id: string }) => r.id)).toEqual([id]);
    const none = api.check(await request(t.app).get('/api/v1/nominals?q=jonah%20testwel').set(as('elsewhere')), 'GET', '/nominals');
    expect(none.body.results).toEqual([]);
  });

  it('200: one record, logged as a consultation by the acting user through the client', async () => {
    const res = api.check(await request(t.app).get(`/api/v1/nominals/${id}`).set(as('reader')), 'GET', '/nominals/{id}');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, familyName: 'Testwell', givenNames: 'Jonah', dateOfBirth: '1979-04-12', status: 'active', canEdit: true });
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ownerId, subject_id: id, policy_ids: ['register.owner-read'], purpose_text: expect.stringMatching(/^via API client reader \(/) });
  });

  it('404: a record the acting user may not see is answered exactly as one that does not exist; the log keeps the reason', async () => {
    const hidden = api.check(await request(t.app).get(`/api/v1/nominals/${id}`).set(as('elsewhere')), 'GET', '/nominals/{id}');
    const missing = api.check(await request(t.app).get('/api/v1/nominals/00000000-0000-4000-8000-000000000000').set(as('elsewhere')), 'GET', '/nominals/{id}');
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect(hidden.body.error).toEqual({ id: 'not-found', message: 'No record was found with that reference, or you do not have access to it.' });
    const entries = await logged('register.nominal-viewed');
    expect(entries[1]).toMatchObject({ decision: 'denied', actor_user_id: strangerId, subject_id: id, policy_ids: ['register.no-permit'] });
  });

  it('403: a client whose acting user has been disabled is refused', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', strangerId).execute());
    const res = api.check(await request(t.app).get(`/api/v1/nominals/${id}`).set(as('elsewhere')), 'GET', '/nominals/{id}');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('The user this API client acts as is disabled. Ask an administrator to issue a new token.');
  });
});

describe('coverage', () => {
  it('every described operation (but those of items, files, transfers, archive and merge, called in their own files) was called live above', () => {
    expect([...api.seen].sort()).toEqual(operationsOf(doc).filter((o) => !/\/items|\/files|\/transfers|\/archive|\/restore|\/merge/.test(o)).sort());
  });
});
