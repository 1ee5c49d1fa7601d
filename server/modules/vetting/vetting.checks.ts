import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { listSubjects } from './vetting.subjects.ts';

/**
 * The checks a vetting officer records on each subject of an application, and the connectors
 * that run them. The real systems (PNC, PND, local intelligence, special branch, a credit
 * reference agency) are closed: each would be a `CheckConnector` behind this interface. Vigil
 * ships one, the simulated connector, for demonstrations and tests; it is labelled "Simulated"
 * wherever its results are shown so nobody mistakes it for a real search.
 */

export const CHECK_KINDS = ['pnc', 'pnd', 'local-intelligence', 'special-branch', 'credit'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CHECK_NAMES: Record<CheckKind, string> = {
  pnc: 'Police National Computer (PNC)',
  pnd: 'Police National Database (PND)',
  'local-intelligence': 'Local intelligence',
  'special-branch': 'Special branch (counter-terrorism)',
  credit: 'Credit reference',
};

export const CHECK_RESULTS = ['no-trace', 'trace-not-adverse', 'adverse'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const RESULT_NAMES: Record<CheckResult, string> = {
  'no-trace': 'No trace',
  'trace-not-adverse': 'Trace, not adverse',
  adverse: 'Adverse',
};

/** Someone the checks are run on: the applicant, or a relative or co-resident listed on the form. */
export interface CheckSubject {
  key: string;
  label: string;
  /** 'applicant', 'partner', 'parent', 'co-resident'...: decides which checks are required. */
  kind: string;
  name?: string;
  dateOfBirth?: string;
}

/** Credit reference checks are for the applicant and their partner only: others' finances are not the applicant's. */
export const requiredChecks = (subject: Pick<CheckSubject, 'kind'>): CheckKind[] =>
  subject.kind === 'applicant' || subject.kind === 'partner' ? [...CHECK_KINDS] : CHECK_KINDS.filter((k) => k !== 'credit');

export interface CheckConnector {
  /** Shown beside every result it gives, and stored with it. */
  name: string;
  label: string;
  run(subject: CheckSubject, kind: CheckKind): Promise<{ result: CheckResult; summary: string }>;
}

/**
 * Deterministic: the same subject and check always give the same result, so demos and tests can
 * be repeated. A hash of the subject's name and date of birth (and the kind of check) decides;
 * about one in twenty results is adverse and about one in seven a trace that is not adverse.
 */
export const simulatedConnector: CheckConnector = {
  name: 'simulated',
  label: 'Simulated',
  async run(subject, kind) {
    const seed = `${(subject.name ?? subject.label).trim().toLowerCase()}|${subject.dateOfBirth ?? ''}|${kind}`;
    const n = createHash('sha256').update(seed).digest().readUInt16BE(0) % 100;
    const result: CheckResult = n < 5 ? 'adverse' : n < 20 ? 'trace-not-adverse' : 'no-trace';
    return { result, summary: `Simulated ${CHECK_NAMES[kind]} search: ${RESULT_NAMES[result].toLowerCase()}. Not a real search.` };
  },
};

/** How a stored connector name reads on a page. */
export const connectorLabel = (name: string) => (name === 'manual' ? 'Recorded by hand' : name === 'simulated' ? 'Simulated' : name);

/** The checks still missing, per subject, given the latest check of each kind recorded on each. */
export function missingChecks(subjects: CheckSubject[], recorded: { subject_key: string; kind: string }[]): { subject: CheckSubject; kinds: CheckKind[] }[] {
  const have = new Set(recorded.map((r) => `${r.subject_key}|${r.kind}`));
  return subjects
    .map((subject) => ({ subject, kinds: requiredChecks(subject).filter((k) => !have.has(`${subject.key}|${k}`)) }))
    .filter((m) => m.kinds.length > 0);
}

/** "Applicant: PNC, credit reference; Father: PND" : what a decision is waiting for, in words. */
export const missingText = (missing: ReturnType<typeof missingChecks>) =>
  missing.map((m) => `${m.subject.label}: ${m.kinds.map((k) => CHECK_NAMES[k]).join(', ')}`).join('; ');

/** The subjects of an application as the checks see them. */
export async function checkSubjects(db: Kysely<DB>, applicationId: string): Promise<CheckSubject[]> {
  return (await listSubjects(db, applicationId)).map((s) => ({ key: s.key, label: s.label, kind: s.kind }));
}
