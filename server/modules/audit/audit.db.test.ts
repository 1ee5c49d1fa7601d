import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, csrfOf, seedOrganisations, signIn, type Agent, type TestApp } from '../../testing/test-app.ts';
import { openCheckpoint } from './audit.checkpoint.ts';
import { fromHex } from './audit.merkle.ts';
import { verifyConsistency, verifyInclusion } from './audit.proof.ts';

let t: TestApp;
let dpo: Agent;
let officer: Agent;
let orgs: Awaited<ReturnType<typeof seedOrganisations>>;
let token: string;

const entries = () => t.database.db.selectFrom('audit_entry').selectAll().orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  orgs = await seedOrganisations(t);
  await createTestUser(t, { username: 'the.dpo', unitId: orgs.unitA, roles: ['data-protection-officer'], demo: true });
  await createTestUser(t, { username: 'an.officer', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
  await createTestUser(t, { username: 'an.admin', unitId: orgs.unitA, roles: ['administrator'], demo: true });
  dpo = await signIn(t, 'the.dpo');
  officer = await signIn(t, 'an.officer');
  token = (await t.services.apiClients.createClient(systemContext(t.clock.now()), { name: 'test-witness', scopes: ['audit:read'], days: 1 })).token;
});
afterAll(() => t?.close());

