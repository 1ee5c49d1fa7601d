import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Sensitivity } from './register.items.ts';

type Q = Kysely<DB>;

export interface NewItem {
  nominalId: string;
  kind: string;
  sensitivity: Sensitivity;
  data: Record<string, unknown>;
  userId: string | null;
  at: Date;
}

/** Adds items (one or many, in one statement each for items and history): how forms, the API and the seed add them. */
export async function insertItems(db: Q, items: NewItem[]): Promise<string[]> {
  if (!items.length) return [];
  const rows = await db
    .insertInto('nominal_item')
    .values(
      items.map((i) => ({
        nominal_id: i.nominalId,
        kind: i.kind,
        sensitivity: i.sensitivity,
        data: JSON.stringify(i.data),
        created_at: i.at,
        created_by: i.userId,
        updated_at: i.at,
        updated_by: i.userId,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('nominal_item_history')
    .values(items.map((i, k) => ({ item_id: rows[k]!.id, version: 1, data: JSON.stringify(i.data), sensitivity: i.sensitivity, changed_at: i.at, changed_by: i.userId })))
    .execute();
  return rows.map((r) => r.id);
}

export interface ItemRow {
  id: string;
  kind: string;
  sensitivity: Sensitivity;
  data: Record<string, unknown>;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

const itemColumns = [
  'i.id',
  'i.kind',
  'i.sensitivity',
  'i.data',
  'i.version',
  'i.updated_at as updatedAt',
  'u.display_name as updatedByName',
] as const;

/** The record's current items of the given kinds; restricted ones only when the reader may see them. */
export async function listItems(db: Q, nominalId: string, kinds: string[], includeRestricted: boolean): Promise<ItemRow[]> {
  if (!kinds.length) return [];
  let q = db
    .selectFrom('nominal_item as i')
    .leftJoin('app_user as u', 'u.id', 'i.updated_by')
    .select(itemColumns)
    .where('i.nominal_id', '=', nominalId)
    .where('i.kind', 'in', kinds)
    .where('i.removed_at', 'is', null);
  if (!includeRestricted) q = q.where('i.sensitivity', '=', 'standard');
  return q.orderBy('i.kind').orderBy('i.updated_at', 'desc').execute();
}

export async function findItem(db: Q, nominalId: string, itemId: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom('nominal_item as i')
    .leftJoin('app_user as u', 'u.id', 'i.updated_by')
    .select(itemColumns)
    .where('i.id', '=', itemId)
    .where('i.nominal_id', '=', nominalId)
    .where('i.removed_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Changes an item if it is still at the version the editor saw. Returns the
 * new version, or undefined when someone else changed it first.
 */
export async function updateItem(db: Q, u: { id: string; expectedVersion: number; sensitivity: Sensitivity; data: Record<string, unknown>; userId: string; at: Date; remove?: boolean }) {
  const row = await db
    .updateTable('nominal_item')
    .set({
      data: JSON.stringify(u.data),
      sensitivity: u.sensitivity,
      version: sql`version + 1`,
      updated_at: u.at,
      updated_by: u.userId,
      ...(u.remove ? { removed_at: u.at } : {}),
    })
    .where('id', '=', u.id)
    .where('version', '=', u.expectedVersion)
    .where('removed_at', 'is', null)
    .returning('version')
    .executeTakeFirst();
  if (!row) return undefined;
  await db
    .insertInto('nominal_item_history')
    .values({ item_id: u.id, version: row.version, data: JSON.stringify(u.data), sensitivity: u.sensitivity, changed_at: u.at, changed_by: u.userId, removed: !!u.remove })
    .execute();
  return row.version;
}

/** Who last changed an item and when: what a stale editor is told. Removed items included. */
export async function lastChange(db: Q, itemId: string) {
  return db
    .selectFrom('nominal_item as i')
    .leftJoin('app_user as u', 'u.id', 'i.updated_by')
    .select(['i.updated_at as at', 'u.display_name as name', 'i.removed_at as removedAt', 'i.kind', 'i.nominal_id as nominalId', 'i.sensitivity'])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
}

/** Every version of an item, newest first, with who made it. */
export async function itemHistory(db: Q, itemId: string) {
  return db
    .selectFrom('nominal_item_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.changed_by')
    .select(['h.version', 'h.data', 'h.sensitivity', 'h.changed_at as changedAt', 'h.removed', 'u.display_name as changedByName'])
    .where('h.item_id', '=', itemId)
    .orderBy('h.version', 'desc')
    .execute();
}

/** How many current items of each kind the reader can see: the sub-navigation's counts. */
export async function itemCounts(db: Q, nominalId: string, includeRestricted: boolean): Promise<Record<string, number>> {
  let q = db
    .selectFrom('nominal_item')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('nominal_id', '=', nominalId)
    .where('removed_at', 'is', null);
  if (!includeRestricted) q = q.where('sensitivity', '=', 'standard');
  const rows = await q.groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export async function insertFile(db: Q, f: { nominalId: string; contentType: DB['nominal_file']['content_type']; content: Buffer; sha256: string; userId: string; at: Date }) {
  const row = await db
    .insertInto('nominal_file')
    .values({ nominal_id: f.nominalId, content_type: f.contentType, byte_size: f.content.length, sha256: f.sha256, content: f.content, created_by: f.userId, created_at: f.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A file with the sensitivity of the item that holds it. A file no current
 * item refers to is not served: it was replaced or removed.
 */
export async function findFile(db: Q, nominalId: string, fileId: string) {
  return db
    .selectFrom('nominal_file as f')
    .innerJoin('nominal_item as i', (j) => j.onRef('i.nominal_id', '=', 'f.nominal_id').on(sql<boolean>`i.data ->> 'fileId' = f.id::text`).on('i.removed_at', 'is', null))
    .select(['f.id', 'f.content_type as contentType', 'f.content', 'f.byte_size as byteSize', 'i.sensitivity', 'i.kind'])
    .where('f.id', '=', fileId)
    .where('f.nominal_id', '=', nominalId)
    .executeTakeFirst();
}

/** The few facts a record's sub-pages show at the top. */
export async function nominalHeading(db: Q, nominalId: string) {
  return db
    .selectFrom('nominal as n')
    .innerJoin('unit', 'unit.id', 'n.owning_unit_id')
    .select(['n.id', 'n.reference', 'n.family_name as familyName', 'n.given_names as givenNames', 'n.status', 'n.nominal_type as nominalType', 'unit.agency_id as owningAgencyId'])
    .where('n.id', '=', nominalId)
    .executeTakeFirst();
}
