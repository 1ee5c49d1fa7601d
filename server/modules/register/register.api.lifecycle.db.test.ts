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
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
const tokens: Record<string, string> = {};
const records: Record<string, { id: string; reference: string }> = {};
let ownerId: string;
let managerId: string;
let transferId: string;

const as = (name: string) => bearer(tokens[name]);
const logged = (action: string) => loggedAs(t, action);
const MISSING = '00000000-0000-4000-8000-000000000000';
type Method = 'get' | 'post';
const call = (method: Method, path: string, headers: Record<string, string>, body?: unknown) => {
  const r = request(t.app)[method](path).set(headers);
  return body === undefined ? r : r.send(body as object);
};
const versionOf = async (id: string) => (await call('get', `/api/v1/nominals/${id}`, as('writer'))).body.version as number;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  doc = (await request(t.app).get('/api/v1/openapi.json')).body;
  api = contract(doc);
  orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9'));
  ownerId = await createTestUser(t, { username: 'svc.owner', unitId: orgs.unitA, demo: true });
  managerId = await createTestUser(t, { username: 'mgr.b', unitId: orgs.unitB, roles: ['practitioner', 'manager'], demo: true });
  const strangerId = await createTestUser(t, { username: 'svc.stranger', unitId: third, demo: true });
  for (const id of [ownerId, managerId, strangerId]) await clearUser(t, id);
  tokens.writer = await issueToken(t, 'case-system', ['register:read', 'register:write'], 'svc.owner');
  tokens.reader = await issueToken(t, 'reader', ['register:read'], 'svc.owner');
  tokens.receiver = await issueToken(t, 'receiver', ['register:read', 'register:write'], 'mgr.b');
  tokens.elsewhere = await issueToken(t, 'elsewhere', ['register:read', 'register:write'], 'svc.stranger');
  tokens.witness = await issueToken(t, 'witness', ['audit:read']);
  for (const [key, givenNames, familyName] of [['moving', 'Amos', 'Travers'], ['refused', 'Bea', 'Stayput'], ['archive', 'Cyril', 'Oldfield'], ['keep', 'Dora', 'Twofold'], ['dupe', 'Dorrie', 'Two-Fold']]) {
    const res = await call('post', '/api/v1/nominals', as('writer'), { nominalType: 'pdp', givenNames, familyName, gender: 'not-known', confirmedNew: true });
    records[key!] = res.body;
  }
});
afterAll(() => t?.close());

const ROUTES = () =>
  [
    ['post', `/api/v1/nominals/${records.moving!.id}/transfers`, '/nominals/{id}/transfers', 'register:write'],
    ['get', '/api/v1/transfers', '/transfers', 'register:read'],
    ['get', `/api/v1/transfers/${MISSING}`, '/transfers/{transferId}', 'register:read'],
    ['post', `/api/v1/transfers/${MISSING}/accept`, '/transfers/{transferId}/accept', 'register:write'],
    ['post', `/api/v1/transfers/${MISSING}/reject`, '/transfers/{transferId}/reject', 'register:write'],
    ['post', `/api/v1/nominals/${records.archive!.id}/archive`, '/nominals/{id}/archive', 'register:write'],
    ['post', `/api/v1/nominals/${records.archive!.id}/restore`, '/nominals/{id}/restore', 'register:write'],
    ['get', `/api/v1/nominals/${records.keep!.id}/merge?with=X`, '/nominals/{id}/merge', 'register:write'],
    ['post', `/api/v1/nominals/${records.keep!.id}/merge`, '/nominals/{id}/merge', 'register:write'],
  ] as const;