describe('every operation leaves its access-log entry in its own transaction', () => {
  it('records sign-ins as authentication entries with the actor and the correlation id', async () => {
    const all = await entries();
    const signIns = all.filter((e) => e.action === 'auth.signed-in');
    expect(signIns.length).toBeGreaterThanOrEqual(2);
    expect(signIns[0]).toMatchObject({ kind: 'authentication', decision: 'allowed', subject_type: 'user' });
    expect(signIns[0]!.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records an alteration with field names and keyed hashes, never the values', async () => {
    const admin = await signIn(t, 'an.admin');
    const target = await createTestUser(t, { username: 'role.change', unitId: orgs.unitA, roles: ['practitioner'], demo: true });
    const csrf = await csrfOf(admin, `/admin/users/${target}`);
    const version = (await t.database.db.selectFrom('app_user').select('version').where('id', '=', target).executeTakeFirstOrThrow()).version;
    await admin.post(`/admin/users/${target}/roles`).type('form').send({ _csrf: csrf, version, roles: ['practitioner', 'manager'] }).expect(303);
    const entry = (await entries()).filter((e) => e.action === 'admin.roles-changed').at(-1)!;
    expect(entry.kind).toBe('administration');
    const changes = entry.changes as [string, string, string][];
    expect(changes).toHaveLength(1);
    const [field, oldHash, newHash] = changes[0]!;
    expect(field).toBe('roles');
    expect(oldHash).toMatch(/^[0-9a-f]{64}$/);
    expect(newHash).not.toBe(oldHash);
    expect(JSON.stringify(entry)).not.toContain('manager');
  });

  it('fails closed: if the entry cannot be written, nothing is changed and nothing is shown', async () => {
    const admin = await signIn(t, 'an.admin');
    const csrf = await csrfOf(admin, '/admin/users/new');
    await sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'log unavailable'; end $$`.execute(t.database.db);
    await sql`create trigger fail_audit before insert on audit_entry for each row execute function fail_audit()`.execute(t.database.db);
    try {
      const res = await admin
        .post('/admin/users')
        .type('form')
        .send({ _csrf: csrf, displayName: 'Should Not Exist', username: 'not.saved', email: 'not.saved@example.org', unitId: orgs.unitA, roles: ['practitioner'] });
      expect(res.status).toBe(500);
      expect(await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'not.saved').execute()).toHaveLength(0);
      expect(await t.database.db.selectFrom('outbox_event').select('id').where('type', '=', 'admin.user-created').execute()).toHaveLength(0);
      const activity = await officer.get('/account/activity');
      expect(activity.status).toBe(500);
      expect(activity.text).not.toContain('auth.signed-in');
    } finally {
      await sql`drop trigger fail_audit on audit_entry`.execute(t.database.db);
      await sql`drop function fail_audit()`.execute(t.database.db);
    }
  });
});

describe('the log is append-only', () => {
  const column = { audit_entry: 'canonical', audit_leaf: 'entry_id', audit_checkpoint: 'note' } as const;
  for (const table of ['audit_entry', 'audit_leaf', 'audit_checkpoint'] as const) {
    it(`refuses UPDATE, DELETE and TRUNCATE on ${table}`, async () => {
      await t.services.sequencer.catchUp();
      const attempts = [
        sql`update ${sql.table(table)} set ${sql.ref(column[table])} = ${sql.ref(column[table])}`,
        sql`delete from ${sql.table(table)}`,
        sql`truncate ${sql.table(table)} cascade`,
      ];
      for (const attempt of attempts) {
        await expect(attempt.execute(t.database.db)).rejects.toThrow(/the access log is append-only/);
      }
      const count = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
      expect(count.rows[0]!.n).toBeGreaterThan(0);
    });
  }
});

describe('the sequencer and signed checkpoints', () => {
  it('gives every entry one leaf, in a gap-free order, including entries written concurrently', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withTransaction(t.database, { ...systemContext(t.clock.now()), correlationId: `c${i}` }, (tx) => tx.log({ kind: 'consultation', action: 'test.read', subjectType: 'test', subjectId: String(i) })),
      ),
    );
    await t.services.sequencer.catchUp();
    const leaves = await t.database.db.selectFrom('audit_leaf').select(['leaf_index', 'entry_id']).orderBy('leaf_index').execute();
    const all = await entries();
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual(all.map((_, i) => i));
    expect(new Set(leaves.map((l) => l.entry_id)).size).toBe(all.length);
    expect(await t.database.db.selectFrom('audit_pending').select('entry_id').execute()).toHaveLength(0);
  });

  it('signs a checkpoint of the new size, and never signs a size twice', async () => {
    const latest = await t.database.db.selectFrom('audit_checkpoint').selectAll().orderBy('tree_size', 'desc').executeTakeFirstOrThrow();
    const auditor = { ...systemContext(t.clock.now()), apiClient: { id: 'x', name: 'x', scopes: ['audit:read'] } };
    const opened = openCheckpoint(latest.note, t.config.audit.origin, Buffer.from(t.services.audit.publicKey(auditor).publicKey, 'base64'));
    expect(opened.treeSize).toBe(Number(latest.tree_size));
    expect(await t.services.sequencer.checkpoint()).toBeNull();
  });
});

describe('the auditor API (ladder)', () => {
  it('401 without a session or token; 401 for a bad token', async () => {
    const res = await request(t.app).get('/api/audit/checkpoint');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { id: 'sign-in-required', message: 'Sign in to continue.' } });
    const bad = await request(t.app).get('/api/audit/checkpoint').set('Authorization', 'Bearer vgl_wrong');
    expect(bad.status).toBe(401);
    expect(bad.body.error.id).toBe('invalid-token');
  });

  it('403 for a user who is not the data protection officer', async () => {
    const res = await officer.get('/api/audit/checkpoint');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Only the data protection officer can read the access log.');
  });

  it('400 for proof requests that make no sense, saying what is wrong', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const size = Number((await t.database.db.selectFrom('audit_checkpoint').select('tree_size').orderBy('tree_size', 'desc').executeTakeFirstOrThrow()).tree_size);
    const cases: [string, string][] = [
      ['/api/audit/proof/inclusion?index=x&size=1', 'index must be a whole number'],
      [`/api/audit/proof/inclusion?index=0&size=${size + 1}`, `size must be at most ${size}, the latest signed tree size`],
      ['/api/audit/proof/inclusion?index=3&size=3', 'index must be less than size (3)'],
      ['/api/audit/proof/consistency?from=4&to=2', 'from must not be larger than to'],
    ];
    for (const [path, message] of cases) {
      const res = await request(t.app).get(path).set(auth);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message).toBe(message);
    }
  });

  it('200: the data protection officer and a token with audit:read get the key, checkpoint and verifying proofs', async () => {
    const key = (await dpo.get('/api/audit/public-key').expect(200)).body;
    expect(key).toMatchObject({ algorithm: 'ed25519', keyName: t.config.audit.origin });
    const note = (await request(t.app).get('/api/audit/checkpoint').set('Authorization', `Bearer ${token}`).expect(200)).text;
    const cp = openCheckpoint(note, key.keyName, Buffer.from(key.publicKey, 'base64'));
    expect(cp.treeSize).toBeGreaterThan(5);
    const inc = (await dpo.get(`/api/audit/proof/inclusion?index=2&size=${cp.treeSize}`).expect(200)).body;
    expect(verifyInclusion(fromHex(inc.leafHash), 2, cp.treeSize, inc.proof.map(fromHex), cp.rootHash)).toBe(true);

    const older = await t.database.db.selectFrom('audit_checkpoint').select(['tree_size', 'root_hash']).orderBy('tree_size').executeTakeFirstOrThrow();
    const con = (await dpo.get(`/api/audit/proof/consistency?from=${older.tree_size}&to=${cp.treeSize}`).expect(200)).body;
    expect(verifyConsistency(Number(older.tree_size), cp.treeSize, older.root_hash, cp.rootHash, con.proof.map(fromHex))).toBe(true);
  });
});

describe('the data protection officer\'s pages', () => {
  it('401 and 403 before the search page; 400 for an impossible date', async () => {
    expect((await request(t.app).get('/audit')).status).toBe(401);
    expect((await officer.get('/audit')).status).toBe(403);
    const res = await dpo.get('/audit?from=2026-02-30');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Date from must be a real date, like 2026-11-23');
  });

  it('searches by user and kind, and logs the search itself', async () => {
    const res = await dpo.get('/audit?username=an.officer&kind=authentication');
    expect(res.status).toBe(200);
    expect(res.text).toContain('auth.signed-in');
    expect(res.text).not.toContain('test.read');
    const searches = (await entries()).filter((e) => e.action === 'audit.log-searched');
    expect(searches.at(-1)).toMatchObject({ kind: 'consultation', purpose_code: 'audit', subject_type: 'access-log' });
  });

  // ADR 0026: a data protection officer reads the entries about their own agency, not every agency's.
  it("shows a data protection officer their own agency's entries only: its staff's, about what it holds, and those naming no agency", async () => {
    await createTestUser(t, { username: 'elsewhere.officer', unitId: orgs.unitB, roles: ['practitioner'], demo: true });
    await signIn(t, 'elsewhere.officer');
    const own = await dpo.get('/audit?username=an.officer&kind=authentication');
    expect(own.text).toContain('auth.signed-in');
    const other = await dpo.get('/audit?username=elsewhere.officer&kind=authentication');
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('auth.signed-in');
    await createTestUser(t, { username: 'dpo.b', unitId: orgs.unitB, roles: ['data-protection-officer'], demo: true });
    const theirs = await signIn(t, 'dpo.b');
    expect((await theirs.get('/audit?username=elsewhere.officer&kind=authentication')).text).toContain('auth.signed-in');
    expect((await theirs.get('/audit?username=an.officer&kind=authentication')).text).not.toContain('auth.signed-in');
  });

  it('exports CSV with formula-looking cells neutralised, as a logged disclosure', async () => {
    await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
      tx.log({ kind: 'consultation', action: 'test.formula', purposeCode: 'other', purposeText: '=HYPERLINK("http://x","y")' }),
    );
    const res = await dpo.get('/audit/export.csv?purposeCode=other');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect((await entries()).filter((e) => e.action === 'audit.log-exported').at(-1)).toMatchObject({ kind: 'disclosure' });
  });

  it('reports break-glass use on the anomaly page', async () => {
    await withTransaction(t.database, { ...systemContext(t.clock.now()), actor: { userId: (await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'an.officer').executeTakeFirstOrThrow()).id, username: 'an.officer', displayName: 'x', unitId: orgs.unitA, agencyId: orgs.agencyA, roles: ['practitioner'] } }, (tx) =>
      tx.log({ kind: 'consultation', action: 'register.nominal-viewed', subjectType: 'nominal', subjectId: 'N1', breakGlass: true, purposeCode: 'break-glass' }),
    );
    const res = await dpo.get('/audit/anomalies');
    expect(res.status).toBe(200);
    expect(res.text).toContain('an.officer viewed nominal N1');
  });

  it('reports unusual volume and views outside the viewer\'s own agency', async () => {
    const ids = await t.database.db.selectFrom('app_user').select(['id', 'username']).execute();
    const actorOf = (username: string) => {
      const id = ids.find((u) => u.username === username)!.id;
      return { userId: id, username, displayName: username, unitId: orgs.unitA, agencyId: orgs.agencyA, roles: ['practitioner' as const] };
    };
    // Twenty colleagues view a few records each; one views sixty, all held by another agency.
    for (let u = 0; u < 20; u++) {
      const username = `colleague.${u}`;
      await createTestUser(t, { username, unitId: orgs.unitA, demo: true });
    }
    const all = await t.database.db.selectFrom('app_user').select(['id', 'username']).execute();
    ids.push(...all.filter((a) => !ids.some((b) => b.id === a.id)));
    for (let u = 0; u < 20; u++) {
      for (let i = 0; i < 2; i++) {
        await withTransaction(t.database, { ...systemContext(t.clock.now()), actor: actorOf(`colleague.${u}`) }, (tx) => tx.log({ kind: 'consultation', action: 'register.nominal-viewed', subjectType: 'nominal', subjectId: `C${u}-${i}`, subjectAgencyId: orgs.agencyA }));
      }
    }
    for (let i = 0; i < 60; i++) {
      await withTransaction(t.database, { ...systemContext(t.clock.now()), actor: actorOf('an.officer') }, (tx) => tx.log({ kind: 'consultation', action: 'register.nominal-viewed', subjectType: 'nominal', subjectId: `X${i}`, subjectAgencyId: orgs.agencyB }));
    }
    const res = await dpo.get('/audit/anomalies');
    const [volume, outside] = res.text.split("Views outside the viewer's own agency");
    expect(volume).toContain('>an.officer</a>');
    expect(volume).not.toContain('colleague.');
    expect(outside).toContain('>an.officer</a>');
    expect(outside!.split('Break-glass')[0]).not.toContain('colleague.');
  });

  it('shows every user their own account activity', async () => {
    expect((await request(t.app).get('/account/activity')).status).toBe(401);
    const res = await officer.get('/account/activity');
    expect(res.status).toBe(200);
    expect(res.text).toContain('auth.signed-in');
  });
});
