import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { badRequest, forbidden, unauthenticated } from '../../errors.ts';
import { hasRole, type RequestContext } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import * as users from '../identity/identity.repository.ts';
import type { Signer } from './audit.checkpoint.ts';
import { ENTRY_KINDS, PURPOSE_CODES } from './audit.entry.ts';
import { toHex } from './audit.merkle.ts';
import * as repo from './audit.repository.ts';
import type { TreeCache } from './audit.tree.ts';

export const PAGE_SIZE = 100;
export const EXPORT_LIMIT = 50_000;

/** The log and its proofs are for the data protection officer, and for API clients granted audit:read. */
function authoriseAuditor(ctx: RequestContext): void {
  if (ctx.apiClient) {
    if (!ctx.apiClient.scopes.includes('audit:read')) throw forbidden('This API token does not have the audit:read scope.');
    return;
  }
  if (!ctx.actor) throw unauthenticated();
  if (!hasRole(ctx.actor, 'data-protection-officer')) throw forbidden('Only the data protection officer can read the access log.');
}

/**
 * A data protection officer reads the entries about their own agency (ADR 0026); a client with
 * audit:read (issued by the operator, for witnesses) the whole log.
 */
const readersAgency = (ctx: RequestContext): string | undefined => (ctx.apiClient ? undefined : ctx.actor?.agencyId);

const optionalText = z.string().trim().max(200).optional().transform((v) => v || undefined);
const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, c) => {
      if (!v) return undefined;
      const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(NaN);
      // Round-trip, so that 30 February is refused rather than read as 2 March.
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        c.addIssue({ code: 'custom', message: `${label} must be a real date, like 2026-11-23` });
        return z.NEVER;
      }
      return d;
    });

export const SearchSchema = z
  .object({
    username: optionalText,
    subjectType: optionalText,
    subjectId: optionalText,
    kind: z.enum(ENTRY_KINDS, { error: 'Choose a kind of entry from the list' }).optional().or(z.literal('').transform(() => undefined)),
    purposeCode: z.enum(PURPOSE_CODES, { error: 'Choose a purpose from the list' }).optional().or(z.literal('').transform(() => undefined)),
    from: optionalDate('Date from'),
    to: optionalDate('Date to'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'Date to must be the same as or after date from', path: ['to'] });

const ProofSize = (name: string) => z.coerce.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`).min(0, `${name} cannot be negative`);

export interface AuditServiceOptions {
  signer: Signer;
  tree: TreeCache;
}

export function createAuditService(database: Database, o: AuditServiceOptions) {
  const { db } = database;

  async function sequencedSize(): Promise<number> {
    return (await repo.latestCheckpoint(db))?.treeSize ?? 0;
  }

  return {
    publicKey(ctx: RequestContext) {
      authoriseAuditor(ctx);
      return {
        algorithm: 'ed25519',
        keyName: o.signer.keyName,
        keyId: o.signer.keyId.toString('hex'),
        publicKey: o.signer.publicKey.toString('base64'),
      };
    },

    /** The latest signed checkpoint, as a signed note. */
    async latestCheckpoint(ctx: RequestContext): Promise<string | null> {
      authoriseAuditor(ctx);
      return (await repo.latestCheckpoint(db))?.note ?? null;
    },

    /** Proof that leaf `index` is in the tree of `size` (a size that has been signed). */
    async inclusionProof(ctx: RequestContext, input: unknown) {
      authoriseAuditor(ctx);
      const { index, size } = parseInput(z.object({ index: ProofSize('index'), size: ProofSize('size') }), input);
      const signed = await sequencedSize();
      if (size > signed) throw badRequest('size-too-large', `size must be at most ${signed}, the latest signed tree size`);
      if (index >= size) throw badRequest('index-out-of-range', `index must be less than size (${size})`);
      const tree = await o.tree.ensure(db, size);
      return { index, size, leafHash: toHex(tree.leafHash(index)), proof: tree.inclusionProof(index, size).map(toHex) };
    },

    /** Proof that the tree of `to` extends the tree of `from`. */
    async consistencyProof(ctx: RequestContext, input: unknown) {
      authoriseAuditor(ctx);
      const { from, to } = parseInput(z.object({ from: ProofSize('from'), to: ProofSize('to') }), input);
      const signed = await sequencedSize();
      if (to > signed) throw badRequest('size-too-large', `to must be at most ${signed}, the latest signed tree size`);
      if (from > to) throw badRequest('sizes-out-of-order', 'from must not be larger than to');
      const tree = await o.tree.ensure(db, to);
      return { from, to, proof: tree.consistencyProof(from, to).map(toHex) };
    },

    /** The data protection officer's search. Reading the log is itself logged. */
    async searchLog(ctx: RequestContext, input: unknown, options: { export?: boolean } = {}) {
      authoriseAuditor(ctx);
      const f = parseInput(SearchSchema, input);
      return withTransaction(database, ctx, async (tx) => {
        let actorUserId: string | undefined;
        if (f.username) {
          actorUserId = (await users.findUserByUsername(tx.db, f.username.toLowerCase()))?.id;
          if (!actorUserId) return { filters: f, entries: [], unknownUser: true };
        }
        const to = f.to ? new Date(f.to.getTime() + 86_400_000) : undefined;
        const limit = options.export ? EXPORT_LIMIT : PAGE_SIZE + 1;
        const offset = options.export ? 0 : (f.page - 1) * PAGE_SIZE;
        const filters = { agencyId: readersAgency(ctx), actorUserId, subjectType: f.subjectType, subjectId: f.subjectId, kind: f.kind, purposeCode: f.purposeCode, from: f.from, to };
        const entries = await repo.searchEntries(tx.db, filters, limit, offset);
        await tx.log({
          kind: options.export ? 'disclosure' : 'consultation',
          action: options.export ? 'audit.log-exported' : 'audit.log-searched',
          subjectType: 'access-log',
          purposeCode: 'audit',
          ...(options.export ? { recipient: 'data protection officer (CSV export)' } : {}),
        });
        const hasMore = !options.export && entries.length > PAGE_SIZE;
        return { filters: f, entries: hasMore ? entries.slice(0, PAGE_SIZE) : entries, hasMore, unknownUser: false };
      });
    },

    /** Generic anomaly queries the register feeds: volume, reach outside one's own agency, break-glass. */
    async anomalies(ctx: RequestContext, input: unknown) {
      authoriseAuditor(ctx);
      const { days } = parseInput(z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }), input);
      const since = new Date(ctx.now.getTime() - days * 86_400_000);
      return withTransaction(database, ctx, async (tx) => {
        const result = {
          days,
          volume: await repo.unusualVolume(tx.db, since, 3, 20, readersAgency(ctx)),
          outsideArea: await repo.outsideOwnArea(tx.db, since, readersAgency(ctx)),
          breakGlass: await repo.breakGlassUse(tx.db, since, 100, readersAgency(ctx)),
        };
        await tx.log({ kind: 'consultation', action: 'audit.anomalies-viewed', subjectType: 'access-log', purposeCode: 'audit' });
        return result;
      });
    },

    /** "My account activity": sign-ins and every change to my account, for the user themself. */
    async myActivity(ctx: RequestContext) {
      if (!ctx.actor) throw unauthenticated();
      const me = ctx.actor.userId;
      return withTransaction(database, ctx, async (tx) => {
        const entries = await repo.accountActivity(tx.db, me, 200);
        await tx.log({ kind: 'consultation', action: 'account.activity-viewed', subjectType: 'user', subjectId: me, purposeCode: 'subject-access' });
        return entries;
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
