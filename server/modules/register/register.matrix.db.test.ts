import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { isAppError } from '../../errors.ts';
import { systemContext, type Actor, type RequestContext } from '../../shared/context.ts';
import { createTestApp, createTestUser, seedOrganisations, type TestApp } from '../../testing/test-app.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { insertItems } from './register.items.repository.ts';
import { insertNominal } from './register.repository.ts';

/**
 * The clearance x relationship x sensitivity matrix, through the real
 * services on a real database: what each kind of user gets for a record's
 * standard and restricted items, and for an edit.
 */
type Relationship = 'owning-unit' | 'managing-officer' | 'partner' | 'restricted-partner' | 'supervisor' | 'view-only' | 'none' | 'excluded' | 'restricted-out';
type Clearance = 'active' | 'expired' | 'none';

// What each relationship may do, with an active clearance. Anything else sees nothing.
const EXPECTED: Record<Relationship, { read: boolean; restricted: boolean; edit: boolean }> = {
  'owning-unit': { read: true, restricted: true, edit: true },
  'managing-officer': { read: true, restricted: true, edit: true },
  partner: { read: true, restricted: false, edit: true },
  'restricted-partner': { read: true, restricted: false, edit: false },
  supervisor: { read: true, restricted: true, edit: false },
  'view-only': { read: true, restricted: false, edit: false },
  none: { read: false, restricted: false, edit: false },
  excluded: { read: false, restricted: false, edit: false },
  'restricted-out': { read: false, restricted: false, edit: false },
};

let t: TestApp;

async function outcome(actor: Actor, nominalId: string) {
  const ctx: RequestContext = { ...systemContext(t.clock.now()), system: false, actor };
  let read = false;
  let restricted = false;
  try {
    const view = await t.services.items.viewSection(ctx, nominalId, 'risk');
    read = true;
    const texts = view.kinds.flatMap((k) => k.items.map((i) => JSON.stringify(i.data)));
    expect(texts.some((x) => x.includes('Standard factor'))).toBe(true);
    restricted = texts.some((x) => x.includes('Restricted detail'));
  } catch (error) {
    if (!isAppError(error) || error.status !== 404) throw error;
  }
  let edit = false;
  try {
    await t.services.items.addItem(ctx, nominalId, 'risk-factor', { factor: 'Added in the matrix' });
    edit = true;
  } catch (error) {
    if (!isAppError(error) || ![403, 404].includes(error.status)) throw error;
  }
  return { read, restricted, edit };
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  await seedOrganisations(t);
});
afterAll(() => t?.close());

describe('register access matrix (clearance x relationship x sensitivity)', () => {
  const cases: [Clearance, Relationship][] = [];
  for (const c of ['active', 'expired', 'none'] as Clearance[]) for (const r of Object.keys(EXPECTED) as Relationship[]) cases.push([c, r]);

  it.each(cases)('clearance %s, relationship %s', async (clearance, relationship) => {
    const k = randomUUID().slice(0, 8);
    const { owning, other } = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
      const agency = await org.upsertAgency(tx.db, { code: `M${k}`.slice(0, 8).toUpperCase(), name: `Matrix ${k}`, kind: 'police-force' });
      return {
        owning: await org.upsertUnit(tx.db, agency, 'OWN', 'Owning'),
        other: await org.upsertUnit(tx.db, agency, 'OTH', 'Other'),
      };
    });
    const managerId = await createTestUser(t, { username: `mgr.${k}`, unitId: owning, demo: true });
    const inOwning = relationship === 'owning-unit';
    const userId = relationship === 'managing-officer' ? managerId : await createTestUser(t, { username: `usr.${k}`, unitId: inOwning ? owning : other, demo: true });
    const nominalId = await withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
      const day = 86_400_000;
      if (clearance !== 'none') {
        const expires = clearance === 'active' ? t.clock.now().getTime() + 300 * day : t.clock.now().getTime() - day;
        await tx.db.insertInto('clearance').values({ user_id: userId, level: 'NPPV3', granted_at: new Date(t.clock.now().getTime() - 400 * day), expires_at: new Date(expires) }).execute();
      }
      if (userId !== managerId) {
        await tx.db.insertInto('clearance').values({ user_id: managerId, level: 'NPPV3', granted_at: new Date(t.clock.now().getTime() - day), expires_at: new Date(t.clock.now().getTime() + 300 * day) }).execute();
      }
      const id = await insertNominal(tx.db, {
        reference: `M${k}-000001`, nominalType: 'rso', familyName: 'Matrix', givenNames: k, dateOfBirth: null, gender: 'not-known',
        owningUnitId: owning, managingOfficerId: managerId, identifiers: [],
      });
      const role = ({ partner: 'partner', 'restricted-partner': 'restricted-partner', supervisor: 'supervisor', 'view-only': 'view-only' } as const)[relationship as 'partner'];
      if (role) await tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: other, role }).execute();
      if (relationship === 'excluded') {
        await tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: other, role: 'partner' }).execute();
        await tx.db.insertInto('nominal_exclusion').values({ nominal_id: id, user_id: userId, message: 'Conflict of interest' }).execute();
      }
      if (relationship === 'restricted-out') {
        await tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: other, role: 'partner' }).execute();
        await tx.db.insertInto('nominal_restriction').values({ nominal_id: id, user_id: managerId, message: 'Named officers only' }).execute();
      }
      const at = t.clock.now();
      await insertItems(tx.db, [
        { nominalId: id, kind: 'risk-factor', sensitivity: 'standard', data: { factor: 'Standard factor' }, userId: managerId, at },
        { nominalId: id, kind: 'medical', sensitivity: 'restricted', data: { detail: 'Restricted detail' }, userId: managerId, at },
      ]);
      return id;
    });
    const roles = ['practitioner' as const];
    const user = await t.database.db.selectFrom('app_user').select(['username', 'display_name', 'unit_id']).where('id', '=', userId).executeTakeFirstOrThrow();
    const unit = await t.database.db.selectFrom('unit').select('agency_id').where('id', '=', user.unit_id).executeTakeFirstOrThrow();
    const actor: Actor = { userId, username: user.username, displayName: user.display_name, unitId: user.unit_id, agencyId: unit.agency_id, roles };
    const expected = clearance === 'active' ? EXPECTED[relationship] : { read: false, restricted: false, edit: false };
    expect(await outcome(actor, nominalId)).toEqual(expected);
  });
});
