import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createSigner } from './audit.checkpoint.ts';
import { canonicalLeafHash } from './audit.entry.ts';
import { verifyLog } from './audit.verify.ts';
import { runWitness } from './audit.witness.ts';

let t: TestApp;
let key: { keyName: string; publicKey: Buffer };

async function addEntries(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await withTransaction(t.database, systemContext(), (tx) => tx.log({ kind: 'consultation', action: `test.${tag}`, subjectType: 'test', subjectId: `${tag}-${i}` }));
  }
  await t.services.sequencer.catchUp();
}

/** As the database superuser, with the append-only triggers switched off: what an insider might try. */
async function asSuperuser(statements: ReturnType<typeof sql>[]) {
  await t.database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const s of statements) await s.execute(trx);
  });
}

beforeAll(async () => {
  t = await createTestApp();
  key = createSigner(t.config.audit.signingKey, t.config.audit.origin);
});
afterAll(() => t?.close());

describe('vigil audit verify', () => {
  it('recomputes the tree from the entries and checks every checkpoint', async () => {
    await addEntries(5, 'a');
    await addEntries(4, 'b');
    const result = await verifyLog(t.database, key, { now: new Date() });
    expect(result).toEqual({ ok: true, entries: 9, root: expect.stringMatching(/^[0-9a-f]{64}$/), latestCheckpoint: 9, waiting: 0, records: { checked: 0, notCovered: 0 } });
  });

  it('names an entry edited behind the log\'s back', async () => {
    const victim = await t.database.db.selectFrom('audit_leaf').select(['entry_id', 'leaf_index']).where('leaf_index', '=', 3).executeTakeFirstOrThrow();
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"a-3"', '"someone-else"') where id = ${victim.entry_id}`]);
    const result = await verifyLog(t.database, key, { now: new Date() });
    expect(result).toEqual({ ok: false, problem: `entry ${victim.entry_id} (leaf 3) does not match its leaf hash: it was changed after it was logged` });
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"someone-else"', '"a-3"') where id = ${victim.entry_id}`]);
    expect((await verifyLog(t.database, key, { now: new Date() })).ok).toBe(true);
  });

  it('catches an edit whose leaf hash was rewritten to match, by the signed root', async () => {
    const leaf = await t.database.db.selectFrom('audit_leaf').select(['entry_id']).where('leaf_index', '=', 1).executeTakeFirstOrThrow();
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"test.a"', '"test.rewritten"') where id = ${leaf.entry_id}`]);
    const row = await t.database.db.selectFrom('audit_entry').select(['canonical', 'action']).where('id', '=', leaf.entry_id).executeTakeFirstOrThrow();
    expect(row.action).toBe('test.rewritten');
    const forged = canonicalLeafHash(row.canonical);
    await asSuperuser([sql`update audit_leaf set leaf_hash = ${forged} where leaf_index = 1`]);
    const result = await verifyLog(t.database, key, { now: new Date() });
    expect(result).toEqual({ ok: false, problem: 'checkpoint at size 5: the root recomputed from the entries does not match the signed root' });
  });
});

/**
 * A log with a history: at each given minute after T0, five entries, sequenced and signed
 * then, as the running sequencer would have done. Returns the app and what verify needs.
 */
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function logWithHistory(minutes: number[]) {
  const app = await createTestApp();
  const appKey = createSigner(app.config.audit.signingKey, app.config.audit.origin);
  for (const m of minutes) {
    for (let i = 0; i < 5; i++) {
      await withTransaction(app.database, systemContext(at(m)), (tx) => tx.log({ kind: 'consultation', action: 'test.history', subjectType: 'test', subjectId: `${m}-${i}` }));
    }
    await app.services.sequencer.sequenceBatch(at(m));
    await app.services.sequencer.checkpoint(at(m));
  }
  const verify = (now: Date) => verifyLog(app.database, appKey, { now, checkpointMs: app.config.audit.checkpointMs });
  /** What an insider with the database (not the key) does to hide an edit: change the entry, recompute its leaf. */
  const forge = async (leafIndex: number) => {
    const leaf = await app.database.db.selectFrom('audit_leaf').select('entry_id').where('leaf_index', '=', leafIndex).executeTakeFirstOrThrow();
    await asSuperuserOn(app, [sql`update audit_entry set canonical = replace(canonical, '"test.history"', '"test.forged"') where id = ${leaf.entry_id}`]);
    const row = await app.database.db.selectFrom('audit_entry').select('canonical').where('id', '=', leaf.entry_id).executeTakeFirstOrThrow();
    await asSuperuserOn(app, [sql`update audit_leaf set leaf_hash = ${canonicalLeafHash(row.canonical)} where leaf_index = ${leafIndex}`]);
    return Number(leaf.entry_id);
  };
  return { app, verify, forge };
}

