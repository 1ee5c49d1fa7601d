import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { insertNominal } from './register.repository.ts';

let t: TestApp;
let owner: Agent;
let colleague: Agent;
let partner: Agent;
let stranger: Agent;
let ownerId: string;
let id: string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const address = {
  addressType: 'home',
  line1: '1 Synthetic Row',
  town: 'Exampleton',
  postcode: 'EX1 1AA',
  'from-day': '1',
  'from-month': '3',
  'from-year': '2024',
  childInHousehold: 'no',
};

const logged = (action: string) => t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
const itemsOf = (kind: string) => t.database.db.selectFrom('nominal_item').selectAll().where('nominal_id', '=', id).where('kind', '=', kind).where('removed_at', 'is', null).execute();

async function post(agent: Agent, path: string, body: Record<string, string>, page = `/nominals/${id}/section/addresses`) {
  const csrf = await csrfOf(agent, page);
  return agent.post(path).type('form').send({ _csrf: csrf, ...body });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true }, { REGISTER_MAX_UPLOAD_MB: '1' });
  const orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const { upsertUnit } = await import('../identity/identity.organisation.repository.ts');
    return upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9');
  });
  ownerId = await createTestUser(t, { username: 'items.owner', unitId: orgs.unitA, demo: true });
  const colleagueId = await createTestUser(t, { username: 'items.colleague', unitId: orgs.unitA, demo: true });
  const partnerId = await createTestUser(t, { username: 'items.partner', unitId: orgs.unitB, demo: true });
  const strangerId = await createTestUser(t, { username: 'items.stranger', unitId: third, demo: true });
  id = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    for (const user of [ownerId, colleagueId, partnerId, strangerId]) {
      await tx.db.insertInto('clearance').values({ user_id: user, level: 'NPPV3', granted_at: new Date(t.clock.now().getTime() - 86_400_000), expires_at: new Date(t.clock.now().getTime() + 300 * 86_400_000) }).execute();
    }
    const nominalId = await insertNominal(tx.db, {
      reference: 'AGA-000001', nominalType: 'rso', familyName: 'Example', givenNames: 'Sam', dateOfBirth: '1980-01-01', gender: 'male',
      owningUnitId: orgs.unitA, managingOfficerId: ownerId, identifiers: [],
    });
    await tx.db.insertInto('nominal_relationship').values({ nominal_id: nominalId, unit_id: orgs.unitB, role: 'partner' }).execute();
    return nominalId;
  });
  owner = await signIn(t, 'items.owner');
  colleague = await signIn(t, 'items.colleague');
  partner = await signIn(t, 'items.partner');
  stranger = await signIn(t, 'items.stranger');
});
afterAll(() => t?.close());

