import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { authorize, authorizeExactly, relativeFacts, type NominalFacts, type RegisterAction, type UserFacts } from './access.policy.ts';

const nominal: NominalFacts = {
  nominalId: 'N1',
  owningUnitId: 'OWNER',
  managingOfficerId: 'manager',
  relationships: [
    { unitId: 'PARTNER', role: 'partner' },
    { unitId: 'RESTRICTED', role: 'restricted-partner' },
    { unitId: 'SUPERVISOR', role: 'supervisor' },
    { unitId: 'VIEWONLY', role: 'view-only' },
  ],
  excludedUserIds: [],
  restrictedToUserIds: [],
};

const user = (userId: string, unitId: string, cleared = true, roles = ['practitioner']): UserFacts => ({ userId, unitId, agencyId: 'A', roles, clearanceActive: cleared });

// relationship -> [readNominal, readRestricted, editNominal, manageAccess, viewRecordLog] for a cleared practitioner
const MATRIX: [string, UserFacts, [boolean, boolean, boolean, boolean, boolean]][] = [
  ['owning unit', user('o', 'OWNER'), [true, true, true, true, false]],
  ['owning unit, manager role', user('om', 'OWNER', true, ['manager']), [true, true, true, true, true]],
  ['managing officer (in another unit)', user('manager', 'ELSEWHERE'), [false, true, false, true, true]],
  ['partner', user('p', 'PARTNER'), [true, false, true, false, false]],
  ['restricted partner', user('r', 'RESTRICTED'), [true, false, false, false, false]],
  ['supervisor', user('s', 'SUPERVISOR'), [true, true, false, false, true]],
  ['view-only', user('v', 'VIEWONLY'), [true, false, false, false, false]],
  ['no relationship', user('x', 'ELSEWHERE'), [false, false, false, false, false]],
  ['administrator with no relationship', user('a', 'ELSEWHERE', true, ['administrator']), [false, false, false, false, false]],
  ['owning unit, administrator role only', user('oa', 'OWNER', true, ['administrator']), [true, true, false, false, false]],
];
const ACTIONS: RegisterAction[] = ['readNominal', 'readRestricted', 'editNominal', 'manageAccess', 'viewRecordLog'];

describe('the register policy: clearance x relationship x sensitivity', () => {
  for (const [name, u, expected] of MATRIX) {
    it(`${name}: cleared ${expected.join('/')}, and nothing at all without clearance`, () => {
      ACTIONS.forEach((action, i) => {
        expect(authorize(u, action, nominal).allowed, action).toBe(expected[i]);
        expect(authorize({ ...u, clearanceActive: false }, action, nominal)).toEqual({ allowed: false, policyIds: ['register.clearance-required'] });
      });
    });
  }

  it('exclusion and restriction override every relationship', () => {
    const owner = user('o', 'OWNER');
    for (const action of ACTIONS) {
      expect(authorize(owner, action, { ...nominal, excludedUserIds: ['o'] })).toEqual({ allowed: false, policyIds: ['register.exclusion'] });
      expect(authorize(owner, action, { ...nominal, restrictedToUserIds: ['someone-else'] })).toEqual({ allowed: false, policyIds: ['register.restriction'] });
    }
    expect(authorize(owner, 'readNominal', { ...nominal, restrictedToUserIds: ['o'] }).allowed).toBe(true);
  });

  it('break-glass lets any cleared user read the record, but not restricted items, and never edit', () => {
    const stranger = user('x', 'ELSEWHERE');
    expect(authorize(stranger, 'readNominal', nominal, { breakGlass: true })).toEqual({ allowed: true, policyIds: ['register.break-glass-read'] });
    expect(authorize(stranger, 'readRestricted', nominal, { breakGlass: true }).allowed).toBe(false);
    expect(authorize(stranger, 'editNominal', nominal, { breakGlass: true }).allowed).toBe(false);
    expect(authorize(stranger, 'manageAccess', nominal, { breakGlass: true }).allowed).toBe(false);
    expect(authorize(stranger, 'viewRecordLog', nominal, { breakGlass: true }).allowed).toBe(false);
    expect(authorize(user('o', 'OWNER'), 'manageAccess', nominal, { breakGlass: true }).allowed, 'break-glass never adds rights').toBe(false);
    expect(authorize(stranger, 'readNominal', { ...nominal, excludedUserIds: ['x'] }, { breakGlass: true }).allowed).toBe(false);
    expect(authorize({ ...stranger, clearanceActive: false }, 'readNominal', nominal, { breakGlass: true }).allowed).toBe(false);
  });

  it('names the deciding policies for the access log', () => {
    expect(authorize(user('o', 'OWNER'), 'readNominal', nominal).policyIds).toEqual(['register.owner-read']);
    expect(authorize(user('p', 'PARTNER'), 'readNominal', nominal).policyIds).toEqual(['register.partner-read']);
    expect(authorize(user('x', 'ELSEWHERE'), 'readNominal', nominal).policyIds).toEqual(['register.no-permit']);
  });
});

describe('decisions asked relative to the principal', () => {
  // A handful of ids, so that principal, manager, partners, exclusions and restrictions collide often.
  const userId = fc.constantFrom('u1', 'u2', 'u3');
  const unitId = fc.constantFrom('A', 'B', 'C');
  const facts = fc.record({
    nominalId: fc.constantFrom('N1', 'N2'),
    owningUnitId: unitId,
    managingOfficerId: userId,
    relationships: fc.uniqueArray(fc.record({ unitId, role: fc.constantFrom('partner', 'restricted-partner', 'supervisor', 'view-only') as fc.Arbitrary<NominalFacts['relationships'][number]['role']> }), { selector: (r) => r.unitId, maxLength: 3 }),
    excludedUserIds: fc.uniqueArray(userId, { maxLength: 2 }),
    restrictedToUserIds: fc.uniqueArray(userId, { maxLength: 2 }),
  });
  const actor = fc.record({
    userId,
    unitId,
    agencyId: fc.constant('X'),
    roles: fc.subarray(['practitioner', 'manager', 'administrator', 'vetting-officer']),
    clearanceActive: fc.boolean(),
  });

  it('give the same answer and the same policy ids as asking with the real ids', () => {
    fc.assert(
      fc.property(actor, facts, fc.constantFrom(...ACTIONS), fc.boolean(), (u, n, action, breakGlass) => {
        expect(authorize(u, action, n, { breakGlass })).toEqual(authorizeExactly(u, action, n, { breakGlass }));
      }),
      { numRuns: 1500 },
    );
  });

  it('keep what is mine apart from everyone else', () => {
    const mine = relativeFacts(user('u1', 'A'), { ...nominal, owningUnitId: 'A', managingOfficerId: 'u2', excludedUserIds: ['u3', 'u4'], relationships: [{ unitId: 'B', role: 'partner' }, { unitId: 'C', role: 'partner' }] });
    expect(mine.nominal).toMatchObject({ owningUnitId: 'principal-unit', managingOfficerId: 'someone-else', excludedUserIds: ['someone-else'], relationships: [{ unitId: 'another-unit', role: 'partner' }] });
  });
});
