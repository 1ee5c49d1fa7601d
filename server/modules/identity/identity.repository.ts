import { sql, type Kysely } from 'kysely';
import { preparedQuery } from '../../db/prepared.ts';
import type { AppUser, DB, NewAppUser } from '../../db/schema.ts';
import type { Actor, Role } from '../../shared/context.ts';

type Q = Kysely<DB>;

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string;
  status: 'active' | 'disabled';
  unitId: string;
  unitName: string;
  agencyId: string;
  agencyName: string;
  roles: Role[];
  mfaEnrolled: boolean;
  version: number;
}

export async function findUserByUsername(db: Q, username: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Q, id: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The actor for a session: the user, their unit's agency, their roles and, for the page header,
 * how many messages they have not read; only if active. One statement, compiled once and
 * prepared: every request runs it.
 */
const activeActor = preparedQuery((db, userId: string) =>
  db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'unit.agency_id',
      sql<Role[]>`coalesce((select json_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '[]')`.as('roles'),
      sql<number>`(select count(*) from user_message m where m.user_id = u.id and m.read_at is null)`.as('unread'),
    ])
    .where('u.id', '=', userId)
    .where('u.status', '=', 'active'),
);

export async function findActiveActor(db: Q, userId: string): Promise<Actor | undefined> {
  const [row] = await activeActor(db, userId);
  if (!row) return undefined;
  return { userId: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, agencyId: row.agency_id, roles: row.roles, unreadMessages: Number(row.unread) };
}

function summaryQuery(db: Q) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .innerJoin('agency', 'agency.id', 'unit.agency_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name as displayName',
      'u.email',
      'u.status',
      'u.unit_id as unitId',
      'unit.name as unitName',
      'agency.id as agencyId',
      'agency.name as agencyName',
      'u.version',
      sql<boolean>`u.mfa_enrolled_at is not null`.as('mfaEnrolled'),
      sql<Role[]>`coalesce((select array_agg(r.role order by r.role) from user_role r where r.user_id = u.id), '{}')`.as(
        'roles',
      ),
    ]);
}

/** Users of one agency: administrators manage their own agency's people only. */
/** The people of one agency, or of every agency (null: a national administrator's list). */
export async function listUsersInAgency(db: Q, agencyId: string | null): Promise<UserSummary[]> {
  const q = summaryQuery(db);
  return (agencyId ? q.where('agency.id', '=', agencyId) : q).orderBy('u.display_name').execute();
}

export async function findUserInAgency(db: Q, id: string, agencyId: string | null): Promise<UserSummary | undefined> {
  let q = summaryQuery(db).where('u.id', '=', id);
  if (agencyId) q = q.where('agency.id', '=', agencyId);
  return q.executeTakeFirst();
}

export async function insertUser(db: Q, user: NewAppUser): Promise<string> {
  const row = await db.insertInto('app_user').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function usernameOrEmailTaken(db: Q, username: string, email: string) {
  return db
    .selectFrom('app_user')
    .select(['username', 'email'])
    .where((eb) => eb.or([eb('username', '=', username), eb('email', '=', email)]))
    .execute();
}

export async function replaceRoles(db: Q, userId: string, roles: Role[], grantedBy: string | null): Promise<void> {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length) {
    await db
      .insertInto('user_role')
      .values(roles.map((role) => ({ user_id: userId, role, granted_by: grantedBy })))
      .execute();
  }
}

/**
 * Applies a change only if the row is still at the version the editor saw.
 * Returns false when someone else changed it first.
 */
export async function updateUserAtVersion(
  db: Q,
  id: string,
  version: number,
  changes: Partial<Pick<AppUser, 'status' | 'disabled_at' | 'mfa_secret_enc' | 'mfa_enrolled_at' | 'mfa_last_step'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPassword(db: Q, id: string, passwordHash: string, changeRequired: boolean, at: Date) {
  await db
    .updateTable('app_user')
    .set({
      password_hash: passwordHash,
      password_change_required: changeRequired,
      password_changed_at: at,
      updated_at: at,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}

export async function setMfa(db: Q, id: string, secretSealed: string | null, at: Date | null, lastStep: number | null) {
  await db
    .updateTable('app_user')
    .set({ mfa_secret_enc: secretSealed, mfa_enrolled_at: at, mfa_last_step: lastStep, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Moves the last accepted TOTP step forward; false if a concurrent request used it first. */
export async function advanceMfaStep(db: Q, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ mfa_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Q, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  if (hashes.length) {
    await db
      .insertInto('recovery_code')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
  }
}

/** Marks an unused recovery code as used; false if there was none. */
export async function useRecoveryCode(db: Q, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('recovery_code')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Q, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends every stored session of a user (sign-out everywhere, disablement). */
export async function deleteSessionsOf(db: Q, userId: string): Promise<void> {
  await db
    .deleteFrom('user_session')
    .where(sql<string>`sess->>'userId'`, '=', userId)
    .execute();
}