describe('a record\'s items', () => {
  it('401: every page and action asks for sign-in', async () => {
    for (const path of [`/nominals/${id}/section/addresses`, `/nominals/${id}/items/address/new`, `/nominals/${id}/files/00000000-0000-4000-8000-000000000000`]) {
      expect((await request(t.app).get(path)).status, path).toBe(401);
    }
  });

  it('400: says what to fix on the form, keeps what was typed, and saves nothing', async () => {
    const res = await post(owner, `/nominals/${id}/items/address`, { ...address, town: '', 'from-day': '31', 'from-month': '2' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the town or city');
    expect(res.text).toContain('Start date must be a real date');
    expect(res.text).toContain('value="1 Synthetic Row"');
    expect(await itemsOf('address')).toHaveLength(0);
  });

  it('404: a user with no relationship to the record is told "not found", and the log keeps the reason', async () => {
    expect((await stranger.get(`/nominals/${id}/section/addresses`)).status).toBe(404);
    expect((await logged('register.section-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], actor_user_id: expect.any(String) });
    expect((await post(stranger, `/nominals/${id}/items/address`, address, '/account')).status).toBe(404);
    expect(await itemsOf('address')).toHaveLength(0);
    expect((await logged('register.item-added'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
  });

  it('200: the owning unit adds an address; the section shows it; the log has a collection entry; version 1 is in the history', async () => {
    const res = await post(owner, `/nominals/${id}/items/address`, address);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nominals/${id}/section/addresses`);
    const page = await owner.get(String(res.headers.location));
    expect(page.text).toContain('1 Synthetic Row');
    expect(page.text).toContain('EX1 1AA');
    expect(page.text, 'a registered sex offender\'s sections lead to the notification page').toContain(`href="/nominals/${id}/notification"`);
    const [entry] = await logged('register.item-added');
    expect(entry).toMatchObject({ kind: 'collection', subject_id: id, actor_user_id: ownerId, policy_ids: ['register.owner-read'] });
    const [item] = await itemsOf('address');
    expect(await t.database.db.selectFrom('nominal_item_history').select('version').where('item_id', '=', item!.id).execute()).toEqual([{ version: 1 }]);
  });

  it('409: a stale edit is refused with who changed it and when, and the newer change is kept', async () => {
    const [item] = await itemsOf('address');
    const path = `/nominals/${id}/items/address/${item!.id}`;
    const first = await post(colleague, path, { ...address, line1: '2 Newer Road', version: '1' }, path);
    expect(first.status).toBe(303);
    const stale = await post(owner, path, { ...address, line1: '3 Older Lane', version: '1' }, path);
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe(path);
    const shown = await owner.get(path);
    expect(shown.text).toMatch(/This address was changed by Test items\.colleague at \d\d:\d\d on \d+ \w+ \d{4}\. Your change has not been saved/);
    expect(shown.text).toContain('value="2 Newer Road"');
    expect((await itemsOf('address'))[0]!.data).toMatchObject({ line1: '2 Newer Road' });
    const [change] = await logged('register.item-changed');
    expect(change).toMatchObject({ kind: 'alteration' });
    expect(change!.changes).toEqual([['address.line1', expect.any(String), expect.any(String)]]);
    expect(JSON.stringify(change!.changes)).not.toContain('Newer');
  });

  it('restricted items: a partner neither sees nor records them; the owning unit does', async () => {
    const res = await post(owner, `/nominals/${id}/items/medical`, { detail: 'Synthetic condition' }, `/nominals/${id}/section/risk`);
    expect(res.status).toBe(303);
    expect((await owner.get(`/nominals/${id}/section/risk`)).text).toContain('Synthetic condition');
    const seen = await partner.get(`/nominals/${id}/section/risk`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('Synthetic condition');
    const [medical] = await itemsOf('medical');
    expect((await partner.get(`/nominals/${id}/items/medical/${medical!.id}`)).status).toBe(404);
    const refused = await post(partner, `/nominals/${id}/items/medical`, { detail: 'Another' }, `/nominals/${id}/section/risk`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Only the owning unit, the managing officer and supervisors can record restricted medical details.');
  });

  it('a disclosure is logged as a disclosure, with its recipient', async () => {
    const res = await post(owner, `/nominals/${id}/items/disclosure`, {
      disclosedOn: '2025-05-01', recipient: 'Head teacher, Example School', recipientType: 'school', reason: 'Pupils at risk', authoriser: 'DI Example', method: 'in-person',
    }, `/nominals/${id}/section/disclosures`);
    expect(res.status).toBe(303);
    expect((await logged('register.disclosure-recorded'))[0]).toMatchObject({ kind: 'disclosure', recipient: 'Head teacher, Example School' });
  });

  it('photographs are checked by their bytes and size, stored, and served only to readers', async () => {
    const page = `/nominals/${id}/items/photo/new`;
    const send = async (bytes: Buffer, name: string) =>
      owner.post(`/nominals/${id}/items/photo`).field('_csrf', await csrfOf(owner, page)).field('takenOn-day', '1').field('takenOn-month', '1').field('takenOn-year', '2025')
        .field('subject', 'tattoo').field('description', 'Rose tattoo, left forearm').attach('file', bytes, name);
    const fake = await send(Buffer.from('MZ this is not an image'), 'photo.png');
    expect(fake.status).toBe(400);
    expect(fake.text).toContain('The selected file must be a JPEG, PNG or WebP image');
    const big = await send(Buffer.concat([PNG, Buffer.alloc(1_100_000)]), 'big.png');
    expect(big.status).toBe(400);
    expect(big.text).toContain('The selected file must be smaller than 1 MB');
    expect(await itemsOf('photo')).toHaveLength(0);
    const ok = await send(PNG, 'anything.jpg');
    expect(ok.status).toBe(303);
    const [photo] = await itemsOf('photo');
    const fileId = (photo!.data as { fileId: string }).fileId;
    const served = await owner.get(`/nominals/${id}/files/${fileId}`);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect((await stranger.get(`/nominals/${id}/files/${fileId}`)).status).toBe(404);
    expect((await owner.get(`/nominals/${id}`)).text).toContain(`/files/${fileId}`);
  });

  it('removing an item needs the current version; it leaves the pages but keeps its history', async () => {
    const [item] = await itemsOf('address');
    const path = `/nominals/${id}/items/address/${item!.id}`;
    expect((await post(owner, `${path}/remove`, { version: '1' }, path)).headers.location).toBe(path);
    expect(await itemsOf('address')).toHaveLength(1);
    const done = await post(owner, `${path}/remove`, { version: String(item!.version) }, path);
    expect(done.status).toBe(303);
    expect(await itemsOf('address')).toHaveLength(0);
    expect(await t.database.db.selectFrom('nominal_item_history').select('version').where('item_id', '=', item!.id).execute()).toHaveLength(3);
  });
});
