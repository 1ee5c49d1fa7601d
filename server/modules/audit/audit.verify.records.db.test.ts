import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { type Agent, createTestApp, createTestUser, csrfFrom, csrfOf, grantClearance, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';
import { createSigner } from './audit.checkpoint.ts';
import { verifyLog } from './audit.verify.ts';

let t: TestApp;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let owner: Agent;
let ownerId: string;
let key: { keyName: string; publicKey: Buffer };

const db = () => t.database.db;

async function createRecord(givenNames: string, familyName: string): Promise<string> {
  const csrf = await csrfOf(owner, '/nominals/new');
  const res = await owner
    .post('/nominals')
    .type('form')
    .send({ _csrf: csrf, nominalType: 'rso', givenNames, familyName, 'dateOfBirth-day': '9', 'dateOfBirth-month': '9', 'dateOfBirth-year': '1975', gender: 'female', confirmedNew: 'yes' });
  expect(res.status).toBe(303);
  return String(res.headers.location).split('/').pop()!;
}

async function verify() {
  await t.services.sequencer.catchUp();
  return verifyLog(t.database, key, { now: new Date() });
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  key = createSigner(t.config.audit.signingKey, t.config.audit.origin);
  orgs = await seedOrganisations(t);
  ownerId = await createTestUser(t, { username: 'digest.owner', unitId: orgs.unitA, demo: true });
  await grantClearance(t, ownerId);
  owner = await signIn(t, 'digest.owner');
});
afterAll(() => t?.close());

describe('the digest of a record logged with each change to it', () => {
  let id: string;

  it('is in the entry of the change (covered by its leaf), and not in the entry of a view', async () => {
    id = await createRecord('Dana', 'Digest');
    expect((await owner.get(`/nominals/${id}`)).status).toBe(200);
    const created = await db().selectFrom('audit_entry').select('canonical').where('action', '=', 'register.nominal-created').where('subject_id', '=', id).executeTakeFirstOrThrow();
    const fields = JSON.parse(created.canonical) as unknown[];
    expect(fields[0]).toBe('vigil-access-log-entry/v2');
    const { rows } = await sql<{ digest: string }>`select audit_record_digest(${id}) as digest`.execute(db());
    expect(fields[18]).toBe(rows[0]!.digest);
    expect(fields[18]).toMatch(/^[0-9a-f]{64}$/);
    const viewed = await db().selectFrom('audit_entry').select('canonical').where('action', '=', 'register.nominal-viewed').where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(viewed.canonical)[0]).toBe('vigil-access-log-entry/v1');
    expect(await verify()).toMatchObject({ ok: true, records: { checked: 1, notCovered: 0 } });
  });

  it('verify names a record whose row was changed in SQL behind the log\'s back', async () => {
    const entry = await db().selectFrom('audit_entry').select('id').where('subject_id', '=', id).where('kind', '<>', 'consultation').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await sql`update nominal set date_of_birth = '1980-01-01' where id = ${id}`.execute(db());
    expect(await verify()).toEqual({ ok: false, problem: `record ${id}: its data does not match the digest logged with its last change (entry ${entry.id}): it was changed outside Vigil` });
    await sql`update nominal set date_of_birth = '1975-09-09' where id = ${id}`.execute(db());
    expect((await verify()).ok).toBe(true);
  });

  it('verify names a record given a name or an item outside Vigil', async () => {
    await sql`insert into nominal_name (nominal_id, name_type, family_name, given_names) values (${id}, 'alias', 'Hidden', 'Alias')`.execute(db());
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`^record ${id}: its data does not match`)) });
    await sql`delete from nominal_name where nominal_id = ${id} and family_name = 'Hidden'`.execute(db());
    await sql`insert into nominal_item (nominal_id, kind, data) values (${id}, 'vehicle', '{"registration":"AB12CDE"}')`.execute(db());
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`^record ${id}: its data does not match`)) });
    await sql`delete from nominal_item where nominal_id = ${id}`.execute(db());
    expect((await verify()).ok).toBe(true);
  });

  it('a change made through Vigil after that moves the digest on with it', async () => {
    const page = await owner.get(`/nominals/${id}/archive`);
    const csrf = csrfFrom(page.text);
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '1';
    const res = await owner.post(`/nominals/${id}/archive`).type('form').send({ _csrf: csrf, version, reason: 'notification-ended', details: 'Period ended' });
    expect(res.status).toBe(303);
    expect(await verify()).toMatchObject({ ok: true, records: { checked: 1, notCovered: 0 } });
  });

  it('reports a record never changed since digests began as not covered, without failing', async () => {
    await withTransaction(t.database, systemContext(), (tx) =>
      tx.db.insertInto('nominal').values({ reference: 'AGA/99/0001', nominal_type: 'rso', owning_unit_id: orgs.unitA, managing_officer_id: ownerId, family_name: 'Older', given_names: 'Record' }).execute(),
    );
    expect(await verify()).toMatchObject({ ok: true, records: { checked: 1, notCovered: 1 } });
  });

  it('two changes to one record at once: the later entry holds the digest of both', async () => {
    const record = await createRecord('Both', 'Changes');
    const actor = systemContext();
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => (releaseFirst = r));
    const first = withTransaction(t.database, actor, async (tx) => {
      await tx.db.insertInto('nominal_name').values({ nominal_id: record, name_type: 'alias', family_name: 'First', given_names: 'Alias' }).execute();
      await tx.log({ kind: 'alteration', action: 'test.alias-added', subjectType: 'nominal', subjectId: record });
      await firstMayCommit;
    });
    // Held open, the first change has logged its digest; the second now changes the record and logs too.
    await new Promise((r) => setTimeout(r, 100));
    const second = withTransaction(t.database, actor, async (tx) => {
      await tx.db.insertInto('nominal_name').values({ nominal_id: record, name_type: 'alias', family_name: 'Second', given_names: 'Alias' }).execute();
      await tx.log({ kind: 'alteration', action: 'test.alias-added', subjectType: 'nominal', subjectId: record });
    });
    await new Promise((r) => setTimeout(r, 100));
    releaseFirst();
    await Promise.all([first, second]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('verify names a record deleted outside Vigil', async () => {
    const other = await createRecord('Gone', 'Away');
    expect((await verify()).ok).toBe(true);
    await t.database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`delete from nominal where id = ${other}`.execute(trx);
    });
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`^record ${other}: it is no longer in the register, yet its last change \\(entry \\d+\\) left it there: it was deleted outside Vigil`)) });
  });
});
