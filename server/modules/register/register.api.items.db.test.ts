import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, type TestApp } from '../../testing/test-app.ts';
import { upsertUnit } from '../identity/identity.organisation.repository.ts';
import type { openApiDocument } from './register.openapi.ts';
import { BAD_TOKEN, bearer, clearUser, contract, issueToken, loggedAs, operationsOf } from './register.openapi.testing.ts';

let t: TestApp;
let api: ReturnType<typeof contract>;
let doc: ReturnType<typeof openApiDocument>;
const tokens: Record<string, string> = {};
let ownerId: string;
let strangerId: string;
let nominalId: string;
let itemId: string;

const as = (name: string) => bearer(tokens[name]);
const logged = (action: string) => loggedAs(t, action);
const MISSING = '00000000-0000-4000-8000-000000000000';

const address = (over: Record<string, unknown> = {}) => ({
  addressType: 'home',
  line1: '1 Example Street',
  town: 'Testville',
  postcode: 'sw1a 2aa',
  from: '2024-01-02',
  childInHousehold: false,
  sensitivity: 'standard',
  ...over,
});

type Method = 'get' | 'post' | 'put' | 'delete';
const call = (method: Method, path: string, headers: Record<string, string>, body?: unknown) => {
  const r = request(t.app)[method](path).set(headers);
  return body === undefined ? r : r.send(body as object);
};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  doc = (await request(t.app).get('/api/v1/openapi.json')).body;
  api = contract(doc);
  const orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  ownerId = await createTestUser(t, { username: 'svc.owner', unitId: orgs.unitA, demo: true });
  strangerId = await createTestUser(t, { username: 'svc.stranger', unitId: third, demo: true });
  for (const id of [ownerId, strangerId]) await clearUser(t, id);
  tokens.writer = await issueToken(t, 'case-system', ['register:read', 'register:write'], 'svc.owner');
  tokens.reader = await issueToken(t, 'reader', ['register:read'], 'svc.owner');
  tokens.elsewhere = await issueToken(t, 'elsewhere', ['register:read', 'register:write'], 'svc.stranger');
  tokens.witness = await issueToken(t, 'witness', ['audit:read']);
  const created = await call('post', '/api/v1/nominals', as('writer'), { nominalType: 'rso', givenNames: 'Ada', familyName: 'Itemsworth', gender: 'female' });
  nominalId = created.body.id;
});
afterAll(() => t?.close());

const list = () => `/api/v1/nominals/${nominalId}/items?kind=address`;
const one = () => `/api/v1/nominals/${nominalId}/items/${itemId ?? MISSING}`;
const LIST = '/nominals/{id}/items';
const ONE = '/nominals/{id}/items/{itemId}';

