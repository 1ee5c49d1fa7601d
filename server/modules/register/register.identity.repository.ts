import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { IdentifierKind } from './register.identifiers.ts';

type Q = Kysely<DB>;

export async function updateDetails(
  db: Q,
  id: string,
  d: { nominalType: DB['nominal']['nominal_type']; gender: DB['nominal']['gender']; dateOfBirth: string | null; wantedSince: string | null; missingSince: string | null },
) {
  await db
    .updateTable('nominal')
    .set({ nominal_type: d.nominalType, gender: d.gender, date_of_birth: d.dateOfBirth, wanted_since: d.wantedSince, missing_since: d.missingSince })
    .where('id', '=', id)
    .execute();
}

export async function currentDetails(db: Q, id: string) {
  return db
    .selectFrom('nominal')
    .select(['nominal_type as nominalType', 'gender', 'date_of_birth as dateOfBirth', 'wanted_since as wantedSince', 'missing_since as missingSince', 'family_name as familyName', 'given_names as givenNames'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** A new current name: the old one stays, as a previous name, and the record's own name changes. */
export async function addName(db: Q, id: string, n: { nameType: 'alias' | 'previous' | 'primary'; familyName: string; givenNames: string }, at: Date) {
  if (n.nameType === 'primary') {
    await db.updateTable('nominal_name').set({ name_type: 'previous' }).where('nominal_id', '=', id).where('name_type', '=', 'primary').execute();
    await db.updateTable('nominal').set({ family_name: n.familyName, given_names: n.givenNames }).where('id', '=', id).execute();
  }
  const row = await db.insertInto('nominal_name').values({ nominal_id: id, name_type: n.nameType, family_name: n.familyName, given_names: n.givenNames, created_at: at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Removes an alias or previous name; the current name is changed, never removed. */
export async function removeName(db: Q, id: string, nameId: string): Promise<{ familyName: string; givenNames: string } | undefined> {
  return db
    .deleteFrom('nominal_name')
    .where('id', '=', nameId)
    .where('nominal_id', '=', id)
    .where('name_type', '<>', 'primary')
    .returning(['family_name as familyName', 'given_names as givenNames'])
    .executeTakeFirst();
}

export async function identifierHolder(db: Q, kind: IdentifierKind, value: string) {
  return db.selectFrom('nominal_identifier').select('nominal_id').where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
}

export async function addIdentifier(db: Q, id: string, kind: IdentifierKind, value: string, at: Date) {
  await db.insertInto('nominal_identifier').values({ nominal_id: id, kind, value, created_at: at }).execute();
}

export async function removeIdentifier(db: Q, id: string, kind: IdentifierKind, value: string): Promise<boolean> {
  const res = await db.deleteFrom('nominal_identifier').where('nominal_id', '=', id).where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
