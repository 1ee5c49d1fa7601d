import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { badRequest, forbidden } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import * as repo from './apiclient.repository.ts';

export const API_SCOPES = ['audit:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const CreateClientSchema = z.object({
  name: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'Name must be 3 to 64 lower-case letters, numbers, dots, hyphens or underscores'),
  scopes: z.array(z.enum(API_SCOPES, { error: `Scopes are: ${API_SCOPES.join(', ')}` })).min(1, 'Give at least one scope'),
  days: z.coerce.number().int().min(1, 'A token lasts at least 1 day').max(397, 'A token lasts at most 397 days'),
});

/** Machine clients (witnesses, other agencies' systems) with scoped, expiring bearer tokens, hashed at rest. */
export function createApiClientService(database: Database) {
  return {
    /** Issues a token, shown once. The operator's command only, for now. */
    async createClient(ctx: RequestContext, input: unknown): Promise<{ id: string; token: string; expiresAt: Date }> {
      if (!ctx.system) throw forbidden('Only the operator can issue API tokens.');
      const data = parseInput(CreateClientSchema, input);
      const token = `vgl_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(ctx.now.getTime() + data.days * 86_400_000);
      const id = await withTransaction(database, ctx, async (tx) => {
        if (await repo.clientNameTaken(tx.db, data.name)) throw badRequest('invalid-input', `An API client called "${data.name}" already exists`);
        const id = await repo.insertClient(tx.db, { name: data.name, tokenHash: hashToken(token), scopes: data.scopes, expiresAt });
        await tx.record({ type: 'admin.api-client-created', subjectType: 'api-client', subjectId: id, payload: { scopes: data.scopes } });
        return id;
      });
      return { id, token, expiresAt };
    },

    async authenticate(token: string, now: Date) {
      if (!/^vgl_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const client = await repo.findLiveClient(database.db, hashToken(token), now);
      return client && { id: client.id, name: client.name, scopes: client.scopes as ApiScope[] };
    },
  };
}

export type ApiClientService = ReturnType<typeof createApiClientService>;
