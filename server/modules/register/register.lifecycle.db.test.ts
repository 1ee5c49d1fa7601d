import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, csrfFrom, csrfOf, eventsOf, grantClearance, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let owner: Agent;
let viewer: Agent;
let stranger: Agent;
let ownerId: string;

const db = () => t.database.db;
const asSystem = <T>(fn: Parameters<typeof withTransaction<T>>[2]) => withTransaction(t.database, systemContext(t.clock.now()), fn);

const clear = (userId: string) => grantClearance(t, userId);

async function createRecord(agent: Agent, givenNames: string, familyName: string): Promise<string> {
  const csrf = await csrfOf(agent, '/nominals/new');
  const res = await agent
    .post('/nominals')
    .type('form')
    .send({ _csrf: csrf, nominalType: 'rso', givenNames, familyName, 'dateOfBirth-day': '9', 'dateOfBirth-month': '9', 'dateOfBirth-year': '1975', gender: 'female', confirmedNew: 'yes' });
  expect(res.status).toBe(303);
  return String(res.headers.location).split('/').pop()!;
}

/** Posts a form from its page, with that page's CSRF token and record version. */
async function submit(agent: Agent, pagePath: string, postPath: string, body: Record<string, string>) {
  const page = await agent.get(pagePath);
  const csrf = page.status === 200 ? csrfFrom(page.text) : await csrfOf(agent);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '1';
  return agent.post(postPath).type('form').send({ _csrf: csrf, version, ...body });
}

const archive = (agent: Agent, id: string, body: Record<string, string>) => submit(agent, `/nominals/${id}/archive`, `/nominals/${id}/archive`, body);
const restore = (agent: Agent, id: string, body: Record<string, string>) => submit(agent, `/nominals/${id}/restore`, `/nominals/${id}/restore`, body);
const nominal = (id: string) => db().selectFrom('nominal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const logged = (action: string) => db().selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  const third = await asSystem(async (tx) => {
    const { upsertUnit } = await import('../identity/identity.organisation.repository.ts');
    return upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9');
  });
  ownerId = await createTestUser(t, { username: 'lc.owner', unitId: orgs.unitA, demo: true });
  const viewerId = await createTestUser(t, { username: 'lc.viewer', unitId: orgs.unitB, demo: true });
  const strangerId = await createTestUser(t, { username: 'lc.stranger', unitId: third, demo: true });
  for (const id of [ownerId, viewerId, strangerId]) await clear(id);
  owner = await signIn(t, 'lc.owner');
  viewer = await signIn(t, 'lc.viewer');
  stranger = await signIn(t, 'lc.stranger');
});
afterAll(() => t?.close());

