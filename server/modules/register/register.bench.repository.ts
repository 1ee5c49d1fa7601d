import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/schema.ts';

/** For `vigil bench register`: the records each signed-in bench user may read, by the SQL scoping. */
export async function sampleReadable(db: Kysely<DB>, userId: string, unitId: string, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select n.id from nominal n
    where (n.owning_unit_id = ${unitId} or exists (select 1 from nominal_relationship p where p.nominal_id = n.id and p.unit_id = ${unitId}))
      and not exists (select 1 from nominal_exclusion x where x.nominal_id = n.id and x.user_id = ${userId})
      and (not exists (select 1 from nominal_restriction r where r.nominal_id = n.id)
           or exists (select 1 from nominal_restriction r where r.nominal_id = n.id and r.user_id = ${userId}))
    order by md5(n.id::text) limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** A plain copy of the access log's table (same columns and indexes, no generated columns) for the raw side. */
export async function createRawLogTable(db: Kysely<DB>) {
  await sql`create table bench_raw_log (like audit_entry including defaults including identity including indexes)`.execute(db);
}

/**
 * The raw side of the comparison: the rows the record page shows, read by hand-written SQL in one
 * transaction (the reader's clearance, the record with its unit, agency and manager, its names,
 * identifiers, partner units, exclusions and restrictions, the summary items and the item counts),
 * and one access-log-like row inserted. No framework, no policy engine, no page.
 */
export async function rawRecordView(client: pg.PoolClient, userId: string, nominalId: string, canonical: string) {
  await client.query('begin');
  try {
    await client.query('select level, granted_at, expires_at, withdrawn_at from clearance where user_id = $1', [userId]);
    await client.query(
      `select n.*, u.name as unit_name, a.id as agency_id, a.name as agency_name, m.display_name as manager
       from nominal n join unit u on u.id = n.owning_unit_id join agency a on a.id = u.agency_id join app_user m on m.id = n.managing_officer_id
       where n.id = $1`,
      [nominalId],
    );
    await client.query('select unit_id, role from nominal_relationship where nominal_id = $1', [nominalId]);
    await client.query('select user_id from nominal_exclusion where nominal_id = $1', [nominalId]);
    await client.query('select user_id from nominal_restriction where nominal_id = $1', [nominalId]);
    await client.query('select name_type, family_name, given_names from nominal_name where nominal_id = $1 order by created_at', [nominalId]);
    await client.query('select kind, value from nominal_identifier where nominal_id = $1 order by kind', [nominalId]);
    await client.query(
      `select distinct on (kind) id, kind, data, sensitivity, version, updated_at from nominal_item
       where nominal_id = $1 and kind in ('photo', 'mappa', 'risk-assessment') and removed_at is null order by kind, updated_at desc`,
      [nominalId],
    );
    await client.query('select kind, count(*) from nominal_item where nominal_id = $1 and removed_at is null group by kind', [nominalId]);
    await client.query(
      `insert into bench_raw_log (canonical, recorded_at, kind, action, actor_user_id, subject_type, subject_id, purpose_code, decision, policy_ids, break_glass, correlation_id)
       values ($1, now(), 'consultation', 'register.nominal-viewed', $2, 'nominal', $3, 'case-management', 'allowed', '{register.owning-unit-read}', false, $4)`,
      [canonical, userId, nominalId, nominalId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
