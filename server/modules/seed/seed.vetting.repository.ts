import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { insertRows } from './seed.repository.ts';

type Q = Kysely<DB>;

/** The demo vetting service in rows, inserted table by table (as the register's demo batch is) to keep the demo load quick. */
export interface VettingBatch {
  users: Insertable<DB['app_user']>[];
  roles: Insertable<DB['user_role']>[];
  applications: Insertable<DB['vetting_application']>[];
  events: Insertable<DB['vetting_application_event']>[];
  answers: Insertable<DB['vetting_answer']>[];
  decisions: Insertable<DB['vetting_decision']>[];
  appeals: Insertable<DB['vetting_appeal']>[];
  overrides: Insertable<DB['vetting_override']>[];
  clearances: Insertable<DB['clearance']>[];
  equality: Insertable<DB['equality_response']>[];
  objections: Insertable<DB['equality_objection']>[];
}

/** `n` application references from the service's own sequence, in one statement. */
export async function reserveVettingReferences(db: Q, n: number): Promise<string[]> {
  const { rows } = await sql<{ n: number }>`select nextval('vetting_reference_seq') as n from generate_series(1, ${n})`.execute(db);
  return rows.map((r) => `VET-${String(r.n).padStart(6, '0')}`);
}

export async function insertVettingBatch(db: Q, b: VettingBatch): Promise<void> {
  const put = <T extends keyof DB>(table: T, rows: Insertable<DB[T]>[]) => insertRows(db, table, rows);
  await put('app_user', b.users);
  await put('user_role', b.roles);
  await put('vetting_application', b.applications);
  await put('vetting_application_event', b.events);
  await put('vetting_answer', b.answers);
  await put('vetting_decision', b.decisions);
  await put('vetting_appeal', b.appeals);
  await put('vetting_override', b.overrides);
  await put('clearance', b.clearances);
  await put('equality_response', b.equality);
  await put('equality_objection', b.objections);
}
