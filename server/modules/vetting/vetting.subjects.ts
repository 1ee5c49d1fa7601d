import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { findApplication } from './vetting.repository.ts';
import { findAnswers } from './vetting.form.repository.ts';
import { RELATIONSHIP_NAMES } from './vetting.form.questions.ts';
import { linkSubjects } from './vetting.relatives.repository.ts';

/**
 * The people the checks are run on: the applicant, then each relative and co-resident listed in
 * the family section of the form (in the order given). Relatives who enter their own details
 * through a private link are added by that part (kind 'relative' or 'co-resident', key 'link:<id>').
 * Casework records each check against a subject's key, so keys must not change when the applicant
 * reorders or adds entries: form entries carry their own id.
 */
export interface Subject {
  /** 'applicant', or 'relative:<entry id>' for a person listed in the form. */
  key: string;
  /** "Applicant: Sam Example", "Mother: Jo Example", "Father (name not known)". */
  label: string;
  /** A partner is kept apart from other relatives: credit checks follow shared finances. */
  kind: 'applicant' | 'partner' | 'relative' | 'co-resident';
}

export async function listSubjects(db: Kysely<DB>, applicationId: string): Promise<Subject[]> {
  const application = await findApplication(db, applicationId);
  if (!application) return [];
  const subjects: Subject[] = [{ key: 'applicant', label: `Applicant: ${application.applicant_name}`, kind: 'applicant' }];
  const family = await findAnswers(db, applicationId, 'family');
  const entries = Array.isArray(family?.answers.relatives) ? family.answers.relatives : [];
  for (const entry of entries) {
    if (!entry.entryId || !entry.relationship) continue;
    const relationship = RELATIONSHIP_NAMES[entry.relationship] ?? 'Relative';
    const name = entry.fullName?.trim() ? `: ${entry.fullName.trim()}` : ' (name not known)';
    subjects.push({ key: `relative:${entry.entryId}`, label: `${relationship}${name}`, kind: entry.relationship === 'co-resident' ? 'co-resident' : entry.relationship === 'partner' ? 'partner' : 'relative' });
  }
  // Relatives who entered their own details through a private link (vetting.relatives).
  subjects.push(...(await linkSubjects(db, applicationId)));
  return subjects;
}