describe('archiving and restoring', () => {
  let id: string;
  beforeAll(async () => {
    id = await createRecord(owner, 'Ursula', 'Endwell');
    await asSystem((tx) => tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: orgs.unitB, role: 'view-only' }).execute());
  });

  it('401: the forms ask for sign-in', async () => {
    for (const path of [`/nominals/${id}/archive`, `/nominals/${id}/restore`, `/nominals/${id}/merge`]) {
      expect((await request(t.app).get(path)).status).toBe(401);
    }
  });

  it('400: says what to fix and changes nothing', async () => {
    const none = await archive(owner, id, {});
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select why the record is being archived');
    const died = await archive(owner, id, { reason: 'died', 'dateOfDeath-day': '', 'dateOfDeath-month': '', 'dateOfDeath-year': '' });
    expect(died.status).toBe(400);
    expect(died.text).toContain('Enter the date of death, including a day, month and year');
    expect((await nominal(id)).status).toBe('active');
  });

  it('404: a user who may not see the record gets "not found"; the log keeps the real reason', async () => {
    expect((await stranger.get(`/nominals/${id}/archive`)).status).toBe(404);
    const res = await stranger.post(`/nominals/${id}/archive`).type('form').send({ _csrf: await csrfOf(stranger), reason: 'mappa-ended', version: '1' });
    expect(res.status).toBe(404);
    expect((await logged('register.nominal-archived'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
    expect((await stranger.get(`/nominals/${id}/restore`)).status).toBe(404);
    const restoring = await stranger.post(`/nominals/${id}/restore`).type('form').send({ _csrf: await csrfOf(stranger), reason: 'x', version: '1' });
    expect(restoring.status).toBe(404);
    expect((await logged('register.nominal-restored'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
  });

  it('403: a view-only unit may read the record but not archive it', async () => {
    const res = await viewer.get(`/nominals/${id}/archive`);
    expect(res.status).toBe(403);
    expect((await logged('register.archive-form-viewed'))[0]).toMatchObject({ decision: 'denied', subject_id: id });
  });

  it('409: a stale form says who changed the record and when', async () => {
    await asSystem((tx) => tx.db.updateTable('nominal').set({ version: 5, updated_by: ownerId }).where('id', '=', id).execute());
    const res = await owner.post(`/nominals/${id}/archive`).type('form').send({ _csrf: await csrfOf(owner), reason: 'mappa-ended', version: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/This record was changed by Test lc\.owner at [^.]+\. Check the record and try again\./);
  });

  it('303: archives with the reason; the record is still found, marked as archived', async () => {
    const res = await archive(owner, id, { reason: 'notification-ended', details: 'Ten-year period ended' });
    expect(res.status).toBe(303);
    expect(await nominal(id)).toMatchObject({ status: 'archived', version: 6, updated_by: ownerId });
    const change = await db().selectFrom('nominal_status_change').selectAll().where('nominal_id', '=', id).executeTakeFirstOrThrow();
    expect(change).toMatchObject({ from_status: 'active', to_status: 'archived', reason_code: 'notification-ended', reason_text: 'Ten-year period ended' });
    expect((await logged('register.nominal-archived'))[0]).toMatchObject({ kind: 'alteration', decision: 'allowed', actor_user_id: ownerId, subject_id: id });
    const found = await owner.get('/nominals?q=ursula endwell');
    expect(found.text).toMatch(/ENDWELL, Ursula<\/a> <strong[^>]*>Archived<\/strong>/);
    const page = await owner.get(`/nominals/${id}`);
    expect(page.text).toContain(`/nominals/${id}/restore`);
  });

  it('restore: 400 without a reason, 303 with one, 409 when not archived', async () => {
    const none = await restore(owner, id, { reason: '' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Enter the reason for restoring the record');
    const ok = await restore(owner, id, { reason: 'Convicted of a new qualifying offence' });
    expect(ok.status).toBe(303);
    expect((await nominal(id)).status).toBe('active');
    expect((await logged('register.nominal-restored'))[0]).toMatchObject({ kind: 'alteration', decision: 'allowed', subject_id: id });
    const again = await owner.post(`/nominals/${id}/restore`).type('form').send({ _csrf: await csrfOf(owner), reason: 'x', version: String((await nominal(id)).version) });
    expect(again.status).toBe(409);
    expect(again.text).toContain('only an archived record can be restored');
  });

  it('"died" makes the record deceased, with the date of death', async () => {
    const res = await archive(owner, id, { reason: 'died', 'dateOfDeath-day': '14', 'dateOfDeath-month': '2', 'dateOfDeath-year': '2026' });
    expect(res.status).toBe(303);
    expect(await nominal(id)).toMatchObject({ status: 'deceased', date_of_death: '2026-02-14' });
  });
});

describe('merging two records of the same person', () => {
  let keep: string;
  let gone: string;
  let theirs: string;
  let itemId: string;

  beforeAll(async () => {
    keep = await createRecord(owner, 'Vera', 'Twiceover');
    gone = await createRecord(owner, 'Verity', 'Twice-Over');
    theirs = await createRecord(stranger, 'Vera', 'Elsewhere');
    await asSystem(async (tx) => {
      await tx.db.insertInto('nominal_identifier').values([{ nominal_id: keep, kind: 'crn', value: 'X123456' }, { nominal_id: gone, kind: 'cro', value: '012345/99A' }]).execute();
      await tx.db.insertInto('nominal_name').values({ nominal_id: gone, name_type: 'alias', family_name: 'Overtwice', given_names: 'V' }).execute();
      const item = await tx.db
        .insertInto('nominal_item')
        .values({ nominal_id: gone, kind: 'address', data: JSON.stringify({ line1: '1 Test Street' }), version: 2 })
        .returning('id')
        .executeTakeFirstOrThrow();
      itemId = item.id;
      await tx.db
        .insertInto('nominal_item_history')
        .values([1, 2].map((v) => ({ item_id: item.id, version: v, data: JSON.stringify({ line1: `${v} Test Street` }), sensitivity: 'standard' as const, changed_at: t.clock.now() })))
        .execute();
      await tx.db.insertInto('nominal_file').values({ nominal_id: gone, content_type: 'image/png', byte_size: 3, sha256: 'abc', content: Buffer.from('png') }).execute();
      await tx.db.insertInto('nominal_relationship').values({ nominal_id: gone, unit_id: orgs.unitB, role: 'partner' }).execute();
    });
  });

  const preview = (agent: Agent, id: string, reference: string) => agent.get(`/nominals/${id}/merge?with=${encodeURIComponent(reference)}`);
  const referenceOf = async (id: string) => (await nominal(id)).reference;

  it('400: the other record must exist, be changeable by the actor, and be another record', async () => {
    const unknown = await preview(owner, keep, 'AGA-999999');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('No record was found with that reference that you can change. Check the reference.');
    const notMine = await preview(owner, keep, await referenceOf(theirs));
    expect(notMine.status).toBe(400);
    expect(notMine.text).toContain('No record was found with that reference that you can change.');
    expect((await logged('register.merge-previewed'))[0]).toMatchObject({ decision: 'denied', subject_id: theirs, policy_ids: ['register.no-permit'] });
    const same = await preview(owner, keep, await referenceOf(keep));
    expect(same.text).toContain('Enter the reference of a different record');
  });

  it('404: a user who may not see the record gets "not found"', async () => {
    expect((await stranger.get(`/nominals/${keep}/merge`)).status).toBe(404);
    expect((await stranger.get(`/nominals/${keep}/merge?with=${await referenceOf(theirs)}`)).status).toBe(404);
    const res = await stranger.post(`/nominals/${keep}/merge`).type('form').send({ _csrf: await csrfOf(stranger), otherId: theirs, survivor: 'this', version: '1', otherVersion: '1' });
    expect(res.status).toBe(404);
    expect((await logged('register.nominals-merged'))[0]).toMatchObject({ decision: 'denied', subject_id: keep });
  });

  it('shows both records side by side before merging', async () => {
    const res = await preview(owner, keep, (await referenceOf(gone)).toLowerCase());
    expect(res.status).toBe(200);
    expect(res.text).toContain('Check before merging');
    expect(res.text).toMatch(/data-testid="merge-this"[\s\S]*TWICEOVER, Vera[\s\S]*data-testid="merge-other"[\s\S]*TWICE-OVER, Verity[\s\S]*1 items, 1 files/);
  });

  it('400: which record stays must be chosen', async () => {
    const res = await owner.post(`/nominals/${keep}/merge`).type('form').send({ _csrf: await csrfOf(owner), otherId: gone, version: '1', otherVersion: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select which record stays');
  });

  it('303: nothing is lost: every name, identifier, item, file and partner of both is on the survivor', async () => {
    const namesBefore = await db().selectFrom('nominal_name').select(['family_name', 'given_names']).where('nominal_id', 'in', [keep, gone]).execute();
    const page = await preview(owner, keep, await referenceOf(gone));
    const res = await owner.post(`/nominals/${keep}/merge`).type('form').send({ _csrf: csrfFrom(page.text), otherId: gone, survivor: 'this', version: '1', otherVersion: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/nominals/${keep}`);

    const names = await db().selectFrom('nominal_name').select(['family_name', 'given_names', 'name_type']).where('nominal_id', '=', keep).execute();
    expect(names).toHaveLength(namesBefore.length);
    for (const n of namesBefore) expect(names).toContainEqual(expect.objectContaining(n));
    expect(names.filter((n) => n.name_type === 'primary')).toEqual([expect.objectContaining({ family_name: 'Twiceover' })]);
    const identifiers = await db().selectFrom('nominal_identifier').select(['kind', 'value']).where('nominal_id', '=', keep).orderBy('kind').execute();
    expect(identifiers).toEqual([{ kind: 'crn', value: 'X123456' }, { kind: 'cro', value: '012345/99A' }]);
    expect(await db().selectFrom('nominal_item').select('nominal_id').where('id', '=', itemId).executeTakeFirstOrThrow()).toEqual({ nominal_id: keep });
    expect(await db().selectFrom('nominal_item_history').select('version').where('item_id', '=', itemId).execute()).toHaveLength(2);
    expect(await db().selectFrom('nominal_file').select('id').where('nominal_id', '=', keep).execute()).toHaveLength(1);
    expect(await db().selectFrom('nominal_relationship').select(['unit_id', 'role']).where('nominal_id', '=', keep).execute()).toEqual([{ unit_id: orgs.unitB, role: 'partner' }]);
    for (const table of ['nominal_name', 'nominal_identifier', 'nominal_item', 'nominal_file', 'nominal_relationship'] as const) {
      expect(await db().selectFrom(table).select('nominal_id').where('nominal_id', '=', gone).execute()).toHaveLength(0);
    }

    expect(await nominal(gone)).toMatchObject({ status: 'merged', merged_into_id: keep });
    const entries = await db().selectFrom('audit_entry').selectAll().where('kind', '=', 'combination').orderBy('id').execute();
    expect(entries.map((e) => e.subject_id).sort()).toEqual([keep, gone].sort());
    const refs = [await referenceOf(gone), await referenceOf(keep)];
    for (const e of entries) expect(e.purpose_text).toBe(`${refs[0]} merged into ${refs[1]}`);
    expect(await eventsOf(t, 'register.nominals-merged')).toHaveLength(1);

    const mergedPage = await owner.get(`/nominals/${gone}`);
    expect(mergedPage.status).toBe(200);
    expect(mergedPage.text).toContain('This record was merged into another record');
    expect(mergedPage.text).toContain(`href="/nominals/${keep}"`);
  });

  it('409: merging again from the same form is refused', async () => {
    const res = await owner.post(`/nominals/${keep}/merge`).type('form').send({ _csrf: await csrfOf(owner), otherId: gone, survivor: 'this', version: '1', otherVersion: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This record was changed by Test lc.owner');
  });
});