describe('a record\'s items over the API', () => {
  it('401: no token, or a wrong one, on every item route', async () => {
    for (const [method, path, template] of [['get', list(), LIST], ['post', list(), LIST], ['get', one(), ONE], ['put', one(), ONE], ['delete', one(), ONE]] as const) {
      for (const headers of [{}, BAD_TOKEN]) {
        const res = api.check(await call(method, path, headers, method === 'get' ? undefined : address()), method.toUpperCase(), template);
        expect(res.status).toBe(401);
      }
    }
  });

  it('403: each route names the scope the token lacks', async () => {
    for (const [method, path, template, token, scope] of [
      ['get', list(), LIST, 'witness', 'register:read'],
      ['get', one(), ONE, 'witness', 'register:read'],
      ['post', list(), LIST, 'reader', 'register:write'],
      ['put', one(), ONE, 'reader', 'register:write'],
      ['delete', one(), ONE, 'reader', 'register:write'],
    ] as const) {
      const res = api.check(await call(method, path, as(token), method === 'get' ? undefined : address()), method.toUpperCase(), template);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(`This API token does not have the ${scope} scope.`);
    }
  });

  it('400: the kind, the body and each field say what to fix; nothing is saved', async () => {
    const noKind = api.check(await call('get', `/api/v1/nominals/${nominalId}/items`, as('reader')), 'GET', LIST);
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.message).toMatch(/^Give the kind of item as \?kind=, one of: photo, identity-document, /);
    const notObject = api.check(await call('post', list(), as('writer'), [1]), 'POST', LIST);
    expect(notObject.body.error.message).toBe('Send the item as a JSON object');
    const bad = api.check(await call('post', list(), as('writer'), address({ addressType: 'castle', line1: '', from: '2024-02-30', postcode: 'nowhere' })), 'POST', LIST);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      { field: 'addressType', message: 'Select the type of address' },
      { field: 'line1', message: 'Enter the address line 1' },
      { field: 'postcode', message: 'Enter a real postcode, like SW1A 2AA, or leave it blank if not known' },
      { field: 'from', message: 'Start date must be a real date' },
    ]);
    expect(await t.database.db.selectFrom('nominal_item').select('id').execute()).toHaveLength(0);
  });

  it('404: a record the acting user may not see, exactly as one that does not exist; the log keeps the reason', async () => {
    const hidden = api.check(await call('get', list(), as('elsewhere')), 'GET', LIST);
    const missing = api.check(await call('get', `/api/v1/nominals/${MISSING}/items?kind=address`, as('elsewhere')), 'GET', LIST);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await logged('register.items-viewed'))[1]).toMatchObject({ decision: 'denied', actor_user_id: strangerId, subject_id: nominalId, policy_ids: ['register.no-permit'] });
    const add = api.check(await call('post', list(), as('elsewhere'), address()), 'POST', LIST);
    expect(add.status).toBe(404);
    expect(add.body.error.message).toBe('No record was found with that reference, or you do not have access to it.');
    expect((await logged('register.item-added'))[0]).toMatchObject({ decision: 'denied', actor_user_id: strangerId, purpose_text: expect.stringMatching(/^via API client elsewhere \(/) });
  });

  it('201: adds an item, logged as a collection by the acting user through the client', async () => {
    const res = api.check(await call('post', list(), as('writer'), address()), 'POST', LIST);
    expect(res.status).toBe(201);
    itemId = res.body.id;
    expect(res.body).toEqual({ id: itemId, kind: 'address', version: 1 });
    expect(res.headers.location).toBe(`/api/v1/nominals/${nominalId}/items/${itemId}`);
    expect((await logged('register.item-added'))[0]).toMatchObject({ kind: 'collection', decision: 'allowed', actor_user_id: ownerId, subject_id: nominalId, purpose_text: expect.stringMatching(/^via API client case-system \(/) });
  });

  it('200: lists the items of a kind, and shows one with its history, each read logged', async () => {
    const res = api.check(await call('get', list(), as('reader')), 'GET', LIST);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: itemId, version: 1, data: expect.objectContaining({ postcode: 'SW1A 2AA', childInHousehold: false }) })]);
    expect((await logged('register.items-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ownerId, purpose_text: expect.stringMatching(/^via API client reader \(/) });
    const item = api.check(await call('get', one(), as('reader')), 'GET', ONE);
    expect(item.status).toBe(200);
    expect(item.body.history).toHaveLength(1);
    expect((await logged('register.item-viewed'))[0]).toMatchObject({ actor_user_id: ownerId });
    const hidden = api.check(await call('get', one(), as('elsewhere')), 'GET', ONE);
    expect(hidden.status).toBe(404);
  });

  it('200 then 409: a change carries the version read; a stale one says who changed the item and when', async () => {
    const missingVersion = api.check(await call('put', one(), as('writer'), address({ line1: '2 Example Street' })), 'PUT', ONE);
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.error.message).toBe('The form is missing its version: reload the page and make your change again');
    const changed = api.check(await call('put', one(), as('writer'), address({ line1: '2 Example Street', version: 1 })), 'PUT', ONE);
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ id: itemId, kind: 'address', version: 2 });
    expect((await logged('register.item-changed'))[0]).toMatchObject({ kind: 'alteration', actor_user_id: ownerId, purpose_text: expect.stringMatching(/^via API client case-system \(/) });
    const stale = api.check(await call('put', one(), as('writer'), address({ line1: '3 Example Street', version: 1 })), 'PUT', ONE);
    expect(stale.status).toBe(409);
    expect(stale.body.error.id).toBe('stale-edit');
    expect(stale.body.error.message).toMatch(/^This address was changed by Test svc\.owner at \d\d:\d\d on \d+ \w+ \d{4}\. Your change has not been saved/);
    const elsewhere = api.check(await call('put', one(), as('elsewhere'), address({ version: 2 })), 'PUT', ONE);
    expect(elsewhere.status).toBe(404);
  });

  it('204: removes an item with the version read (in the query or the body); a stale removal is 409', async () => {
    const stale = api.check(await call('delete', `${one()}?version=1`, as('writer')), 'DELETE', ONE);
    expect(stale.status).toBe(409);
    const hidden = api.check(await call('delete', one(), as('elsewhere'), { version: 2 }), 'DELETE', ONE);
    expect(hidden.status).toBe(404);
    const removed = api.check(await call('delete', one(), as('writer'), { version: 2 }), 'DELETE', ONE);
    expect(removed.status).toBe(204);
    expect((await logged('register.item-removed'))[0]).toMatchObject({ kind: 'alteration', actor_user_id: ownerId, subject_id: nominalId });
    expect((await call('get', list(), as('reader'))).body.items).toEqual([]);
  });

});

