import { createHmac } from 'node:crypto';
import { hashLeafText } from './audit.merkle.ts';

/** The version of the canonical encoding; a change of encoding gets a new version, never an edit. */
export const ENTRY_FORMAT = 'vigil-access-log-entry/v1';
/** v1 and, as field 18, the digest of the record the entry changed (docs/audit.md). */
export const ENTRY_FORMAT_RECORD = 'vigil-access-log-entry/v2';
/** How a stored v2 entry begins: verify picks them out by it without parsing the rest. */
export const RECORD_ENTRY_PREFIX = `["${ENTRY_FORMAT_RECORD}",`;

export const ENTRY_KINDS = [
  'collection',
  'alteration',
  'consultation',
  'disclosure',
  'combination',
  'erasure',
  'authentication',
  'administration',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const PURPOSE_CODES = [
  'case-management',
  'risk-assessment',
  'public-protection',
  'notification',
  'mappa-meeting',
  'vetting',
  'appeal',
  'subject-access',
  'audit',
  'account-management',
  'break-glass',
  'other',
] as const;
export type PurposeCode = (typeof PURPOSE_CODES)[number];

/** One changed field of an alteration: names and keyed hashes only, never the values. */
export interface FieldChange {
  field: string;
  oldHash: string | null;
  newHash: string | null;
}

/** An access-log entry: what the canonical encoding carries. */
export interface AccessLogEntry {
  recordedAt: Date;
  kind: EntryKind;
  action: string;
  actorUserId: string | null;
  actorUnitId: string | null;
  actorAgencyId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  subjectAgencyId: string | null;
  purposeCode: string | null;
  purposeText: string | null;
  recipient: string | null;
  decision: 'allowed' | 'denied';
  policyIds: string[];
  breakGlass: boolean;
  correlationId: string;
  changes: FieldChange[] | null;
  /** For a change to a register record: the digest of its data just after the change (v2 only). */
  recordDigest?: string;
}

/**
 * The canonical encoding: a JSON array in a fixed order, of strings,
 * booleans, nulls and arrays only, with no white space, so that every
 * implementation writes the same bytes. It is stored as the entry itself
 * (every column is generated from it) and is what the tree's leaf hashes.
 * v1 for most entries; v2, with the record digest, for changes to a record.
 * Documented in docs/audit.md.
 */
export function canonicalEntry(e: AccessLogEntry): string {
  if (e.recordDigest === undefined) return JSON.stringify(fields(ENTRY_FORMAT, e));
  return `${canonicalRecordPrefix(e)}${JSON.stringify(e.recordDigest)}]`;
}

/**
 * A v2 entry without its last field, the record digest, which the database adds in the
 * statement that stores the entry (it is computed there, after the change): the text ends
 * with the comma before it.
 */
export function canonicalRecordPrefix(e: AccessLogEntry): string {
  const text = JSON.stringify(fields(ENTRY_FORMAT_RECORD, e));
  return `${text.slice(0, -1)},`;
}

function fields(format: string, e: AccessLogEntry): unknown[] {
  const changes = e.changes
    ? [...e.changes].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)).map((c) => [c.field, c.oldHash, c.newHash])
    : null;
  return [
    format,
    e.recordedAt.toISOString(),
    e.kind,
    e.action,
    e.actorUserId,
    e.actorUnitId,
    e.actorAgencyId,
    e.subjectType,
    e.subjectId,
    e.subjectAgencyId,
    e.purposeCode,
    e.purposeText,
    e.recipient,
    e.decision,
    [...e.policyIds].sort(),
    e.breakGlass,
    e.correlationId,
    changes,
  ];
}

/** The leaf hash of a stored canonical entry: RFC 6962 leaf hash of its UTF-8 bytes. */
export const canonicalLeafHash = (canonical: string): Buffer => hashLeafText(canonical);

/**
 * Hashes a field's value under the deployment's data key. A plain hash of a
 * date of birth could be reversed by trying every date; a keyed one cannot
 * without the key, yet equal values still give equal hashes for an auditor.
 */
export function valueHash(key: Buffer, value: unknown): string | null {
  if (value === undefined) return null;
  return createHmac('sha256', key).update(JSON.stringify(value)).digest('hex');
}