describe('transfers, archive and merge over the API', () => {
  it('401 without a good token and 403 without the scope, on every route', async () => {
    for (const [method, path, template, scope] of ROUTES()) {
      for (const headers of [{}, BAD_TOKEN]) expect(api.check(await call(method, path, headers, method === 'post' ? {} : undefined), method.toUpperCase(), template).status).toBe(401);
      const lacking = scope === 'register:read' ? 'witness' : 'reader';
      const res = api.check(await call(method, path, as(lacking), method === 'post' ? {} : undefined), method.toUpperCase(), template);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(`This API token does not have the ${scope} scope.`);
    }
  });

  it('requests a transfer: 400, 404 for a record the acting user may not see, 201 logged as a disclosure, 409 while one waits', async () => {
    const path = `/api/v1/nominals/${records.moving!.id}/transfers`;
    const bad = api.check(await call('post', path, as('writer'), { reason: '', version: 1 }), 'POST', '/nominals/{id}/transfers');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Select the unit to transfer the record to');
    const good = { toUnitId: orgs.unitB, reason: 'Moved to the other area', version: await versionOf(records.moving!.id) };
    expect(api.check(await call('post', path, as('elsewhere'), good), 'POST', '/nominals/{id}/transfers').status).toBe(404);
    const res = api.check(await call('post', path, as('writer'), good), 'POST', '/nominals/{id}/transfers');
    expect(res.status).toBe(201);
    transferId = res.body.id;
    expect(res.headers.location).toBe(`/api/v1/transfers/${transferId}`);
    expect((await logged('register.transfer-requested'))[0]).toMatchObject({ kind: 'disclosure', actor_user_id: ownerId, purpose_text: expect.stringMatching(/^via API client case-system \(/) });
    const again = api.check(await call('post', path, as('writer'), good), 'POST', '/nominals/{id}/transfers');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('A transfer of this record to Unit B1 is already waiting for a decision.');
  });

  it('lists and shows transfers to the receiving unit; another unit finds nothing', async () => {
    const list = api.check(await call('get', '/api/v1/transfers', as('receiver')), 'GET', '/transfers');
    expect(list.status).toBe(200);
    expect(list.body.incoming.map((x: { id: string }) => x.id)).toContain(transferId);
    const one = api.check(await call('get', `/api/v1/transfers/${transferId}`, as('receiver')), 'GET', '/transfers/{transferId}');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: transferId, status: 'pending', canDecide: true });
    expect(one.body.possibleManagers.map((m: { id: string }) => m.id)).toContain(managerId);
    expect(api.check(await call('get', `/api/v1/transfers/${transferId}`, as('elsewhere')), 'GET', '/transfers/{transferId}').status).toBe(404);
    expect((await call('get', '/api/v1/transfers', as('elsewhere'))).body.incoming).toEqual([]);
  });

  it('accepts with a new managing officer (400 without one), and rejects another with a reason', async () => {
    const path = `/api/v1/transfers/${transferId}/accept`;
    const version = (await call('get', `/api/v1/transfers/${transferId}`, as('receiver'))).body.version;
    const bad = api.check(await call('post', path, as('receiver'), { version }), 'POST', '/transfers/{transferId}/accept');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Select the new managing officer');
    expect(api.check(await call('post', path, as('elsewhere'), { managingOfficerId: managerId, version }), 'POST', '/transfers/{transferId}/accept').status).toBe(404);
    const ok = api.check(await call('post', path, as('receiver'), { managingOfficerId: managerId, version }), 'POST', '/transfers/{transferId}/accept');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ nominalId: records.moving!.id, reference: records.moving!.reference, status: 'accepted' });
    expect((await logged('register.transfer-accepted'))[0]).toMatchObject({ kind: 'alteration', actor_user_id: managerId, purpose_text: expect.stringMatching(/^via API client receiver \(/) });

    const asked = await call('post', `/api/v1/nominals/${records.refused!.id}/transfers`, as('writer'), { toUnitId: orgs.unitB, reason: 'Perhaps', version: await versionOf(records.refused!.id) });
    const reject = `/api/v1/transfers/${asked.body.id}/reject`;
    const v = (await call('get', `/api/v1/transfers/${asked.body.id}`, as('receiver'))).body.version;
    const noReason = api.check(await call('post', reject, as('receiver'), { reason: ' ', version: v }), 'POST', '/transfers/{transferId}/reject');
    expect(noReason.body.error.message).toBe('Enter the reason for rejecting the transfer');
    expect(api.check(await call('post', reject, as('elsewhere'), { reason: 'No', version: v }), 'POST', '/transfers/{transferId}/reject').status).toBe(404);
    const rejected = api.check(await call('post', reject, as('receiver'), { reason: 'Not our area', version: v }), 'POST', '/transfers/{transferId}/reject');
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await logged('register.transfer-rejected'))[0]).toMatchObject({ actor_user_id: managerId });
  });

  it('archives and restores with reasons and the version read; a stale version is 409', async () => {
    const id = records.archive!.id;
    const version = await versionOf(id);
    const bad = api.check(await call('post', `/api/v1/nominals/${id}/archive`, as('writer'), { reason: 'bored', version }), 'POST', '/nominals/{id}/archive');
    expect(bad.body.error.message).toBe('Select why the record is being archived');
    const badDate = api.check(await call('post', `/api/v1/nominals/${id}/archive`, as('writer'), { reason: 'died', dateOfDeath: '1/2/2025', version }), 'POST', '/nominals/{id}/archive');
    expect(badDate.body.error.message).toBe('dateOfDeath must be a date like 2026-03-27');
    expect(api.check(await call('post', `/api/v1/nominals/${id}/archive`, as('elsewhere'), { reason: 'mappa-ended', version }), 'POST', '/nominals/{id}/archive').status).toBe(404);
    const ok = api.check(await call('post', `/api/v1/nominals/${id}/archive`, as('writer'), { reason: 'mappa-ended', version }), 'POST', '/nominals/{id}/archive');
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('archived');
    expect((await logged('register.nominal-archived'))[0]).toMatchObject({ kind: 'alteration', actor_user_id: ownerId, subject_id: id });
    const stale = api.check(await call('post', `/api/v1/nominals/${id}/restore`, as('writer'), { reason: 'Back under MAPPA', version }), 'POST', '/nominals/{id}/restore');
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^This record was changed by Test svc\.owner at /);
    const now = await versionOf(id);
    const noReason = api.check(await call('post', `/api/v1/nominals/${id}/restore`, as('writer'), { reason: '', version: now }), 'POST', '/nominals/{id}/restore');
    expect(noReason.body.error.message).toBe('Enter the reason for restoring the record');
    expect(api.check(await call('post', `/api/v1/nominals/${id}/restore`, as('elsewhere'), { reason: 'x', version: now }), 'POST', '/nominals/{id}/restore').status).toBe(404);
    const restored = api.check(await call('post', `/api/v1/nominals/${id}/restore`, as('writer'), { reason: 'Back under MAPPA', version: now }), 'POST', '/nominals/{id}/restore');
    expect(restored.status).toBe(200);
    expect(restored.body.status).toBe('active');
  });

  it('merges two records of one person after a preview', async () => {
    const [keep, dupe] = [records.keep!, records.dupe!];
    const blank = api.check(await call('get', `/api/v1/nominals/${keep.id}/merge?with=`, as('writer')), 'GET', '/nominals/{id}/merge');
    expect(blank.body.error.message).toBe('Enter the reference of the other record');
    expect(api.check(await call('get', `/api/v1/nominals/${keep.id}/merge?with=${dupe.reference}`, as('elsewhere')), 'GET', '/nominals/{id}/merge').status).toBe(404);
    const preview = api.check(await call('get', `/api/v1/nominals/${keep.id}/merge?with=${dupe.reference}`, as('writer')), 'GET', '/nominals/{id}/merge');
    expect(preview.status).toBe(200);
    expect(preview.body.other.id).toBe(dupe.id);
    const body = { otherId: dupe.id, survivor: 'this', version: preview.body.record.version, otherVersion: preview.body.other.version };
    const bad = api.check(await call('post', `/api/v1/nominals/${keep.id}/merge`, as('writer'), { ...body, survivor: 'both' }), 'POST', '/nominals/{id}/merge');
    expect(bad.body.error.message).toBe('Select which record stays');
    expect(api.check(await call('post', `/api/v1/nominals/${keep.id}/merge`, as('elsewhere'), body), 'POST', '/nominals/{id}/merge').status).toBe(404);
    const merged = api.check(await call('post', `/api/v1/nominals/${keep.id}/merge`, as('writer'), body), 'POST', '/nominals/{id}/merge');
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ survivorId: keep.id, survivorReference: keep.reference, mergedReference: dupe.reference });
    expect((await logged('register.nominals-merged'))[0]).toMatchObject({ kind: 'combination', actor_user_id: ownerId });
  });

  it('every described transfer, archive and merge operation was called live above', () => {
    expect([...api.seen].sort()).toEqual(operationsOf(doc).filter((o) => /\/transfers|\/archive|\/restore|\/merge/.test(o)).sort());
  });
});
