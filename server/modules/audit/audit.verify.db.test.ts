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
    const result = await verifyLog(t.database, key);
    expect(result).toEqual({ ok: true, entries: 9, root: expect.stringMatching(/^[0-9a-f]{64}$/), latestCheckpoint: 9 });
  });

  it('names an entry edited behind the log\'s back', async () => {
    const victim = await t.database.db.selectFrom('audit_leaf').select(['entry_id', 'leaf_index']).where('leaf_index', '=', 3).executeTakeFirstOrThrow();
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"a-3"', '"someone-else"') where id = ${victim.entry_id}`]);
    const result = await verifyLog(t.database, key);
    expect(result).toEqual({ ok: false, problem: `entry ${victim.entry_id} (leaf 3) does not match its leaf hash: it was changed after it was logged` });
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"someone-else"', '"a-3"') where id = ${victim.entry_id}`]);
    expect((await verifyLog(t.database, key)).ok).toBe(true);
  });

  it('catches an edit whose leaf hash was rewritten to match, by the signed root', async () => {
    const { canonicalLeafHash } = await import('./audit.entry.ts');
    const leaf = await t.database.db.selectFrom('audit_leaf').select(['entry_id']).where('leaf_index', '=', 1).executeTakeFirstOrThrow();
    await asSuperuser([sql`update audit_entry set canonical = replace(canonical, '"test.a"', '"test.rewritten"') where id = ${leaf.entry_id}`]);
    const row = await t.database.db.selectFrom('audit_entry').select(['canonical', 'action']).where('id', '=', leaf.entry_id).executeTakeFirstOrThrow();
    expect(row.action).toBe('test.rewritten');
    const forged = canonicalLeafHash(row.canonical);
    await asSuperuser([sql`update audit_leaf set leaf_hash = ${forged} where leaf_index = 1`]);
    const result = await verifyLog(t.database, key);
    expect(result).toEqual({ ok: false, problem: 'checkpoint at size 5: the root recomputed from the entries does not match the signed root' });
  });
});

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
