import { describe, expect, it } from 'vitest';
import { authorize, type NominalFacts, type RegisterAction, type UserFacts } from './access.policy.ts';

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
