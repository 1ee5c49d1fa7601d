import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import type { TestApp } from '../../testing/test-app.ts';
import * as repo from './vetting.repository.ts';
import type { ApplicationState } from './vetting.states.ts';

/** A test application in a given state, set directly: these tests are about links and answers, not moves. */
export async function makeApplication(t: TestApp, a: { applicantUserId: string; sponsorUserId: string; state: ApplicationState; level?: 'NPPV2' | 'NPPV3' }): Promise<string> {
  const now = t.clock.now();
  return withTransaction(t.database, systemContext(now), async (tx) => {
    const id = await repo.insertApplication(tx.db, {
      reference: await repo.nextApplicationReference(tx.db),
      applicantUserId: a.applicantUserId,
      sponsorUserId: a.sponsorUserId,
      level: a.level ?? 'NPPV2',
      need: 'Synthetic: the role needs register access every day.',
      formVersion: `${a.level ?? 'NPPV2'}-2026.1`,
      renewalOf: null,
      formDueAt: new Date(now.getTime() + 20 * 86_400_000),
      at: now,
    });
    if (a.state !== 'sponsored') await tx.db.updateTable('vetting_application').set({ state: a.state }).where('id', '=', id).execute();
    return id;
  });
}
