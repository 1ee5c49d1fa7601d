import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../testing/test-app.ts';
import { findActiveActor } from '../identity/identity.repository.ts';
import { decideRecordAccess, readerFor } from '../register/register.access.ts';
import { readableNominalIds } from '../register/register.access.repository.ts';
import { parseIdentifier, type IdentifierKind } from '../register/register.identifiers.ts';
import { DEMO_NOMINALS, DEMO_PASSWORD, seedDemo } from './seed.demo.ts';
import { DEMO_APPLICATIONS } from './seed.vetting.ts';
import { NAMED_USERS } from './seed.world.ts';

let t: TestApp;
let result: Awaited<ReturnType<typeof seedDemo>>;
let seconds: number;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const started = performance.now();
  result = await seedDemo(t.database);
  seconds = (performance.now() - started) / 1000;
}, 120_000);
afterAll(() => t?.close());

const count = async (table: 'agency' | 'unit' | 'app_user' | 'nominal' | 'nominal_exclusion' | 'nominal_restriction' | 'nominal_relationship' | 'clearance') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('the demo world', () => {
  it('has the agencies, about forty accounts with clearance, and about 2,000 records with attachments', async () => {
    console.info(`demo world loaded in ${seconds.toFixed(1)} s on ${t.database.engine}`);
    expect(await count('agency')).toBe(8);
    expect(await count('unit')).toBeGreaterThanOrEqual(14);
    expect(result.users.length).toBeGreaterThanOrEqual(36);
    expect(result.users.length).toBeLessThanOrEqual(45);
    expect(await count('app_user')).toBe(result.users.length + DEMO_APPLICATIONS);
    expect(await count('clearance')).toBeGreaterThanOrEqual(25);
    expect(await count('nominal')).toBe(DEMO_NOMINALS);
    expect(await count('nominal_relationship')).toBeGreaterThan(1_000);
    expect(await count('nominal_exclusion')).toBeGreaterThan(0);
    expect(await count('nominal_restriction')).toBeGreaterThan(0);
    const kinds = await t.database.db.selectFrom('nominal_item').select('kind').distinct().execute();
    expect(kinds.length).toBe(20);
    const jonah = await t.database.db.selectFrom('nominal').select(['reference', 'given_names']).where('family_name', '=', 'Testwell').execute();
    expect(jonah).toEqual([{ reference: 'NPF-000001', given_names: 'Jonah' }]);
    const history = await t.database.db.selectFrom('nominal_item_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(history.n)).toBeGreaterThan(await count('nominal'));
  });

  it('loads again without change', async () => {
    const again = await seedDemo(t.database);
    expect(again.nominals).toBe(0);
    expect(await count('nominal')).toBe(DEMO_NOMINALS);
    expect(await count('app_user')).toBe(result.users.length + DEMO_APPLICATIONS);
  });

  it('carries only valid identifiers, stored in canonical form', async () => {
    const rows = await t.database.db.selectFrom('nominal_identifier').select(['kind', 'value']).execute();
    expect(rows.length).toBeGreaterThan(5_000);
    for (const r of rows) expect(parseIdentifier(r.kind as IdentifierKind, r.value)).toEqual({ ok: true, value: r.value });
  });

  it('lets every account sign in with the demo password, as before', async () => {
    for (const u of result.users) {
      const agent = request.agent(t.app);
      const page = await agent.get('/sign-in');
      const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username: u.username, password: DEMO_PASSWORD });
      expect(res.status, u.username).toBe(303);
      expect(res.headers.location, u.username).toBe('/');
    }
    for (const named of NAMED_USERS) expect(result.users.map((u) => u.username)).toContain(named.username);
  }, 120_000);

  it('shows a demo photograph to the officer who manages its record', async () => {
    const photo = await t.database.db
      .selectFrom('nominal_item as i')
      .innerJoin('nominal as n', 'n.id', 'i.nominal_id')
      .innerJoin('app_user as u', 'u.id', 'n.managing_officer_id')
      .select(['n.id', 'u.username', sql<string>`i.data ->> 'fileId'`.as('fileId')])
      .where('i.kind', '=', 'photo')
      .where('u.username', '=', 'police.officer')
      .executeTakeFirstOrThrow();
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username: photo.username, password: DEMO_PASSWORD });
    const record = await agent.get(`/nominals/${photo.id}`);
    expect(record.status).toBe(200);
    expect(record.text).toContain(`/nominals/${photo.id}/files/${photo.fileId}`);
    const file = await agent.get(`/nominals/${photo.id}/files/${photo.fileId}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('gives every record a managing officer who may read it, by the SQL scoping and by the policies', async () => {
    const managers = await t.database.db.selectFrom('nominal').select('managing_officer_id as id').distinct().execute();
    let checked = 0;
    for (const { id } of managers) {
      const actor = (await findActiveActor(t.database.db, id))!;
      await withTransaction(t.database, { ...systemContext(), system: false, actor }, async (tx) => {
        const reader = await readerFor(tx, 'NPPV3');
        expect(reader.cleared, actor.username).toBe(true);
        const managed = await tx.db.selectFrom('nominal').select('id').where('managing_officer_id', '=', id).execute();
        const readable = new Set((await readableNominalIds(tx.db, reader).execute()).map((r) => r.id));
        for (const [i, n] of managed.entries()) {
          expect(readable.has(n.id), `${actor.username} ${n.id}`).toBe(true);
          checked++;
          // The policies agree with the SQL scoping (a property test holds them together): a sample keeps this quick.
          if (i % 8 === 0) expect((await decideRecordAccess(tx, reader, n.id)).read.allowed, `${actor.username} ${n.id}`).toBe(true);
        }
      });
    }
    expect(checked).toBe(DEMO_NOMINALS);
  }, 120_000);
});
