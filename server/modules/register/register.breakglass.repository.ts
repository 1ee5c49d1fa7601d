import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { IdentifierKind } from './register.identifiers.ts';

type Q = Kysely<DB>;

/** The latest unexpired break-glass grant of a user on a record, if any. */
export async function activeBreakGlassGrant(db: Q, userId: string, nominalId: string, now: Date): Promise<{ expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('break_glass_grant')
    .select('expires_at')
    .where('user_id', '=', userId)
    .where('nominal_id', '=', nominalId)
    .where('granted_at', '<=', now)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
  return row ? { expiresAt: new Date(row.expires_at) } : undefined;
}

export async function insertBreakGlassGrant(db: Q, g: { userId: string; nominalId: string; justification: string; grantedAt: Date; expiresAt: Date }) {
  await db
    .insertInto('break_glass_grant')
    .values({ user_id: g.userId, nominal_id: g.nominalId, justification: g.justification, granted_at: g.grantedAt, expires_at: g.expiresAt })
    .execute();
}

/**
 * The record with this reference or identifier, whoever may see it: break-glass is for records the
 * user cannot find, and the caller decides (and logs) whether the user may open it.
 */
export async function findNominalByReferenceOrIdentifier(db: Q, reference: string, identifiers: { kind: IdentifierKind; value: string }[]) {
  const byReference = await db.selectFrom('nominal').select(['id', 'reference']).where('reference', '=', reference).executeTakeFirst();
  if (byReference || !identifiers.length) return byReference;
  return db
    .selectFrom('nominal_identifier as i')
    .innerJoin('nominal', 'nominal.id', 'i.nominal_id')
    .select(['nominal.id', 'nominal.reference'])
    .where((eb) => eb.or(identifiers.map((i) => eb.and([eb('i.kind', '=', i.kind), eb('i.value', '=', i.value)]))))
    .executeTakeFirst();
}
