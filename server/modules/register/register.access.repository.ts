import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { NominalFacts } from '../access/access.policy.ts';

type Q = Kysely<DB>;

/** What the Cedar policies need to know about one record. */
export async function nominalFacts(db: Q, nominalId: string): Promise<NominalFacts | undefined> {
  const n = await db.selectFrom('nominal').select(['id', 'owning_unit_id', 'managing_officer_id']).where('id', '=', nominalId).executeTakeFirst();
  if (!n) return undefined;
  // One after another: a transaction's connection runs one query at a time.
  const relationships = await db.selectFrom('nominal_relationship').select(['unit_id', 'role']).where('nominal_id', '=', nominalId).execute();
  const excluded = await db.selectFrom('nominal_exclusion').select('user_id').where('nominal_id', '=', nominalId).execute();
  const restricted = await db.selectFrom('nominal_restriction').select('user_id').where('nominal_id', '=', nominalId).execute();
  return {
    nominalId: n.id,
    owningUnitId: n.owning_unit_id,
    managingOfficerId: n.managing_officer_id,
    relationships: relationships.map((r) => ({ unitId: r.unit_id, role: r.role })),
    excludedUserIds: excluded.map((r) => r.user_id),
    restrictedToUserIds: restricted.map((r) => r.user_id),
  };
}

/**
 * The ids of the records a user may read, decided in SQL: the same rules as
 * access.cedar's readNominal (without break-glass), so that lists and searches
 * never fetch what they would then have to hide. A property test holds the two together.
 */
export function readableNominalIds(db: Q, user: { userId: string; unitId: string; cleared: boolean }) {
  return db
    .selectFrom('nominal as n')
    .select('n.id')
    .where(sql<boolean>`${user.cleared}`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('nominal_exclusion as x').select('x.user_id').whereRef('x.nominal_id', '=', 'n.id').where('x.user_id', '=', user.userId))))
    .where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('nominal_restriction as r').select('r.user_id').whereRef('r.nominal_id', '=', 'n.id'))),
        eb.exists(eb.selectFrom('nominal_restriction as r').select('r.user_id').whereRef('r.nominal_id', '=', 'n.id').where('r.user_id', '=', user.userId)),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('n.owning_unit_id', '=', user.unitId),
        eb.exists(eb.selectFrom('nominal_relationship as p').select('p.unit_id').whereRef('p.nominal_id', '=', 'n.id').where('p.unit_id', '=', user.unitId)),
      ]),
    );
}
