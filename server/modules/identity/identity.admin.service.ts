import { randomInt } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { badRequest, conflict, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { grantableRoles, isAdministrator, NATIONAL_ROLES, ROLE_NAMES, type RequestContext, type Role } from '../../shared/context.ts';
import { notifyUser } from '../messages/messages.ts';
import { parseInput } from '../../shared/validation.ts';
import * as org from './identity.organisation.repository.ts';
import { hashPassword } from './identity.passwords.ts';
import * as users from './identity.repository.ts';
import { CreateUserSchema, UpdateRolesSchema, UserIdSchema, VersionSchema } from './identity.schemas.ts';

const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for a new account: 20 characters, shown once, changed at first sign-in. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 20 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/**
 * Administrators manage the people of their own agency; a national administrator, and the
 * operator's commands (`vigil user ...`), which act for the system, manage any agency.
 */
function adminScope(ctx: RequestContext): string | null {
  if (ctx.system) return null;
  if (!ctx.actor) throw unauthenticated();
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators can manage user accounts.');
  return ctx.actor.roles.includes('national-administrator') ? null : ctx.actor.agencyId;
}

/** Whether a change touches a role that only a national administrator may grant. */
const national = (from: readonly Role[], to: readonly Role[]) =>
  [...from, ...to].some((r) => NATIONAL_ROLES.includes(r) && from.includes(r) !== to.includes(r));

const names = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join(', ');

/**
 * The roles a person will hold after an administrator's change. Roles the administrator may not
 * grant are kept as they were (their form does not offer them); asking for one they do not hold
 * is refused, naming who can grant it.
 */
function rolesAfterChange(ctx: RequestContext, current: readonly Role[], asked: readonly Role[]): Role[] {
  if (ctx.system) return [...asked];
  const grantable = grantableRoles(ctx.actor);
  const refused = asked.filter((r) => !grantable.includes(r) && !current.includes(r));
  if (refused.length) {
    const message = `Only a national administrator can grant the ${names(refused)} role${refused.length > 1 ? 's' : ''}. Ask them, or untick it.`;
    throw badRequest('role-not-grantable', message, [{ field: 'roles', message }]);
  }
  const kept = current.filter((r) => !grantable.includes(r));
  return [...new Set([...asked.filter((r) => grantable.includes(r)), ...kept])];
}

/** Every change of a person's roles is told to them, in Vigil, with who made it. */
async function tellRolesChanged(tx: Tx, userId: string, from: readonly Role[], to: readonly Role[]) {
  const added = to.filter((r) => !from.includes(r));
  const removed = from.filter((r) => !to.includes(r));
  if (!added.length && !removed.length) return;
  const by = tx.ctx.actor ? `${tx.ctx.actor.displayName} (administrator)` : 'the service operator';
  const lines = [added.length ? `Added: ${names(added)}.` : '', removed.length ? `Removed: ${names(removed)}.` : ''].filter(Boolean);
  await notifyUser(tx, {
    type: 'roles-changed',
    userId,
    subject: 'Your roles in Vigil have changed',
    body: `${lines.join(' ')} The change was made by ${by}. If you did not expect it, tell your data protection officer.`,
    link: '/account',
  });
}

export function createAdminService(database: Database) {
  const { db } = database;

  async function loadVisible(tx: Tx, ctx: RequestContext, rawId: unknown) {
    const scope = adminScope(ctx);
    const id = UserIdSchema.safeParse(rawId);
    // An id that is malformed or outside the administrator's agency is simply not found.
    const user = id.success ? await users.findUserInAgency(tx.db, id.data, scope) : undefined;
    if (!user) throw notFound('No user was found with that reference in your agency.');
    return user;
  }

  function staleMessage(name: string) {
    return `${name}'s account was changed by someone else while you were looking at it. Review the latest details and try again.`;
  }

  async function changeStatus(ctx: RequestContext, id: unknown, input: unknown, to: 'active' | 'disabled') {
    const { version } = parseInput(VersionSchema, input);
    return withTransaction(database, ctx, async (tx) => {
      const user = await loadVisible(tx, ctx, id);
      if (ctx.actor?.userId === user.id && to === 'disabled') {
        throw badRequest('cannot-disable-self', 'You cannot disable your own account. Ask another administrator.');
      }
      const ok = await users.updateUserAtVersion(tx.db, user.id, version, {
        status: to,
        disabled_at: to === 'disabled' ? ctx.now : null,
      });
      if (!ok) throw conflict('stale-edit', staleMessage(user.displayName));
      if (to === 'disabled') await users.deleteSessionsOf(tx.db, user.id);
      await tx.record({
        type: to === 'disabled' ? 'admin.user-disabled' : 'admin.user-enabled',
        subjectType: 'user',
        subjectId: user.id,
        log: { changes: [{ field: 'status', old: user.status, new: to }], purposeCode: 'account-management' },
      });
      return user;
    });
  }

  return {
    /** The agency's people: a list that reveals people, so one consultation entry. */
    async listUsers(ctx: RequestContext) {
      const scope = adminScope(ctx);
      return withTransaction(database, ctx, async (tx) => {
        const list = await users.listUsersInAgency(tx.db, scope);
        await tx.log({ kind: 'consultation', action: 'admin.users-listed', subjectType: 'user-list', subjectId: scope ?? 'all-agencies', purposeCode: 'account-management' });
        return list;
      });
    },

    /** One person's account. A refusal is logged too, with the real reason, though the answer is "not found". */
    async getUser(ctx: RequestContext, id: unknown) {
      const scope = adminScope(ctx);
      const parsed = UserIdSchema.safeParse(id);
      const user = await withTransaction(database, ctx, async (tx) => {
        const found = parsed.success ? await users.findUserInAgency(tx.db, parsed.data, scope) : undefined;
        await tx.log({
          kind: 'consultation',
          action: 'admin.user-viewed',
          subjectType: 'user',
          subjectId: parsed.success ? parsed.data : undefined,
          purposeCode: 'account-management',
          decision: found ? 'allowed' : 'denied',
          policyIds: [found ? 'identity.admin-own-agency' : 'identity.admin-other-agency-or-unknown'],
        });
        return found;
      });
      if (!user) throw notFound('No user was found with that reference in your agency.');
      return user;
    },

    async unitsForNewUser(ctx: RequestContext) {
      const scope = adminScope(ctx);
      return org.listUnits(db, scope ?? undefined);
    },

    /** Creates an account with a temporary password, which is returned once and never stored in clear. */
    async createUser(ctx: RequestContext, input: unknown): Promise<{ userId: string; temporaryPassword: string }> {
      const scope = adminScope(ctx);
      const data = parseInput(CreateUserSchema, input);
      const roles = rolesAfterChange(ctx, [], data.roles);
      const unit = await org.findUnit(db, data.unitId);
      if (!unit || (scope && unit.agencyId !== scope)) {
        throw badRequest('invalid-input', 'Select a unit in your agency', [{ field: 'unitId', message: 'Select a unit in your agency' }]);
      }
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const userId = await withTransaction(database, ctx, async (tx) => {
        const taken = await users.usernameOrEmailTaken(tx.db, data.username, data.email);
        const errors = [];
        if (taken.some((t) => t.username.toLowerCase() === data.username)) {
          errors.push({ field: 'username', message: 'That username is already in use. Choose another' });
        }
        if (taken.some((t) => t.email.toLowerCase() === data.email)) {
          errors.push({ field: 'email', message: 'An account with that email address already exists' });
        }
        if (errors.length) throw badRequest('invalid-input', errors[0]!.message, errors);
        const id = await users.insertUser(tx.db, {
          username: data.username,
          display_name: data.displayName,
          email: data.email,
          unit_id: unit.id,
          password_hash: passwordHash,
          password_change_required: true,
        });
        await users.replaceRoles(tx.db, id, roles, ctx.actor?.userId ?? null);
        await tx.record({ type: 'admin.user-created', subjectType: 'user', subjectId: id, payload: { roles, unitId: unit.id } });
        await tellRolesChanged(tx, id, [], roles);
        return id;
      });
      return { userId, temporaryPassword: password };
    },

    async updateRoles(ctx: RequestContext, id: unknown, input: unknown) {
      const data = parseInput(UpdateRolesSchema, input);
      return withTransaction(database, ctx, async (tx) => {
        const user = await loadVisible(tx, ctx, id);
        // Nobody changes their own roles, in either direction: another administrator must.
        if (ctx.actor?.userId === user.id) {
          throw badRequest('cannot-change-own-roles', 'You cannot change your own roles. Ask another administrator.');
        }
        const roles = rolesAfterChange(ctx, user.roles, data.roles as Role[]);
        if (!(await users.updateUserAtVersion(tx.db, user.id, data.version, {}))) {
          throw conflict('stale-edit', staleMessage(user.displayName));
        }
        await users.replaceRoles(tx.db, user.id, roles, ctx.actor?.userId ?? null);
        await tx.record({
          type: 'admin.roles-changed',
          subjectType: 'user',
          subjectId: user.id,
          payload: { from: user.roles, to: roles },
          log: { changes: [{ field: 'roles', old: user.roles, new: roles }], purposeCode: 'account-management', policyIds: [national(user.roles, roles) ? 'identity.national-roles-by-national-administrator' : 'identity.admin-own-agency'] },
        });
        await tellRolesChanged(tx, user.id, user.roles, roles);
        return user;
      });
    },

    disableUser: (ctx: RequestContext, id: unknown, input: unknown) => changeStatus(ctx, id, input, 'disabled'),
    enableUser: (ctx: RequestContext, id: unknown, input: unknown) => changeStatus(ctx, id, input, 'active'),

    /** Removes the authenticator and recovery codes: the user enrols again at next sign-in. */
    async resetMfa(ctx: RequestContext, id: unknown, input: unknown) {
      const { version } = parseInput(VersionSchema, input);
      return withTransaction(database, ctx, async (tx) => {
        const user = await loadVisible(tx, ctx, id);
        const ok = await users.updateUserAtVersion(tx.db, user.id, version, {
          mfa_secret_enc: null,
          mfa_enrolled_at: null,
          mfa_last_step: null,
        });
        if (!ok) throw conflict('stale-edit', staleMessage(user.displayName));
        await users.replaceRecoveryCodes(tx.db, user.id, []);
        await users.deleteSessionsOf(tx.db, user.id);
        await tx.record({ type: 'admin.mfa-reset', subjectType: 'user', subjectId: user.id });
        return user;
      });
    },

    /** For the operator's commands, which name people by username; read like any other view of an account. */
    async findByUsername(ctx: RequestContext, username: string) {
      adminScope(ctx);
      const user = await users.findUserByUsername(db, username.trim().toLowerCase());
      if (!user) throw notFound(`No user has the username "${username}".`);
      return this.getUser(ctx, user.id);
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
