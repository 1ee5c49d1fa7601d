import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertMessage } from './messages.repository.ts';

let t: TestApp;
let reader: Agent;
let other: Agent;
let readerId: string;
let otherId: string;

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const messagesOf = (userId: string) => t.database.db.selectFrom('user_message').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const orgs = await seedOrganisations(t);
  readerId = await createTestUser(t, { username: 'msg.reader', unitId: orgs.unitA, demo: true });
  otherId = await createTestUser(t, { username: 'msg.other', unitId: orgs.unitB, demo: true });
  await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    await insertMessage(tx.db, { userId: readerId, subject: 'Older message', body: 'Sent first.' }, new Date(t.clock.now().getTime() - 60_000));
    await insertMessage(tx.db, { userId: readerId, subject: 'Emergency access to AGA-000001', body: 'Someone used break-glass.', link: '/nominals/00000000-0000-4000-8000-000000000000/views' }, t.clock.now());
    await insertMessage(tx.db, { userId: otherId, subject: 'Not for the reader', body: 'Private.' }, t.clock.now());
  });
  reader = await signIn(t, 'msg.reader');
  other = await signIn(t, 'msg.other');
});
afterAll(() => t?.close());

describe('messages', () => {
  it('401 without a session', async () => {
    expect((await request(t.app).get('/messages')).status).toBe(401);
  });

  it('200: only my own messages, newest first, unread marked, and the header counts them; the list is logged', async () => {
    const res = await reader.get('/messages');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Not for the reader');
    expect(res.text.indexOf('Emergency access to AGA-000001')).toBeLessThan(res.text.indexOf('Older message'));
    expect(res.text.match(/>\s*Unread\s*</g)).toHaveLength(2);
    expect(res.text).toMatch(/data-testid="unread-count">2</);
    expect((await logged('messages.listed'))[0]).toMatchObject({ actor_user_id: readerId, subject_id: readerId });
  });

  it('400: a mark-as-read without a message says so', async () => {
    const csrf = await csrfOf(reader, '/messages');
    const res = await reader.post('/messages/read').type('form').send({ _csrf: csrf, messageId: 'not-an-id' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select a message to mark as read');
  });

  it('404: someone else\'s message cannot be marked read', async () => {
    const [theirs] = await messagesOf(otherId);
    const csrf = await csrfOf(reader, '/messages');
    const res = await reader.post('/messages/read').type('form').send({ _csrf: csrf, messageId: theirs!.id });
    expect(res.status).toBe(404);
    expect((await messagesOf(otherId))[0]!.read_at).toBeNull();
  });

  it('303: marks my message read; the count goes down; logged', async () => {
    const [older] = await messagesOf(readerId);
    const csrf = await csrfOf(reader, '/messages');
    const res = await reader.post('/messages/read').type('form').send({ _csrf: csrf, messageId: older!.id });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/messages');
    expect((await messagesOf(readerId))[0]!.read_at).not.toBeNull();
    expect((await reader.get('/messages')).text).toMatch(/data-testid="unread-count">1</);
    expect((await logged('messages.marked-read'))[0]).toMatchObject({ kind: 'alteration', subject_id: older!.id, actor_user_id: readerId });
    expect((await other.get('/account')).text).toMatch(/data-testid="unread-count">1</);
  });
});
