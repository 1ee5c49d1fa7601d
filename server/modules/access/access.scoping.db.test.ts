import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { systemContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, type TestApp } from '../../testing/test-app.ts';
import { nominalFacts, readableNominalIds } from '../register/register.access.repository.ts';
import { recordedClearance, type ClearanceLevel } from './access.clearance.ts';
import { authorize } from './access.policy.ts';

let t: TestApp;
let units: string[];
let users: { id: string; unitId: string }[];
const USERS = 5;
const UNITS = 3;
const NOMINALS = 6;
const ROLES = ['partner', 'restricted-partner', 'supervisor', 'view-only'] as const;
const CLEARANCES = ['valid', 'expired', 'withdrawn', 'too-low', 'none'] as const;

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await seedOrganisations(t);
  const third = await withTransaction(t.database, systemContext(t.clock.now()), (tx) => org.upsertUnit(tx.db, orgs.agencyA, 'U2', 'Unit A2'));
  units = [orgs.unitA, orgs.unitB, third];
  users = [];
  for (let i = 0; i < USERS; i++) {
    const unitId = units[i % units.length]!;
    users.push({ id: await createTestUser(t, { username: `scoped.${i}`, unitId, mfa: false }), unitId });
  }
});
afterAll(() => t?.close());

const world = fc.record({
  clearances: fc.array(fc.constantFrom(...CLEARANCES), { minLength: USERS, maxLength: USERS }),
  nominals: fc.array(
    fc.record({
      owner: fc.nat(UNITS - 1),
      manager: fc.nat(USERS - 1),
      relationships: fc.array(fc.record({ unit: fc.nat(UNITS - 1), role: fc.constantFrom(...ROLES) }), { maxLength: 3 }),
      excluded: fc.uniqueArray(fc.nat(USERS - 1), { maxLength: 2 }),
      restrictedTo: fc.uniqueArray(fc.nat(USERS - 1), { maxLength: 2 }),
    }),
    { minLength: NOMINALS, maxLength: NOMINALS },
  ),
});

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

async function build(w: World, now: Date) {
  const day = 86_400_000;
  await withTransaction(t.database, systemContext(now), async (tx) => {
    for (const table of ['nominal_exclusion', 'nominal_restriction', 'nominal_relationship', 'nominal', 'clearance'] as const) {
      await tx.db.deleteFrom(table).execute();
    }
    for (const [i, c] of w.clearances.entries()) {
      if (c === 'none') continue;
      await tx.db
        .insertInto('clearance')
        .values({
          user_id: users[i]!.id,
          level: (c === 'too-low' ? 'NPPV1' : 'NPPV3') as ClearanceLevel,
          granted_at: new Date(now.getTime() - 10 * day),
          expires_at: new Date(now.getTime() + (c === 'expired' ? -day : 300 * day)),
          withdrawn_at: c === 'withdrawn' ? new Date(now.getTime() - day) : null,
        })
        .execute();
    }
    for (const [k, n] of w.nominals.entries()) {
      const owner = units[n.owner]!;
      const row = await tx.db
        .insertInto('nominal')
        .values({ reference: `REF-${k}`, nominal_type: 'rso', owning_unit_id: owner, managing_officer_id: users[n.manager]!.id, family_name: 'Test', given_names: `Person ${k}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const seen = new Set([owner]);
      for (const r of n.relationships) {
        const unit = units[r.unit]!;
        if (seen.has(unit)) continue;
        seen.add(unit);
        await tx.db.insertInto('nominal_relationship').values({ nominal_id: row.id, unit_id: unit, role: r.role }).execute();
      }
      for (const u of n.excluded) await tx.db.insertInto('nominal_exclusion').values({ nominal_id: row.id, user_id: users[u]!.id, message: 'test' }).execute();
      for (const u of n.restrictedTo) await tx.db.insertInto('nominal_restriction').values({ nominal_id: row.id, user_id: users[u]!.id, message: 'test' }).execute();
    }
  });
}

describe('list scoping in SQL agrees with the Cedar decision', () => {
  it('for random users, clearances and records, a record is listed exactly when the policy lets the user read it', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const now = t.clock.now();
        await build(w, now);
        const nominalIds = (await t.database.db.selectFrom('nominal').select('id').execute()).map((r) => r.id);
        for (const u of users) {
          const cleared = await recordedClearance.isCleared(t.database.db, u.id, 'NPPV2', now);
          const listed = new Set((await readableNominalIds(t.database.db, { userId: u.id, unitId: u.unitId, cleared }).execute()).map((r) => r.id));
          for (const id of nominalIds) {
            const facts = (await nominalFacts(t.database.db, id))!;
            const decision = authorize({ userId: u.id, unitId: u.unitId, agencyId: 'x', roles: ['practitioner'], clearanceActive: cleared }, 'readNominal', facts);
            expect(listed.has(id), `user ${u.id} record ${id}: ${decision.policyIds.join(',')}`).toBe(decision.allowed);
          }
        }
      }),
      { numRuns: 40, seed: 7351 },
    );
  });
});
