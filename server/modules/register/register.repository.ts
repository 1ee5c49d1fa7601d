import { sql, type Kysely } from 'kysely';
import { preparedQuery } from '../../db/prepared.ts';
import type { DB } from '../../db/schema.ts';
import type { IdentifierKind } from './register.identifiers.ts';
import { readableNominalIds } from './register.access.repository.ts';

type Q = Kysely<DB>;

export interface NewNominal {
  reference: string;
  nominalType: DB['nominal']['nominal_type'];
  familyName: string;
  givenNames: string;
  dateOfBirth: string | null;
  gender: DB['nominal']['gender'];
  owningUnitId: string;
  managingOfficerId: string;
  identifiers: { kind: IdentifierKind; value: string }[];
}

export async function insertNominal(db: Q, n: NewNominal): Promise<string> {
  const row = await db
    .insertInto('nominal')
    .values({
      reference: n.reference,
      nominal_type: n.nominalType,
      family_name: n.familyName,
      given_names: n.givenNames,
      date_of_birth: n.dateOfBirth,
      gender: n.gender,
      owning_unit_id: n.owningUnitId,
      managing_officer_id: n.managingOfficerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('nominal_name').values({ nominal_id: row.id, name_type: 'primary', family_name: n.familyName, given_names: n.givenNames }).execute();
  if (n.identifiers.length) {
    await db.insertInto('nominal_identifier').values(n.identifiers.map((i) => ({ nominal_id: row.id, kind: i.kind, value: i.value }))).execute();
  }
  return row.id;
}

/** A new reference, unique across the register, prefixed by the owning agency's code: NPF-000123. */
export async function nextReference(db: Q, agencyCode: string): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('nominal_reference_seq') as n`.execute(db);
  return `${agencyCode}-${String(rows[0]!.n).padStart(6, '0')}`;
}

export async function identifierHolders(db: Q, identifiers: { kind: IdentifierKind; value: string }[]) {
  if (!identifiers.length) return [];
  return db
    .selectFrom('nominal_identifier')
    .select(['nominal_id', 'kind', 'value'])
    .where((eb) => eb.or(identifiers.map((i) => eb.and([eb('kind', '=', i.kind), eb('value', '=', i.value)]))))
    .execute();
}

export interface NominalSummary {
  id: string;
  reference: string;
  nominalType: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string | null;
  owningUnitName: string;
  /** Archived, deceased and merged records stay findable for duplicate checks, marked as such. */
  status?: string;
  score?: number;
}

const summaryColumns = [
  'n.id',
  'n.reference',
  'n.nominal_type as nominalType',
  'n.family_name as familyName',
  'n.given_names as givenNames',
  'n.date_of_birth as dateOfBirth',
  'unit.name as owningUnitName',
] as const;

export interface Reader {
  userId: string;
  unitId: string;
  cleared: boolean;
}

/** Records with any name or alias similar to `name` by trigrams: the condition the trigram index serves. */
const nameIsSimilar = (name: string) =>
  sql<boolean>`exists (select 1 from nominal_name nn where nn.nominal_id = n.id and vigil_fold(nn.given_names || ' ' || nn.family_name) % vigil_fold(${name}))`;

/** The given records as summaries, best name match first (candidates are found first, then scored). */
async function rankByName(db: Q, ids: string[], name: string, limit: number): Promise<NominalSummary[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('nominal as n')
    .innerJoin('unit', 'unit.id', 'n.owning_unit_id')
    .select([
      ...summaryColumns,
      'n.status',
      name
        ? sql<number>`(select max(similarity(vigil_fold(nn.given_names || ' ' || nn.family_name), vigil_fold(${name}))) from nominal_name nn where nn.nominal_id = n.id)`.as('score')
        : sql<number>`1`.as('score'),
    ])
    .where('n.id', '=', sql<string>`any(${ids}::uuid[])`)
    .orderBy('score', 'desc')
    .orderBy('n.family_name')
    .orderBy('n.given_names')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, score: Number(r.score ?? 0) }));
}

// Enough candidates to rank for any real name; a search wider than this should be narrowed.
const CANDIDATES = 2_000;

/**
 * Records the reader may see that look like the given person: any name or alias
 * similar by trigrams (pg_trgm), or the same date of birth with a family name
 * starting the same way, or a shared identifier. Scoped in SQL to what the reader may read.
 */
export async function findSimilar(
  db: Q,
  reader: Reader,
  who: { fullName: string; familyName?: string; dateOfBirth?: string | null; nominalIds?: string[] },
  limit = 20,
): Promise<NominalSummary[]> {
  const name = who.fullName.trim();
  const candidates = await db
    .selectFrom('nominal as n')
    .select('n.id')
    .where('n.id', 'in', readableNominalIds(db, reader))
    .where((eb) =>
      eb.or([
        nameIsSimilar(name),
        ...(who.dateOfBirth && who.familyName
          ? [eb.and([eb('n.date_of_birth', '=', who.dateOfBirth), sql<boolean>`left(vigil_fold(n.family_name), 1) = left(vigil_fold(${who.familyName}), 1)`])]
          : []),
        ...(who.nominalIds?.length ? [eb('n.id', 'in', who.nominalIds)] : []),
      ]),
    )
    .limit(CANDIDATES)
    .execute();
  return rankByName(db, candidates.map((c) => c.id), name, limit);
}

/**
 * A record with its names and identifiers and, for its summary card, the newest
 * photograph, MAPPA entry and risk assessment and the number of items of each
 * kind the reader may see: one statement, because every view of a record runs it
 * (compiled once per variant, and prepared on each connection: planning its
 * subselects cost PostgreSQL several times more than running them).
 */
const detailQuery = (includeRestricted: boolean) =>
  preparedQuery((db, id: string) => {
    const visible = includeRestricted ? sql`true` : sql`i.sensitivity = 'standard'`;
    return db
      .selectFrom('nominal as n')
      .innerJoin('unit', 'unit.id', 'n.owning_unit_id')
      .innerJoin('agency', 'agency.id', 'unit.agency_id')
      .innerJoin('app_user as m', 'm.id', 'n.managing_officer_id')
      .select([
        ...summaryColumns,
        'n.status',
        'n.merged_into_id as mergedIntoId',
        'n.gender',
        'n.version',
        'n.wanted_since as wantedSince',
        'n.missing_since as missingSince',
        'agency.id as owningAgencyId',
        'agency.name as owningAgencyName',
        'm.display_name as managingOfficerName',
        sql<{ id: string; nameType: 'primary' | 'alias' | 'previous'; familyName: string; givenNames: string }[]>`coalesce((select json_agg(json_build_object('id', nn.id, 'nameType', nn.name_type, 'familyName', nn.family_name, 'givenNames', nn.given_names) order by nn.created_at) from nominal_name nn where nn.nominal_id = n.id), '[]')`.as('names'),
        sql<{ kind: IdentifierKind; value: string }[]>`coalesce((select json_agg(json_build_object('kind', ni.kind, 'value', ni.value) order by ni.kind) from nominal_identifier ni where ni.nominal_id = n.id), '[]')`.as('identifiers'),
        sql<{ kind: string; sensitivity: 'standard' | 'restricted'; data: Record<string, unknown> }[]>`coalesce((select json_agg(json_build_object('kind', s.kind, 'sensitivity', s.sensitivity, 'data', s.data)) from (select distinct on (i.kind) i.kind, i.sensitivity, i.data from nominal_item i where i.nominal_id = n.id and i.kind in ('photo', 'mappa', 'risk-assessment') and i.removed_at is null and ${visible} order by i.kind, i.updated_at desc) s), '[]')`.as('summaryItems'),
        sql<Record<string, number>>`coalesce((select json_object_agg(c.kind, c.n) from (select i.kind, count(*) as n from nominal_item i where i.nominal_id = n.id and i.removed_at is null and ${visible} group by i.kind) c), '{}')`.as('itemCounts'),
      ])
      .where('n.id', '=', id);
  });
const detailOf = { standard: detailQuery(false), restricted: detailQuery(true) };

export async function findNominalDetail(db: Q, id: string, includeRestricted = false) {
  const [n] = await detailOf[includeRestricted ? 'restricted' : 'standard'](db, id);
  return n;
}

export interface FindCriteria {
  q: string;
  dob: string | null;
  identifiers: { kind: IdentifierKind; value: string }[];
  unit: string;
}

/**
 * Find nominal: every given criterion must hold, among the records the reader
 * may read (scoped in SQL). Names match any name or alias with similar
 * spellings; a date of birth matches exactly, or with the day and month
 * swapped, or the same day and month a year either side: the usual mistakes.
 */
export async function searchNominals(db: Q, reader: Reader, c: FindCriteria, limit = 50): Promise<NominalSummary[]> {
  const name = c.q.trim();
  let q = db.selectFrom('nominal as n').select('n.id').where('n.id', 'in', readableNominalIds(db, reader));
  if (name) q = q.where(nameIsSimilar(name));
  if (c.dob) {
    const [y, m, d] = c.dob.split('-').map(Number) as [number, number, number];
    const swapped = d <= 12 && d !== m ? `${y}-${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}` : c.dob;
    q = q.where((eb) =>
      eb.or([
        eb('n.date_of_birth', 'in', [c.dob!, swapped]),
        eb.and([
          sql<boolean>`extract(month from n.date_of_birth) = ${m}`,
          sql<boolean>`extract(day from n.date_of_birth) = ${d}`,
          sql<boolean>`abs(extract(year from n.date_of_birth) - ${y}) <= 1`,
        ]),
      ]),
    );
  }
  if (c.identifiers.length) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('nominal_identifier as ni')
          .select('ni.nominal_id')
          .whereRef('ni.nominal_id', '=', 'n.id')
          .where((e2) => e2.or(c.identifiers.map((i) => e2.and([e2('ni.kind', '=', i.kind), e2('ni.value', '=', i.value)])))),
      ),
    );
  }
  if (c.unit) q = q.where('n.owning_unit_id', '=', c.unit);
  const candidates = await q.limit(CANDIDATES).execute();
  return rankByName(db, candidates.map((r) => r.id), name, limit);
}
