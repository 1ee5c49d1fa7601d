import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, csrfOf, grantClearance, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let owner: Agent;
let partner: Agent;
let stranger: Agent;
let uncleared: Agent;
let ownerId: string;

const clear = (userId: string) => grantClearance(t, userId);

const form = (over: Record<string, string> = {}) => ({
  nominalType: 'rso',
  givenNames: 'Jonah',
  familyName: 'Testwell',
  'dateOfBirth-day': '12',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '1979',
  gender: 'male',
  ...over,
});

async function create(agent: Agent, over: Record<string, string> = {}) {
  const csrf = await csrfOf(agent, '/nominals/new');
  return agent.post('/nominals').type('form').send({ _csrf: csrf, ...form(over) });
}

const logged = (action: string) =>
  t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const { upsertUnit } = await import('../identity/identity.organisation.repository.ts');
    return upsertUnit(tx.db, orgs.agencyA, 'U9', 'Unit A9');
  });
  ownerId = await createTestUser(t, { username: 'reg.owner', unitId: orgs.unitA, demo: true });
  const partnerId = await createTestUser(t, { username: 'reg.partner', unitId: orgs.unitB, demo: true });
  const strangerId = await createTestUser(t, { username: 'reg.stranger', unitId: third, demo: true });
  await createTestUser(t, { username: 'reg.uncleared', unitId: orgs.unitA, demo: true });
  for (const id of [ownerId, partnerId, strangerId]) await clear(id);
  owner = await signIn(t, 'reg.owner');
  partner = await signIn(t, 'reg.partner');
  stranger = await signIn(t, 'reg.stranger');
  uncleared = await signIn(t, 'reg.uncleared');
});
afterAll(() => t?.close());