async function asSuperuserOn(app: TestApp, statements: ReturnType<typeof sql>[]) {
  await app.database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const s of statements) await s.execute(trx);
  });
}

describe('vigil audit verify: checkpoints that should exist', () => {
  it('passes a log whose every entry was signed within a checkpoint interval of being sequenced', async () => {
    const { app, verify } = await logWithHistory([0, 10, 20, 30]);
    try {
      expect(await verify(at(31))).toMatchObject({ ok: true, entries: 20, latestCheckpoint: 20 });
    } finally {
      await app.close();
    }
  });

  it('fails when every checkpoint was deleted to hide an edited entry whose leaf was recomputed', async () => {
    const { app, verify, forge } = await logWithHistory([0, 10, 20, 30]);
    try {
      await forge(12);
      await asSuperuserOn(app, [sql`delete from audit_checkpoint`]);
      expect(await verify(at(31))).toEqual({
        ok: false,
        problem: 'leaves 0 to 19 are in no signed checkpoint, yet the oldest was sequenced 31 minutes ago and the sequencer signs within 61 seconds: checkpoints were deleted, or Vigil stopped before signing (start it, let it sign, and verify again)',
      });
    } finally {
      await app.close();
    }
  });

  it('fails when the checkpoints from a size up were deleted', async () => {
    const { app, verify, forge } = await logWithHistory([0, 10, 20, 30]);
    try {
      await forge(12);
      await asSuperuserOn(app, [sql`delete from audit_checkpoint where tree_size > 10`]);
      expect(await verify(at(31))).toMatchObject({ ok: false, problem: expect.stringMatching(/^leaves 10 to 19 are in no signed checkpoint, yet the oldest was sequenced 11 minutes ago/) });
    } finally {
      await app.close();
    }
  });

  it('fails when those checkpoints were deleted and the log then re-signed by a restarted sequencer', async () => {
    const { app, verify, forge } = await logWithHistory([0, 10, 20, 30]);
    try {
      await forge(12);
      await asSuperuserOn(app, [sql`delete from audit_checkpoint where tree_size > 10`]);
      const restarted = await servicesOn(app);
      expect(await restarted.sequencer.checkpoint(at(31))).toBe(20);
      expect(await verify(at(32))).toEqual({
        ok: false,
        problem: 'the checkpoint at size 20 is the first to cover leaves 10 to 19, which were sequenced over 10 minutes, yet the sequencer signs within 61 seconds: the checkpoints between them were deleted and the log signed again',
      });
    } finally {
      await app.close();
    }
  });

  it('allows the newest leaves to wait for the next checkpoint, but not for longer than the sequencer takes', async () => {
    const { app, verify } = await logWithHistory([0]);
    try {
      for (let i = 0; i < 3; i++) await withTransaction(app.database, systemContext(at(0.5)), (tx) => tx.log({ kind: 'consultation', action: 'test.tail' }));
      await app.services.sequencer.sequenceBatch(at(0.5));
      expect(await verify(at(1))).toMatchObject({ ok: true, entries: 8, latestCheckpoint: 5 });
      expect(await verify(at(3))).toMatchObject({ ok: false, problem: expect.stringMatching(/^leaves 5 to 7 are in no signed checkpoint, yet the oldest was sequenced 3 minutes ago/) });
    } finally {
      await app.close();
    }
  });

  it('after a stop before signing, a restarted sequencer signs what was sequenced before it takes anything new', async () => {
    const { app, verify } = await logWithHistory([0]);
    try {
      for (let i = 0; i < 3; i++) await withTransaction(app.database, systemContext(at(0.5)), (tx) => tx.log({ kind: 'consultation', action: 'test.before-crash' }));
      await app.services.sequencer.sequenceBatch(at(0.5));
      for (let i = 0; i < 2; i++) await withTransaction(app.database, systemContext(at(30)), (tx) => tx.log({ kind: 'consultation', action: 'test.after-restart' }));
      const restarted = await servicesOn(app);
      await restarted.sequencer.step(at(30));
      await restarted.sequencer.step(at(30.1));
      await restarted.sequencer.step(at(30.2));
      expect((await app.database.db.selectFrom('audit_checkpoint').select('tree_size').orderBy('tree_size').execute()).map((c) => Number(c.tree_size))).toEqual([5, 8, 10]);
      expect(await verify(at(31))).toMatchObject({ ok: true, entries: 10, latestCheckpoint: 10 });
    } finally {
      await app.close();
    }
  });
});

