import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { badRequest, forbidden, notFound, unauthenticated } from '../../errors.ts';
import { hasRole, isAdministrator, type RequestContext } from '../../shared/context.ts';
import { notifyUser } from '../messages/messages.ts';
import { asArray, parseInput } from '../../shared/validation.ts';
import * as repo from './apiclient.repository.ts';
import { isUuid } from '../../shared/ids.ts';
import { operation, Refusal } from '../register/register.editing.ts';

export const API_SCOPES = ['audit:read', 'register:read', 'register:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Scopes that act on the register, and so need a user to act as. */
export const REGISTER_SCOPES = ['register:read', 'register:write'] as const satisfies readonly ApiScope[];

/**
 * What an administrator may grant. Reading the whole access log (audit:read) is the data
 * protection officer's business, so only the operator's command issues it.
 */
export const ADMIN_SCOPES = REGISTER_SCOPES;

export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'audit:read': 'Read the access log checkpoints and proofs (independent witnesses)',
  'register:read': 'Find and read register records, as the acting user may',
  'register:write': 'Create register records and change their items, as the acting user may',
};

/** How often, at most, a client's "last used" time is written. */
export const LAST_USED_EVERY_MS = 5 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function createSchema(scopes: readonly [ApiScope, ...ApiScope[]]) {
  return z.object({
    name: z
      .string({ error: 'Enter a name for the API client' })
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'Name must be 3 to 64 lower-case letters, numbers, dots, hyphens or underscores'),
    scopes: z.preprocess(asArray, z.array(z.enum(scopes, { error: `Scopes are: ${scopes.join(', ')}` }), { error: 'Select at least one scope' }).min(1, 'Select at least one scope')),
    days: z.coerce
      .number({ error: 'Enter how many days the token lasts, as a whole number' })
      .int('Enter how many days the token lasts, as a whole number')
      .min(1, 'A token lasts at least 1 day')
      .max(397, 'A token lasts at most 397 days'),
    actingUserId: z.string().trim().optional(),
    actingUsername: z.string().trim().optional(),
  });
}

const operatorSchema = createSchema(API_SCOPES);
const adminSchema = createSchema(ADMIN_SCOPES);

/**
 * The operator's commands manage every client. An administrator manages the clients
 * that act as a user of their own agency. Returns the agency scope (null: all).
 */
function adminScope(ctx: RequestContext): string | null {
  if (ctx.system) return null;
  if (!ctx.actor) throw unauthenticated();
  if (ctx.apiClient || !isAdministrator(ctx.actor)) throw forbidden('Only administrators can manage API clients.');
  return hasRole(ctx.actor, 'national-administrator') ? null : ctx.actor.agencyId;
}

export const CLIENT_NOT_FOUND = 'No API client was found with that reference in your agency.';

