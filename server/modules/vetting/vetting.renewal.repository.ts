import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB>;

/** The sections of a renewal the applicant has checked and confirmed. */
export async function confirmedSections(db: Q, applicationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('vetting_renewal_confirmation').select('section').where('application_id', '=', applicationId).execute();
  return new Set(rows.map((r) => r.section));
}

export async function confirmSection(db: Q, applicationId: string, section: string, at: Date): Promise<void> {
  await db.insertInto('vetting_renewal_confirmation').values({ application_id: applicationId, section, confirmed_at: at }).onConflict((oc) => oc.columns(['application_id', 'section']).doNothing()).execute();
}