describe('vigil audit verify: entries with no leaf', () => {
  it('fails on an entry that has no leaf and is not waiting for one, though the access log page shows it', async () => {
    const { app, verify } = await logWithHistory([0]);
    try {
      const canonical = JSON.stringify(['vigil-access-log-entry/v1', at(0.2).toISOString(), 'consultation', 'test.slipped-in', null, null, null, 'test', 'x', null, null, null, null, 'allowed', [], false, 'c0ffee', null]);
      const { rows } = await sql<{ id: number }>`insert into audit_entry (canonical) values (${canonical}) returning id`.execute(app.database.db);
      const id = Number(rows[0]!.id);
      const shown = await app.database.db.selectFrom('audit_entry').select('id').where('action', '=', 'test.slipped-in').execute();
      expect(shown).toHaveLength(1);
      expect(await verify(at(0.5))).toEqual({ ok: false, problem: `entry ${id} has no leaf in the tree and is not queued for one: it was written outside Vigil, or its leaf was removed` });
    } finally {
      await app.close();
    }
  });

  it('counts entries queued for the sequencer a moment ago, and fails on ones left queued for longer', async () => {
    const { app, verify } = await logWithHistory([0]);
    try {
      await withTransaction(app.database, systemContext(at(0.2)), (tx) => tx.log({ kind: 'consultation', action: 'test.queued' }));
      const queued = await app.database.db.selectFrom('audit_pending').select('entry_id').executeTakeFirstOrThrow();
      expect(await verify(at(0.5))).toMatchObject({ ok: true, entries: 5, waiting: 1 });
      expect(await verify(at(10))).toEqual({
        ok: false,
        problem: `entry ${queued.entry_id} was logged 10 minutes ago and still waits for the sequencer, which is not running: start Vigil so that it sequences and signs it, then verify again`,
      });
    } finally {
      await app.close();
    }
  });
});

/** The same database served by new services, as after a restart (a fresh in-memory tree). */
async function servicesOn(existing: TestApp) {
  const { buildServices } = await import('../../index.ts');
  const { createLogger } = await import('../../logger.ts');
  return buildServices(existing.config, existing.database, createLogger('silent'));
}

describe('vigil audit witness', () => {
  it('accepts a log that grows, and rejects one rolled back or forked and re-signed', async () => {
    const fresh = await createTestApp();
    const server = fresh.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-witness-')), 'state.json');
    const token = (await fresh.services.apiClients.createClient(systemContext(), { name: 'witness', scopes: ['audit:read'], days: 1 })).token;
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) await withTransaction(fresh.database, systemContext(), (tx) => tx.log({ kind: 'consultation', action: 'test.w' }));
      await fresh.services.sequencer.catchUp();
    };
    try {
      await add(6);
      const first = await runWitness({ stateFile, url, token });
      expect(first.ok && first.state.treeSize).toBeGreaterThanOrEqual(7);
      await add(3);
      const grown = await runWitness({ stateFile, url, token });
      expect(grown).toMatchObject({ ok: true, message: expect.stringMatching(/^accepted checkpoint of size \d+ \(previously \d+\)$/) });
      const witnessed = grown.ok ? grown.state.treeSize : 0;

      // Roll back: delete the newest entries, then let the service sign again.
      await fresh.database.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from audit_checkpoint where tree_size > ${witnessed - 4}`.execute(trx);
        await sql`delete from audit_entry where id in (select entry_id from audit_leaf where leaf_index >= ${witnessed - 4})`.execute(trx);
        await sql`delete from audit_leaf where leaf_index >= ${witnessed - 4}`.execute(trx);
      });
      const restarted = await createTestAppOn(fresh);
      await restarted.sequencer.catchUp();
      const rolledBack = await runWitness({ stateFile, url, token });
      expect(rolledBack).toEqual({ ok: false, message: expect.stringMatching(/^rejected: rollback: the log now has \d+ entries, fewer than the \d+ already witnessed$/) });

      // Fork: grow again to beyond the witnessed size, with different entries.
      for (let i = 0; i < 6; i++) await withTransaction(fresh.database, systemContext(), (tx) => tx.log({ kind: 'consultation', action: 'test.fork' }));
      await restarted.sequencer.catchUp();
      const forked = await runWitness({ stateFile, url, token });
      expect(forked).toEqual({ ok: false, message: expect.stringMatching(/^rejected: fork: the tree of size \d+ does not extend the witnessed tree of size \d+$/) });
    } finally {
      server.close();
      await fresh.close();
    }
  });
});

/** The same database served by new services, as after a restart (a fresh in-memory tree). */
async function createTestAppOn(existing: TestApp) {
  const { buildServices } = await import('../../index.ts');
  const { createLogger } = await import('../../logger.ts');
  return buildServices(existing.config, existing.database, createLogger('silent'));
}