/** Machine clients (witnesses, other agencies' systems) with scoped, expiring bearer tokens, hashed at rest. */
export function createApiClientService(database: Database) {
  return {
    /** Issues a token, shown once. A client with register scopes acts as one active user of the agency. */
    async createClient(ctx: RequestContext, input: unknown): Promise<{ id: string; name: string; token: string; expiresAt: Date }> {
      const agencyId = adminScope(ctx);
      const data = parseInput(agencyId ? adminSchema : operatorSchema, input);
      const needsActor = data.scopes.some((s) => (REGISTER_SCOPES as readonly string[]).includes(s));
      const wantsActor = !!(data.actingUserId || data.actingUsername);
      if (needsActor && !wantsActor) {
        // The operator's command names the user; the page selects one.
        const message = agencyId ? 'Select the user this client acts as' : 'A client with register scopes acts as a user: give their username with --acting-user';
        throw badRequest('invalid-input', message, [{ field: 'actingUserId', message }]);
      }
      const token = `vgl_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(ctx.now.getTime() + data.days * 86_400_000);
      const id = await withTransaction(database, ctx, async (tx) => {
        if (await repo.clientNameTaken(tx.db, data.name)) {
          const message = `An API client called "${data.name}" already exists`;
          throw badRequest('invalid-input', message, [{ field: 'name', message }]);
        }
        let actingUserId: string | null = null;
        if (wantsActor) {
          const by = data.actingUserId ? { id: isUuid(data.actingUserId) ? data.actingUserId : undefined } : { username: data.actingUsername };
          const user = await repo.findActingUser(tx.db, by, agencyId);
          const message = agencyId ? 'Select an active user of your agency for this client to act as' : 'No active user has that username';
          if (!user) throw badRequest('invalid-input', message, [{ field: 'actingUserId', message }]);
          actingUserId = user.id;
        }
        // A client that acts as someone else works only once that person, or a second administrator,
        // approves it: an administrator cannot borrow a cleared colleague's access alone.
        const creator = ctx.actor?.userId ?? null;
        const needsApproval = !!actingUserId && !ctx.system && actingUserId !== creator;
        const id = await repo.insertClient(tx.db, {
          name: data.name,
          tokenHash: hashToken(token),
          scopes: data.scopes,
          expiresAt,
          actingUserId,
          createdBy: creator,
          approvedAt: needsApproval ? null : ctx.now,
          approvedBy: needsApproval ? null : creator,
        });
        await tx.record({
          type: 'admin.api-client-created',
          subjectType: 'api-client',
          subjectId: id,
          payload: { scopes: data.scopes, actingUserId, expiresAt: expiresAt.toISOString(), awaitingApproval: needsApproval },
          log: { purposeCode: 'account-management' },
        });
        if (needsApproval) {
          await notifyUser(tx, {
            type: 'api-client-approval',
            userId: actingUserId!,
            subject: `An API client is waiting for your approval: ${data.name}`,
            body: `${ctx.actor!.displayName} has issued an API client that would act as you, with your access to the register (${data.scopes.join(', ')}). It works only once you approve it. If you do not know why, refuse it and tell your data protection officer.`,
            link: '/account/api-clients',
          });
        }
        return id;
      });
      return { id, name: data.name, token, expiresAt };
    },

    /**
     * Approves a client that acts as a person: by that person, or by an administrator who did not
     * issue it. Anyone else: not found (or refused, for its issuer), logged with the real reason.
     */
    async approveClient(ctx: RequestContext, id: unknown, as: 'person' | 'administrator') {
      if (!ctx.actor || ctx.apiClient) throw unauthenticated();
      const scope = as === 'administrator' ? adminScope(ctx) : undefined;
      return operation(database, ctx, async (tx) => {
        const client = isUuid(id) ? await repo.findClient(tx.db, id, scope ?? null) : undefined;
        const actor = ctx.actor!;
        const denied = (policy: string, error = notFound(as === 'person' ? 'No API client acting as you was found with that reference.' : CLIENT_NOT_FOUND)) =>
          new Refusal(error, { kind: 'administration', action: 'admin.api-client-approved', subjectType: 'api-client', subjectId: client?.id, purposeCode: 'account-management', decision: 'denied', policyIds: [policy] });
        if (!client || !client.actingUserId) throw denied('apiclient.no-such-client');
        if (as === 'person' && client.actingUserId !== actor.userId) throw denied('apiclient.not-the-acting-user');
        if (as === 'administrator' && client.createdBy === actor.userId) {
          throw denied('apiclient.second-administrator', forbidden('You issued this client, so you cannot approve it too. The person it acts as, or another administrator, must approve it.'));
        }
        if (client.revokedAt) throw badRequest('already-revoked', `The API client "${client.name}" has been revoked: it cannot be approved.`);
        if (client.approvedAt || !(await repo.approveClient(tx.db, client.id, actor.userId, ctx.now))) {
          throw badRequest('already-approved', `The API client "${client.name}" has already been approved.`);
        }
        await tx.record({
          type: 'admin.api-client-approved',
          subjectType: 'api-client',
          subjectId: client.id,
          payload: { actingUserId: client.actingUserId, approvedBy: actor.userId },
          log: { purposeCode: 'account-management', policyIds: [as === 'person' ? 'apiclient.approved-by-acting-user' : 'apiclient.approved-by-second-administrator'], changes: [{ field: 'approved', old: false, new: true }] },
        });
        return client;
      });
    },

    /** Clients that act as the signed-in person: what they are asked to approve, and what acts as them. */
    async clientsActingAsMe(ctx: RequestContext) {
      if (!ctx.actor || ctx.apiClient) throw unauthenticated();
      const actor = ctx.actor;
      return withTransaction(database, ctx, async (tx) => {
        const clients = await repo.clientsActingAs(tx.db, actor.userId);
        await tx.log({ kind: 'consultation', action: 'account.api-clients-listed', subjectType: 'user', subjectId: actor.userId, purposeCode: 'account-management' });
        return clients;
      });
    },

    /** The person refuses a client that would act as them: it is revoked at once. */
    async refuseClient(ctx: RequestContext, id: unknown) {
      if (!ctx.actor || ctx.apiClient) throw unauthenticated();
      const actor = ctx.actor;
      return withTransaction(database, ctx, async (tx) => {
        const client = isUuid(id) ? await repo.findClient(tx.db, id, null) : undefined;
        if (!client || client.actingUserId !== actor.userId) throw notFound('No API client acting as you was found with that reference.');
        if (!(await repo.revokeClient(tx.db, client.id, actor.userId, ctx.now))) {
          throw badRequest('already-revoked', `The API client "${client.name}" has already been revoked`);
        }
        await tx.record({
          type: 'admin.api-client-revoked',
          subjectType: 'api-client',
          subjectId: client.id,
          payload: { refusedByActingUser: true },
          log: { purposeCode: 'account-management', policyIds: ['apiclient.refused-by-acting-user'], changes: [{ field: 'revoked', old: false, new: true }] },
        });
        return client;
      });
    },

    /** The agency's clients: their acting users are people, so the list is a logged consultation. */
    async listClients(ctx: RequestContext) {
      const agencyId = adminScope(ctx);
      return withTransaction(database, ctx, async (tx) => {
        const clients = await repo.listClients(tx.db, agencyId);
        await tx.log({ kind: 'consultation', action: 'admin.api-clients-listed', subjectType: 'api-client-list', subjectId: agencyId ?? undefined, purposeCode: 'account-management' });
        return clients;
      });
    },

    /** One client of the agency, or "not found" (as for another agency's). */
    async getClient(ctx: RequestContext, id: unknown) {
      const agencyId = adminScope(ctx);
      const client = await withTransaction(database, ctx, async (tx) => {
        const client = isUuid(id) ? await repo.findClient(tx.db, id, agencyId) : undefined;
        await tx.log({
          kind: 'consultation',
          action: 'admin.api-client-viewed',
          subjectType: 'api-client',
          subjectId: typeof id === 'string' ? id.slice(0, 64) : undefined,
          purposeCode: 'account-management',
          decision: client ? 'allowed' : 'denied',
        });
        return client;
      });
      if (!client) throw notFound('No API client was found with that reference in your agency.');
      return client;
    },

    /** Revokes a client's token at once: its next request is refused. */
    async revokeClient(ctx: RequestContext, id: unknown) {
      const agencyId = adminScope(ctx);
      return withTransaction(database, ctx, async (tx) => {
        const client = isUuid(id) ? await repo.findClient(tx.db, id, agencyId) : undefined;
        if (!client) throw notFound(CLIENT_NOT_FOUND);
        if (!(await repo.revokeClient(tx.db, client.id, ctx.actor?.userId ?? null, ctx.now))) {
          throw badRequest('already-revoked', `The API client "${client.name}" has already been revoked`);
        }
        await tx.record({
          type: 'admin.api-client-revoked',
          subjectType: 'api-client',
          subjectId: client.id,
          payload: {},
          log: { purposeCode: 'account-management', changes: [{ field: 'revoked', old: false, new: true }] },
        });
        return client;
      });
    },

    /** Active users of the agency whom a new client may act as. */
    async actingUserCandidates(ctx: RequestContext) {
      const agencyId = adminScope(ctx);
      return withTransaction(database, ctx, async (tx) => {
        const users = await repo.actingUserCandidates(tx.db, agencyId);
        await tx.log({ kind: 'consultation', action: 'admin.users-listed', subjectType: 'user-list', subjectId: agencyId ?? undefined, purposeCode: 'account-management' });
        return users;
      });
    },

    async authenticate(token: string, now: Date) {
      if (!/^vgl_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const client = await repo.findLiveClient(database.db, hashToken(token), now);
      if (!client) return undefined;
      const pending = !!client.actingUserId && !client.approvedAt;
      if (!pending && (!client.lastUsedAt || now.getTime() - client.lastUsedAt.getTime() > LAST_USED_EVERY_MS)) {
        await repo.touchClient(database.db, client.id, now, LAST_USED_EVERY_MS);
      }
      return { id: client.id, name: client.name, scopes: client.scopes as ApiScope[], actingUserId: client.actingUserId, pending, issuedBy: client.issuedBy, approvedBy: client.approvedBy };
    },

    /** Counts a client's request against its limit for this clock minute; when over, how long until the next minute. */
    async admit(clientId: string, now: Date, perMinute: number): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
      const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      const requests = await repo.countRequest(database.db, clientId, minute);
      if (requests <= perMinute) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((minute.getTime() + 60_000 - now.getTime()) / 1000)) };
    },
  };
}

export type ApiClientService = ReturnType<typeof createApiClientService>;
