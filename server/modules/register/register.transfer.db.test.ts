import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, csrfFrom, csrfOf, grantClearance, seedOrganisations, signIn, type TestApp, eventsOf } from '../../testing/test-app.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let owner: Agent;
let receiver: Agent;
let receivingOfficer: Agent;
let stranger: Agent;
let ownerId: string;
let receiverId: string;
let officerId: string;
let sendingManagerId: string;

const clear = (userId: string) => grantClearance(t, userId);

async function createRecord(givenNames: string, familyName: string): Promise<string> {
  const csrf = await csrfOf(owner, '/nominals/new');
  const res = await owner
    .post('/nominals')
    .type('form')
    .send({ _csrf: csrf, nominalType: 'rso', givenNames, familyName, 'dateOfBirth-day': '3', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1981', gender: 'male', confirmedNew: 'yes' });
  expect(res.status).toBe(303);
  return String(res.headers.location).split('/').pop()!;
}

async function requestTransfer(agent: Agent, id: string, over: Record<string, string> = {}) {
  const page = await agent.get(`/nominals/${id}/transfer`);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '1';
  return agent.post(`/nominals/${id}/transfer`).type('form').send({ _csrf: csrfFrom(page.text), toUnitId: orgs.unitB, reason: 'Moved to the area and notified a new address', version, ...over });
}

const nominal = (id: string) => t.database.db.selectFrom('nominal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const transferOf = (id: string) => t.database.db.selectFrom('nominal_transfer').selectAll().where('nominal_id', '=', id).orderBy('requested_at', 'desc').executeTakeFirst();
const relationship = (id: string, unitId: string) =>
  t.database.db.selectFrom('nominal_relationship').select('role').where('nominal_id', '=', id).where('unit_id', '=', unitId).executeTakeFirst();
const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const messagesOf = (userId: string) => t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();

async function decide(agent: Agent, transferId: string, what: 'accept' | 'reject', body: Record<string, string>) {
  const page = await agent.get(`/transfers/${transferId}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? (await csrfOf(agent));
  return agent.post(`/transfers/${transferId}/${what}`).type('form').send({ _csrf: csrf, version: '1', ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const { upsertUnit } = await import('../identity/identity.organisation.repository.ts');
    return upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9');
  });
  ownerId = await createTestUser(t, { username: 'tr.owner', unitId: orgs.unitA, demo: true });
  sendingManagerId = await createTestUser(t, { username: 'tr.sending.manager', unitId: orgs.unitA, roles: ['manager'], demo: true });
  receiverId = await createTestUser(t, { username: 'tr.receiver', unitId: orgs.unitB, roles: ['manager'], demo: true });
  officerId = await createTestUser(t, { username: 'tr.officer', unitId: orgs.unitB, demo: true });
  const strangerId = await createTestUser(t, { username: 'tr.stranger', unitId: third, demo: true });
  for (const id of [ownerId, sendingManagerId, receiverId, officerId, strangerId]) await clear(id);
  owner = await signIn(t, 'tr.owner');
  receiver = await signIn(t, 'tr.receiver');
  receivingOfficer = await signIn(t, 'tr.officer');
  stranger = await signIn(t, 'tr.stranger');
});
afterAll(() => t?.close());

describe('requesting a transfer', () => {
  let id: string;
  beforeAll(async () => {
    id = await createRecord('Petra', 'Movewell');
  });

  it('401: the transfer pages ask for sign-in', async () => {
    for (const path of ['/transfers', `/transfers/${id}`, `/nominals/${id}/transfer`]) {
      expect((await request(t.app).get(path)).status).toBe(401);
    }
  });

  it('400: says what to fix and saves nothing', async () => {
    const res = await requestTransfer(owner, id, { toUnitId: '', reason: ' ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select the unit to transfer the record to');
    expect(res.text).toContain('Enter the reason for the transfer');
    const own = await requestTransfer(owner, id, { toUnitId: orgs.unitA });
    expect(own.status).toBe(400);
    expect(own.text).toContain('Select a unit other than the one that owns the record');
    expect(await transferOf(id)).toBeUndefined();
  });

  it('404: a user who may not see the record gets "not found"; the log keeps the real reason', async () => {
    expect((await stranger.get(`/nominals/${id}/transfer`)).status).toBe(404);
    const res = await stranger.post(`/nominals/${id}/transfer`).type('form').send({ _csrf: await csrfOf(stranger), toUnitId: orgs.unitB, reason: 'x', version: '1' });
    expect(res.status).toBe(404);
    expect((await logged('register.transfer-requested'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
  });

  it('409: a stale form is refused, saying who changed the record', async () => {
    const res = await requestTransfer(owner, id, { version: '7' });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/This record was changed by .+ at .+\. Check the record and try again\./);
  });

  it('303: the transfer waits; the receiving unit may read the record and its managers are told', async () => {
    const res = await requestTransfer(owner, id);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nominals/${id}`);
    expect(await transferOf(id)).toMatchObject({ status: 'pending', from_unit_id: orgs.unitA, to_unit_id: orgs.unitB, requested_by: ownerId, granted_view_only: true });
    expect(await relationship(id, orgs.unitB)).toEqual({ role: 'view-only' });
    expect((await logged('register.transfer-requested'))[0]).toMatchObject({ kind: 'disclosure', decision: 'allowed', actor_user_id: ownerId, subject_id: id });
    expect((await eventsOf(t, 'register.transfer-requested')).length).toBe(1);
    expect((await messagesOf(receiverId))[0]).toMatchObject({ subject: expect.stringContaining('Transfer request') });
    expect((await receivingOfficer.get(`/nominals/${id}`)).status).toBe(200);
    expect((await nominal(id)).owning_unit_id).toBe(orgs.unitA);
  });

  it('409: one pending transfer per record', async () => {
    const res = await requestTransfer(owner, id);
    expect(res.status).toBe(409);
    expect(res.text).toContain('is already waiting for a decision');
  });

  it('the inbox shows it incoming to the receiving unit and outgoing from the sender, and nothing to others', async () => {
    const inbox = await receiver.get('/transfers');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toMatch(/data-testid="incoming-transfers"[\s\S]*MOVEWELL, Petra[\s\S]*data-testid="outgoing-transfers"/);
    const sent = await owner.get('/transfers');
    expect(sent.text).toMatch(/data-testid="outgoing-transfers"[\s\S]*MOVEWELL, Petra/);
    const none = await stranger.get('/transfers');
    expect(none.text).not.toContain('MOVEWELL');
    expect((await logged('register.transfers-listed')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('deciding a transfer', () => {
  let id: string;
  let transferId: string;
  beforeAll(async () => {
    id = await createRecord('Quentin', 'Shiftley');
    expect((await requestTransfer(owner, id)).status).toBe(303);
    transferId = (await transferOf(id))!.id;
  });

  it('404: someone outside both units gets "not found" for the transfer; the log says why', async () => {
    expect((await stranger.get(`/transfers/${transferId}`)).status).toBe(404);
    expect((await logged('register.transfer-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.transfer-other-unit'] });
    const res = await stranger.post(`/transfers/${transferId}/accept`).type('form').send({ _csrf: await csrfOf(stranger), managingOfficerId: officerId, version: '1' });
    expect(res.status).toBe(404);
    expect((await logged('register.transfer-accepted'))[0]).toMatchObject({ decision: 'denied', subject_id: transferId });
  });

  it('403: only a manager of the receiving unit decides', async () => {
    const res = await decide(receivingOfficer, transferId, 'accept', { managingOfficerId: officerId });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Only a manager of the receiving unit can accept or reject this transfer.');
    expect((await decide(owner, transferId, 'reject', { reason: 'no' })).status).toBe(403);
  });

  it('400: the new managing officer must be named, from the receiving unit', async () => {
    const none = await decide(receiver, transferId, 'accept', { managingOfficerId: '' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select the new managing officer');
    const elsewhere = await decide(receiver, transferId, 'accept', { managingOfficerId: ownerId });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('Select the new managing officer from your unit');
    expect((await transferOf(id))!.status).toBe('pending');
  });

  it('303: accepting moves owner and manager together; the sending unit stays a partner; both sides are told', async () => {
    const before = await nominal(id);
    const page = await receiver.get(`/transfers/${transferId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Accept the transfer');
    const res = await decide(receiver, transferId, 'accept', { managingOfficerId: officerId });
    expect(res.status).toBe(303);
    const after = await nominal(id);
    expect(after).toMatchObject({ owning_unit_id: orgs.unitB, managing_officer_id: officerId, version: before.version + 1, updated_by: receiverId });
    expect(await relationship(id, orgs.unitA)).toEqual({ role: 'partner' });
    expect(await relationship(id, orgs.unitB)).toBeUndefined();
    expect(await transferOf(id)).toMatchObject({ status: 'accepted', decided_by: receiverId, new_manager_id: officerId });
    const [entry] = await logged('register.transfer-accepted');
    expect(entry).toMatchObject({ kind: 'alteration', decision: 'allowed', actor_user_id: receiverId, subject_id: id });
    expect((await messagesOf(ownerId))[0]).toMatchObject({ subject: expect.stringContaining('Transfer accepted') });
    expect((await messagesOf(officerId))[0]).toMatchObject({ subject: expect.stringContaining('You manage record') });
    const record = await receivingOfficer.get(`/nominals/${id}`);
    expect(record.text).toContain('Unit B1');
    expect((await owner.get(`/nominals/${id}`)).status).toBe(200);
  });

  it('409: accepting or rejecting twice is refused with a clear message', async () => {
    const again = await decide(receiver, transferId, 'accept', { managingOfficerId: officerId });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This transfer was already accepted by');
    const reject = await decide(receiver, transferId, 'reject', { reason: 'Too late' });
    expect(reject.status).toBe(409);
  });
});

describe('rejecting a transfer', () => {
  let id: string;
  let transferId: string;
  beforeAll(async () => {
    id = await createRecord('Rhoda', 'Stayput');
    expect((await requestTransfer(owner, id)).status).toBe(303);
    transferId = (await transferOf(id))!.id;
  });

  it('400: a rejection needs its reason', async () => {
    const res = await decide(receiver, transferId, 'reject', { reason: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the reason for rejecting the transfer');
  });

  it('409: a stale form is refused', async () => {
    const res = await decide(receiver, transferId, 'reject', { reason: 'No', version: '3' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This transfer was changed since you opened it');
  });

  it('303: the record stays, the view-only access ends, and the sender is told why', async () => {
    const res = await decide(receiver, transferId, 'reject', { reason: 'The person has not moved to our area' });
    expect(res.status).toBe(303);
    expect(await transferOf(id)).toMatchObject({ status: 'rejected', decision_reason: 'The person has not moved to our area' });
    expect(await relationship(id, orgs.unitB)).toBeUndefined();
    expect((await nominal(id)).owning_unit_id).toBe(orgs.unitA);
    expect((await receivingOfficer.get(`/nominals/${id}`)).status).toBe(404);
    expect((await logged('register.transfer-rejected'))[0]).toMatchObject({ decision: 'allowed', actor_user_id: receiverId, subject_id: id });
    expect((await messagesOf(ownerId))[0]).toMatchObject({ subject: expect.stringContaining('Transfer rejected') });
    const page = await receiver.get(`/transfers/${transferId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('You no longer have access to this record');
    expect(page.text).not.toContain('STAYPUT');
  });
});

describe('escalation', () => {
  it('a transfer left undecided is escalated once, after the configured days, to the managers of both units', async () => {
    const id = await createRecord('Silas', 'Waitlong');
    expect((await requestTransfer(owner, id)).status).toBe(303);
    const days = t.config.register.transferEscalationDays;
    const at = (d: number) => systemContext(new Date(t.clock.now().getTime() + d * 86_400_000));
    expect(await t.services.transfers.escalateOverdueTransfers(at(days - 1))).toBe(0);
    expect((await transferOf(id))!.escalated_at).toBeNull();
    const pending = await t.database.db.selectFrom('nominal_transfer').select('id').where('status', '=', 'pending').execute();
    expect(await t.services.transfers.escalateOverdueTransfers(at(days + 0.1))).toBe(pending.length);
    const transfer = (await transferOf(id))!;
    expect(transfer.escalated_at).not.toBeNull();
    expect(await t.services.transfers.escalateOverdueTransfers(at(days + 3))).toBe(0);
    for (const managerId of [receiverId, sendingManagerId]) {
      expect((await messagesOf(managerId)).filter((m) => m.subject.startsWith('Transfer overdue') && m.link === `/transfers/${transfer.id}`)).toHaveLength(1);
    }
    expect(await eventsOf(t, 'register.transfer-escalated')).toHaveLength(pending.length);
    expect((await receiver.get('/transfers')).text).toContain('Overdue');
  });
});