describe('creating a record', () => {
  it('401: the register asks for sign-in', async () => {
    for (const path of ['/nominals', '/nominals/new', '/nominals/00000000-0000-4000-8000-000000000000']) {
      expect((await request(t.app).get(path)).status).toBe(401);
    }
  });

  it('400: says what to fix, keeps the input, and saves nothing', async () => {
    const res = await create(owner, { nominalType: '', givenNames: ' ', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', pnc: '2012/0052834Q' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Select the type of record');
    expect(res.text).toContain('Enter the given names');
    expect(res.text).toContain('Date of birth must be a real date');
    expect(res.text).toContain('value="Testwell"');
    const future = await create(owner, { 'dateOfBirth-year': String(t.clock.now().getFullYear() + 1) });
    expect(future.text).toContain('Date of birth must be in the past');
    expect(await t.database.db.selectFrom('nominal').select('id').execute()).toHaveLength(0);
  });

  it('403: without active clearance nobody can create a record', async () => {
    const res = await create(uncleared);
    expect(res.status).toBe(403);
    expect(res.text).toContain('You need active register clearance to create a record.');
  });

  it('200: creates the record in the officer\'s unit, logged as a collection', async () => {
    const res = await create(owner);
    expect(res.status).toBe(303);
    const page = await owner.get(String(res.headers.location));
    expect(page.status).toBe(200);
    expect(page.text).toContain('TESTWELL, Jonah');
    expect(page.text).toContain('AGA-');
    const [entry] = await logged('register.nominal-created');
    expect(entry).toMatchObject({ kind: 'collection', actor_user_id: ownerId, subject_type: 'nominal' });
  });

  it('shows possible duplicates first, by a similar name, before creating another', async () => {
    const res = await create(owner, { givenNames: 'Jona', familyName: 'Testwel' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Check for possible matches');
    expect(res.text).toContain('TESTWELL, Jonah');
    expect(await t.database.db.selectFrom('nominal').select('id').execute()).toHaveLength(1);
    const confirmed = await create(owner, { givenNames: 'Jona', familyName: 'Testwel', confirmedNew: 'yes' });
    expect(confirmed.status).toBe(303);
    expect(await t.database.db.selectFrom('nominal').select('id').execute()).toHaveLength(2);
  });
});

describe('seeing a record', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.database.db.selectFrom('nominal').select('id').where('given_names', '=', 'Jonah').executeTakeFirstOrThrow()).id;
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: orgs.unitB, role: 'partner' }).execute());
  });

  it('the owning unit and a partner see it, and the log names the deciding policy', async () => {
    expect((await owner.get(`/nominals/${id}`)).status).toBe(200);
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'allowed', policy_ids: ['register.owner-read'], subject_id: id });
    expect((await partner.get(`/nominals/${id}`)).status).toBe(200);
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'allowed', policy_ids: ['register.partner-read'] });
  });

  it('500 and nothing of the record shown when its access-log entry cannot be written (the entry leaves with the COMMIT)', async () => {
    const before = (await logged('register.nominal-viewed')).length;
    await sql`create function fail_view_log() returns trigger language plpgsql as $$ begin raise exception 'log unavailable'; end $$`.execute(t.database.db);
    await sql`create trigger fail_view_log before insert on audit_entry for each row execute function fail_view_log()`.execute(t.database.db);
    try {
      const res = await owner.get(`/nominals/${id}`);
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('Testwell');
      expect(res.text).not.toContain('TESTWELL');
    } finally {
      await sql`drop trigger fail_view_log on audit_entry`.execute(t.database.db);
      await sql`drop function fail_view_log()`.execute(t.database.db);
    }
    expect(await logged('register.nominal-viewed')).toHaveLength(before);
    // The connection is sound afterwards: the next view is shown and logged.
    for (let i = 0; i < 3; i++) expect((await owner.get(`/nominals/${id}`)).status).toBe(200);
    expect(await logged('register.nominal-viewed')).toHaveLength(before + 3);
  });

  it('404: an unrelated user, or one without clearance, gets "not found"; the log keeps the real reason', async () => {
    const res = await stranger.get(`/nominals/${id}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.no-permit'], subject_id: id });
    expect((await uncleared.get(`/nominals/${id}`)).status).toBe(404);
    expect((await logged('register.nominal-viewed'))[0]).toMatchObject({ decision: 'denied', policy_ids: ['register.clearance-required'] });
  });

  it('find: similar spellings are found, only among records the user may read', async () => {
    const found = await owner.get('/nominals?q=jonah testwel');
    expect(found.status).toBe(200);
    expect(found.text).toContain('TESTWELL, Jonah');
    const none = await stranger.get('/nominals?q=jonah testwel');
    expect(none.text).toContain('0 records found');
    const notCleared = await uncleared.get('/nominals?q=jonah');
    expect(notCleared.text).toContain('You do not have active register clearance');
    expect((await logged('register.nominals-searched')).length).toBeGreaterThanOrEqual(3);
  });

  it('find: by date of birth with the usual mistakes, by identifier, and by owning unit, all criteria together', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) => tx.db.insertInto('nominal_identifier').values({ nominal_id: id, kind: 'pnc', value: '2012/0052834K' }).execute());
    const dob = (d: string, m: string, y: string) => owner.get(`/nominals?dob-day=${d}&dob-month=${m}&dob-year=${y}`);
    for (const [d, m, y] of [['12', '4', '1979'], ['4', '12', '1979'], ['12', '4', '1980']]) {
      expect((await dob(d!, m!, y!)).text, `${d}/${m}/${y}`).toContain('TESTWELL, Jonah');
    }
    expect((await dob('13', '4', '1979')).text).toContain('0 records found');
    expect((await owner.get('/nominals?identifier=12/52834k')).text).toContain('TESTWELL, Jonah');
    expect((await owner.get(`/nominals?q=jonah&unit=${orgs.unitA}`)).text).toContain('TESTWELL, Jonah');
    expect((await owner.get(`/nominals?q=jonah&unit=${orgs.unitB}`)).text).toContain('0 records found');
  });

  it('find 400: a bad date or identifier is shown beside the form, saying what to fix', async () => {
    const bad = await owner.get('/nominals?dob-day=31&dob-month=2&dob-year=1979&identifier=hello');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Date of birth must be a real date');
    expect(bad.text).toContain('Enter a PNC, CRO, CRN, prison or National Insurance number as it is written');
  });
});
