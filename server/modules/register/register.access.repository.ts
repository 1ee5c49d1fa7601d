import { sql, type Kysely } from 'kysely';
import { preparedQuery } from '../../db/prepared.ts';
import type { DB } from '../../db/schema.ts';
import type { NominalFacts } from '../access/access.policy.ts';

type Q = Kysely<DB>;

/**
 * What the Cedar policies need to know about one record, in one statement:
 * every record operation starts here, so its cost is paid on every view
 * (compiled once, and prepared on each connection).
 */
const factsOf = preparedQuery((db, nominalId: string) =>
  db
    .selectFrom('nominal as n')
    .select([
      'n.id',
      'n.owning_unit_id',
      'n.managing_officer_id',
      sql<{ unitId: string; role: NominalFacts['relationships'][number]['role'] }[]>`coalesce((select json_agg(json_build_object('unitId', r.unit_id, 'role', r.role)) from nominal_relationship r where r.nominal_id = n.id), '[]')`.as('relationships'),
      sql<string[]>`coalesce((select json_agg(x.user_id) from nominal_exclusion x where x.nominal_id = n.id), '[]')`.as('excluded'),
      sql<string[]>`coalesce((select json_agg(x.user_id) from nominal_restriction x where x.nominal_id = n.id), '[]')`.as('restricted'),
    ])
    .where('n.id', '=', nominalId),
);

export async function nominalFacts(db: Q, nominalId: string): Promise<NominalFacts | undefined> {
  const [n] = await factsOf(db, nominalId);
  if (!n) return undefined;
  return {
    nominalId: n.id,
    owningUnitId: n.owning_unit_id,
    managingOfficerId: n.managing_officer_id,
    relationships: n.relationships,
    excludedUserIds: n.excluded,
    restrictedToUserIds: n.restricted,
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