// A PNG by its first bytes, larger than the pages' 100 kB body limit once in base64.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(150_000, 7)]);
const photo = (over: Record<string, unknown> = {}) => ({ takenOn: '2024-05-01', subject: 'tattoo', description: 'Invented: a swallow on the left hand', sensitivity: 'standard', file: { contentBase64: PNG.toString('base64') }, ...over });
const photos = () => `/api/v1/nominals/${nominalId}/items?kind=photo`;
const FILE = '/nominals/{id}/files/{fileId}';

describe('photographs and documents over the API', () => {
  let photoId: string;
  let fileId: string;
  const fileUrl = (id = fileId) => `/api/v1/nominals/${nominalId}/files/${id}`;

  it('400: a missing, malformed or wrong kind of file says what to fix; nothing is saved', async () => {
    const before = (await t.database.db.selectFrom('nominal_file').select('id').execute()).length;
    const none = api.check(await call('post', photos(), as('writer'), photo({ file: undefined })), 'POST', LIST);
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual([{ field: 'file', message: 'Select the photograph to upload' }]);
    const garbled = api.check(await call('post', photos(), as('writer'), photo({ file: { contentBase64: 'not base64!' } })), 'POST', LIST);
    expect(garbled.body.error.fields).toEqual([{ field: 'file', message: 'Send the file as "file": { "contentBase64": "..." }, its bytes in standard base64' }]);
    const text = api.check(await call('post', photos(), as('writer'), photo({ file: { contentBase64: Buffer.from('MZ pretending to be a photo').toString('base64') } })), 'POST', LIST);
    expect(text.body.error.fields).toEqual([{ field: 'file', message: 'The selected file must be a JPEG, PNG or WebP image' }]);
    expect((await t.database.db.selectFrom('nominal_file').select('id').execute()).length).toBe(before);
    expect(await t.database.db.selectFrom('nominal_item').select('id').where('kind', '=', 'photo').execute()).toHaveLength(0);
  });

  it('201 and 200: a photograph sent as base64 is stored, and read back as the same bytes, logged', async () => {
    const added = api.check(await call('post', photos(), as('writer'), photo()), 'POST', LIST);
    expect(added.status).toBe(201);
    photoId = added.body.id;
    const item = api.check(await call('get', `/api/v1/nominals/${nominalId}/items/${photoId}`, as('reader')), 'GET', ONE);
    fileId = item.body.data.fileId;
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    const file = api.check(await request(t.app).get(fileUrl()).set(as('reader')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }), 'GET', FILE);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);
    expect((await logged('register.file-viewed'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: ownerId, subject_id: nominalId, purpose_text: expect.stringMatching(/^via API client reader \(/) });
  });

  it('a change without a file keeps the photograph; one with a file replaces it', async () => {
    const kept = api.check(await call('put', `/api/v1/nominals/${nominalId}/items/${photoId}`, as('writer'), photo({ file: undefined, description: 'Invented: a swallow, faded', version: 1 })), 'PUT', ONE);
    expect(kept.status).toBe(200);
    expect((await call('get', `/api/v1/nominals/${nominalId}/items/${photoId}`, as('reader'))).body.data.fileId).toBe(fileId);
    const replaced = api.check(await call('put', `/api/v1/nominals/${nominalId}/items/${photoId}`, as('writer'), photo({ version: 2 })), 'PUT', ONE);
    expect(replaced.status).toBe(200);
    expect((await call('get', `/api/v1/nominals/${nominalId}/items/${photoId}`, as('reader'))).body.data.fileId).not.toBe(fileId);
  });

  it('401, 403 and 404 on a file: no token, the wrong scope, a record the user may not see or a file that is not there', async () => {
    for (const headers of [{}, BAD_TOKEN]) expect(api.check(await call('get', fileUrl(), headers), 'GET', FILE).status).toBe(401);
    const witness = api.check(await call('get', fileUrl(), as('witness')), 'GET', FILE);
    expect(witness.status).toBe(403);
    expect(witness.body.error.message).toBe('This API token does not have the register:read scope.');
    const hidden = api.check(await call('get', fileUrl(), as('elsewhere')), 'GET', FILE);
    const missing = api.check(await call('get', fileUrl(MISSING), as('reader')), 'GET', FILE);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await logged('register.file-viewed'))[0]).toMatchObject({ decision: 'denied', actor_user_id: strangerId });
  });

  it('every described item and file operation was called live above', () => {
    expect([...api.seen].sort()).toEqual(operationsOf(doc).filter((o) => o.includes('/items') || o.includes('/files')).sort());
  });
});
