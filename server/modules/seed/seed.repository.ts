import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

export async function usersByName(db: Q, usernames: string[]): Promise<Map<string, string>> {
  if (!usernames.length) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', usernames).execute();
  return new Map(rows.map((r) => [r.username, r.id]));
}

export interface NewSeedUser {
  username: string;
  display_name: string;
  email: string;
  unit_id: string;
  password_hash: string;
  password_change_required: boolean;
  is_demo: boolean;
  mfa_secret_enc: string | null;
  mfa_enrolled_at: Date | null;
}

export async function insertUsers(db: Q, rows: NewSeedUser[]): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  const out = await db.insertInto('app_user').values(rows).returning(['id', 'username']).execute();
  return new Map(out.map((r) => [r.username, r.id]));
}

export async function insertRoles(db: Q, rows: { user_id: string; role: string }[]) {
  if (rows.length) await db.insertInto('user_role').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

export async function insertClearances(db: Q, rows: { user_id: string; level: 'NPPV3'; granted_at: Date; expires_at: Date }[]) {
  if (rows.length) await db.insertInto('clearance').values(rows).onConflict((oc) => oc.column('user_id').doNothing()).execute();
}

/** Rows of one table, in chunks that keep each statement well under the driver's parameter limit. */
export async function insertRows<T extends keyof DB>(db: Q, table: T, rows: readonly Insertable<DB[T]>[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto(table).values(rows.slice(i, i + 500) as never).execute();
}

export async function registerIsEmpty(db: Q): Promise<boolean> {
  return !(await db.selectFrom('nominal').select('id').limit(1).executeTakeFirst());
}

/** Practitioners and managers with their unit: who may own and manage the records a large seed adds. */
export async function registerOfficers(db: Q) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .select(['u.id as userId', 'u.display_name as displayName', 'unit.id as unitId', 'agency.id as agencyId', 'agency.code as agencyCode', 'agency.kind as kind'])
    .where('u.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('user_role as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', 'in', ['practitioner', 'manager'])))
    .orderBy('u.username')
    .execute();
}

/** `n` register reference numbers, taken from the same sequence as records created one by one. */
export async function reserveReferenceNumbers(db: Q, n: number): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`select nextval('nominal_reference_seq')::int as n from generate_series(1, ${n})`.execute(db);
  return rows.map((r) => r.n);
}

type Column = readonly [name: string, type: 'uuid' | 'text' | 'date' | 'int' | 'timestamptz' | 'jsonb' | 'bool'];

/**
 * Many rows in one statement: the rows as one JSON document, turned back into rows by
 * jsonb_to_recordset. Thousands of rows cost one round trip, one parse and no per-value
 * escaping, which is what keeps the demo and the large register fast to load.
 */
async function bulk(db: Q, table: string, columns: readonly Column[], rows: readonly object[], suffix = '') {
  const CHUNK = 5_000;
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  const shape = sql.raw(columns.map(([name, type]) => `${name} ${type === 'int' ? 'integer' : type === 'bool' ? 'boolean' : type}`).join(', '));
  for (let start = 0; start < rows.length; start += CHUNK) {
    const json = JSON.stringify(rows.slice(start, start + CHUNK));
    await sql`insert into ${sql.raw(table)} (${names}) select ${names} from jsonb_to_recordset(${json}::jsonb) as x(${shape}) ${sql.raw(suffix)}`.execute(db);
  }
}

export interface NominalRow {
  id: string;
  reference: string;
  nominal_type: string;
  status: string;
  family_name: string;
  given_names: string;
  date_of_birth: string;
  gender: string;
  owning_unit_id: string;
  managing_officer_id: string;
  wanted_since: string | null;
  missing_since: string | null;
}

export interface ItemRow {
  id: string;
  nominal_id: string;
  kind: string;
  sensitivity: 'standard' | 'restricted';
  data: Record<string, unknown>;
  version: number;
  created_by: string;
  created_at: Date;
  /** When the current version was written; the creation time if it is the first. */
  updated_at?: Date;
}

export interface ItemHistoryRow {
  item_id: string;
  version: number;
  data: Record<string, unknown>;
  sensitivity: string;
  changed_at: Date;
  changed_by: string;
}

export interface RegisterBatch {
  nominals: NominalRow[];
  names: { nominal_id: string; name_type: string; family_name: string; given_names: string }[];
  identifiers: { nominal_id: string; kind: string; value: string }[];
  relationships: { nominal_id: string; unit_id: string; role: string }[];
  exclusions: { nominal_id: string; user_id: string; message: string }[];
  restrictions: { nominal_id: string; user_id: string; message: string }[];
  /** Photographs: the bytes as base64, decoded by the database. */
  files: { id: string; nominal_id: string; content_type: 'image/png'; byte_size: number; sha256: string; content: string; created_by: string }[];
  items: ItemRow[];
  /** Versions before each item's current one. */
  history: ItemHistoryRow[];
}

export async function insertRegisterBatch(db: Q, b: RegisterBatch) {
  await bulk(db, 'nominal', [['id', 'uuid'], ['reference', 'text'], ['nominal_type', 'text'], ['status', 'text'], ['family_name', 'text'], ['given_names', 'text'], ['date_of_birth', 'date'], ['gender', 'text'], ['owning_unit_id', 'uuid'], ['managing_officer_id', 'uuid'], ['wanted_since', 'date'], ['missing_since', 'date']], b.nominals);
  await bulk(db, 'nominal_name', [['nominal_id', 'uuid'], ['name_type', 'text'], ['family_name', 'text'], ['given_names', 'text']], b.names);
  // A number someone already typed into a real record stays theirs: the synthetic copy is dropped.
  await bulk(db, 'nominal_identifier', [['nominal_id', 'uuid'], ['kind', 'text'], ['value', 'text']], b.identifiers, 'on conflict do nothing');
  await bulk(db, 'nominal_relationship', [['nominal_id', 'uuid'], ['unit_id', 'uuid'], ['role', 'text']], b.relationships);
  await bulk(db, 'nominal_exclusion', [['nominal_id', 'uuid'], ['user_id', 'uuid'], ['message', 'text']], b.exclusions);
  await bulk(db, 'nominal_restriction', [['nominal_id', 'uuid'], ['user_id', 'uuid'], ['message', 'text']], b.restrictions);
  for (let start = 0; start < b.files.length; start += 1_000) {
    const json = JSON.stringify(b.files.slice(start, start + 1_000));
    await sql`
      insert into nominal_file (id, nominal_id, content_type, byte_size, sha256, content, created_by)
      select id, nominal_id, content_type, byte_size, sha256, decode(content, 'base64'), created_by
      from jsonb_to_recordset(${json}::jsonb) as x(id uuid, nominal_id uuid, content_type text, byte_size integer, sha256 text, content text, created_by uuid)`.execute(db);
  }
  // Each item's current version goes into its history by the same statement, as the register's
  // own writes do; earlier versions (MAPPA's past levels) come in the batch.
  const items = b.items.map((i) => ({ ...i, updated_by: i.created_by, updated_at: i.updated_at ?? i.created_at }));
  for (let start = 0; start < items.length; start += 5_000) {
    const json = JSON.stringify(items.slice(start, start + 5_000));
    await sql`
      with i as (
        insert into nominal_item (id, nominal_id, kind, sensitivity, data, version, created_by, created_at, updated_by, updated_at)
        select id, nominal_id, kind, sensitivity, data, version, created_by, created_at, updated_by, updated_at
        from jsonb_to_recordset(${json}::jsonb) as x(id uuid, nominal_id uuid, kind text, sensitivity text, data jsonb, version integer,
          created_by uuid, created_at timestamptz, updated_by uuid, updated_at timestamptz)
        returning id, version, data, sensitivity, updated_at, updated_by)
      insert into nominal_item_history (item_id, version, data, sensitivity, changed_at, changed_by)
      select id, version, data, sensitivity, updated_at, updated_by from i`.execute(db);
  }
  await bulk(db, 'nominal_item_history', [['item_id', 'uuid'], ['version', 'int'], ['data', 'jsonb'], ['sensitivity', 'text'], ['changed_at', 'timestamptz'], ['changed_by', 'uuid']], b.history);
}

export async function registerCounts(db: Q) {
  const { rows } = await sql<{ nominals: number; names: number; identifiers: number; relationships: number; items: number }>`
    select (select count(*) from nominal)::int as nominals, (select count(*) from nominal_name)::int as names,
      (select count(*) from nominal_identifier)::int as identifiers, (select count(*) from nominal_relationship)::int as relationships,
      (select count(*) from nominal_item)::int as items`.execute(db);
  return rows[0]!;
}

/** After a bulk load the planner needs fresh statistics, or the first record pages plan badly. */
export async function analyse(db: Q) {
  await sql`analyze nominal, nominal_name, nominal_identifier, nominal_relationship, nominal_exclusion, nominal_restriction, nominal_item, nominal_item_history`.execute(db);
}
