import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

export async function insertClient(db: Q, c: { name: string; tokenHash: string; scopes: string[]; expiresAt: Date }): Promise<string> {
  const row = await db
    .insertInto('api_client')
    .values({ name: c.name, token_hash: c.tokenHash, scopes: c.scopes, expires_at: c.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A client by its token's hash, only while unrevoked and unexpired. */
export async function findLiveClient(db: Q, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_client')
    .select(['id', 'name', 'scopes'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function clientNameTaken(db: Q, name: string): Promise<boolean> {
  return !!(await db.selectFrom('api_client').select('id').where('name', '=', name).executeTakeFirst());
}
