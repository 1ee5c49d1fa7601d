import type pg from 'pg';
import type { RequestContext } from '../../shared/context.ts';
import { valueHash, type EntryKind, type FieldChange, type PurposeCode } from './audit.entry.ts';
import { appendEntry } from './audit.repository.ts';

/** What an operation says about an access; the actor, time and correlation come from the request. */
export interface AccessLogInput {
  kind: EntryKind;
  action: string;
  subjectType?: string;
  subjectId?: string;
  subjectAgencyId?: string;
  purposeCode?: PurposeCode;
  purposeText?: string;
  recipient?: string;
  decision?: 'allowed' | 'denied';
  /** Who acted, where the request has no signed-in actor yet (a sign-in in progress). */
  actorUserId?: string;
  policyIds?: string[];
  breakGlass?: boolean;
  /** For an alteration: the fields changed with their old and new values, which are hashed here and never stored. */
  changes?: { field: string; old?: unknown; new?: unknown }[];
}

let hashKey: Buffer | undefined;

/** Set once at start-up, from VIGIL_DATA_KEY: the key for hashing changed values. */
export function setValueHashKey(key: Buffer): void {
  hashKey = key;
}

function hashChanges(changes: AccessLogInput['changes']): FieldChange[] | null {
  if (!changes) return null;
  if (!hashKey) throw new Error('The access log has no value-hash key: call setValueHashKey at start-up');
  return changes.map((c) => ({ field: c.field, oldHash: valueHash(hashKey!, c.old), newHash: valueHash(hashKey!, c.new) }));
}

/**
 * Whether an entry carries the digest of the record it is about (format v2). Every entry
 * about a register record except a view: a change may be logged under any kind (an added
 * disclosure is a `disclosure`, a merge a `combination`), and what verify compares is a
 * record's data with the digest in its last such entry, so none may be left out. Views
 * change nothing and are the hot path: they pay nothing for it.
 */
export function carriesRecordDigest(input: Pick<AccessLogInput, 'kind' | 'subjectType' | 'subjectId'>): boolean {
  return input.kind !== 'consultation' && input.subjectType === 'nominal' && !!input.subjectId;
}

/**
 * The one way into the access log. Called inside the operation's own
 * transaction, so if the entry cannot be written the operation fails with it.
 */
export async function writeAccessLog(client: pg.ClientBase, ctx: RequestContext, input: AccessLogInput, prepared = false): Promise<number> {
  if (input.purposeCode === 'other' && !input.purposeText?.trim()) {
    throw new Error('An access-log purpose of "other" needs its free text');
  }
  return appendEntry(client, {
    recordedAt: ctx.now,
    kind: input.kind,
    action: input.action,
    actorUserId: ctx.actor?.userId ?? input.actorUserId ?? null,
    actorUnitId: ctx.actor?.unitId ?? null,
    actorAgencyId: ctx.actor?.agencyId ?? null,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId ?? null,
    subjectAgencyId: input.subjectAgencyId ?? null,
    purposeCode: input.purposeCode ?? null,
    purposeText: viaApiClient(ctx, input.purposeText?.trim()),
    recipient: input.recipient ?? null,
    decision: input.decision ?? 'allowed',
    policyIds: input.policyIds ?? [],
    breakGlass: input.breakGlass ?? false,
    correlationId: ctx.correlationId,
    changes: hashChanges(input.changes),
  }, prepared, carriesRecordDigest(input) ? input.subjectId : undefined);
}

/**
 * An API client acts as its acting user, whom the entry names; the purpose text says
 * which client it was, so the log tells a person's own work from an integration's.
 */
function viaApiClient(ctx: RequestContext, text: string | undefined): string | null {
  if (!ctx.apiClient) return text || null;
  const c = ctx.apiClient;
  // The client, who issued it and who approved it to act for the person the entry names.
  const via = `via API client ${c.name} (${c.id}), issued by ${c.issuedBy ?? 'the operator'}, approved by ${c.approvedBy ?? 'the operator'}`;
  return text ? `${text} (${via})` : via;
}

/** Which kind of entry an event of each family makes, for events that do not say. */
export function kindForEvent(type: string): EntryKind {
  if (type.startsWith('auth.')) return 'authentication';
  if (type.startsWith('account.')) return 'alteration';
  return 'administration';
}
