import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { preparedQuery, registerPrepared, sendRegisteredByName } from './prepared.ts';
import type { DB } from './schema.ts';

/** A stand-in for Kysely that keeps what it was asked to run. */
function recorder() {
  const ran: CompiledQuery[] = [];
  const db = { executeQuery: async (q: CompiledQuery) => (ran.push(q), { rows: [{ ok: true }] }) } as unknown as Kysely<DB>;
  return { db, ran };
}

describe('preparedQuery', () => {
  it('compiles once and puts each call’s arguments where the builder used them, keeping constants', async () => {
    let built = 0;
    const q = preparedQuery((db, a: string, b: string) => {
      built++;
      return db.selectFrom('app_user').select('id').where('status', '=', 'active').where('username', '=', b).where(sql<boolean>`${a} = ${b}`);
    });
    const { db, ran } = recorder();
    expect(await q(db, 'x', 'y')).toEqual([{ ok: true }]);
    await q(db, 'p', 'q');
    expect(built).toBe(1);
    expect(ran[0]!.sql).toBe(ran[1]!.sql);
    expect(ran[0]!.parameters).toEqual(['active', 'y', 'x', 'y']);
    expect(ran[1]!.parameters).toEqual(['active', 'q', 'p', 'q']);
  });

  it('refuses a builder that does not pass an argument on as a parameter', async () => {
    const q = preparedQuery((db, _unused: string) => db.selectFrom('app_user').select('id'));
    await expect(q(recorder().db, 'x')).rejects.toThrow(/argument 0/);
  });
});

describe('sendRegisteredByName', () => {
  it('names registered texts only, passing values and callbacks through', () => {
    const calls: unknown[][] = [];
    const client = { query: (...args: unknown[]) => calls.push(args) };
    sendRegisteredByName(client as never);
    registerPrepared('select $1::int as registered');
    const cb = () => {};
    (client.query as (...a: unknown[]) => unknown)('select $1::int as registered', [1], cb);
    (client.query as (...a: unknown[]) => unknown)('select 2', [2]);
    expect(calls[0]![0]).toMatchObject({ text: 'select $1::int as registered', name: expect.stringMatching(/^vigil_[0-9a-f]{20}$/) });
    expect(calls[0]!.slice(1)).toEqual([[1], cb]);
    expect(calls[1]).toEqual(['select 2', [2]]);
  });
});
