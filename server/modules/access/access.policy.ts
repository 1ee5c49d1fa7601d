import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA = readFileSync(path.join(here, 'access.cedarschema'), 'utf8');
const POLICY_TEXT = readFileSync(path.join(here, 'access.cedar'), 'utf8');

export type RegisterAction = 'readNominal' | 'readRestricted' | 'editNominal' | 'manageAccess' | 'viewRecordLog';

/** The facts about a user that the policies read. */
export interface UserFacts {
  userId: string;
  unitId: string;
  agencyId: string;
  roles: string[];
  clearanceActive: boolean;
}

/** The facts about a record that the policies read. */
export interface NominalFacts {
  nominalId: string;
  owningUnitId: string;
  managingOfficerId: string;
  relationships: { unitId: string; role: 'partner' | 'restricted-partner' | 'supervisor' | 'view-only' }[];
  excludedUserIds: string[];
  restrictedToUserIds: string[];
}

export interface Decision {
  allowed: boolean;
  /** The ids of the policies that decided: the permits that allowed it, or the forbids that refused it. */
  policyIds: string[];
}

/** Splits the policy file into policies keyed by their @id annotation, so decisions name them. */
function loadPolicies(text: string): Record<string, string> {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type !== 'success') throw new Error(`access.cedar does not parse: ${parts.errors.map((e) => e.message).join('; ')}`);
  const policies: Record<string, string> = {};
  for (const p of parts.policies) {
    const id = /@id\("([^"]+)"\)/.exec(p)?.[1];
    if (!id) throw new Error(`every policy in access.cedar needs an @id: ${p.slice(0, 80)}`);
    policies[id] = p;
  }
  const validation = cedar.validate({ schema: SCHEMA, policies: { staticPolicies: policies }, validationSettings: { mode: 'strict' } });
  if (validation.type !== 'success' || validation.validationErrors.length) {
    const errors = validation.type === 'success' ? validation.validationErrors.map((e) => `${e.policyId}: ${e.error.message}`) : validation.errors.map((e) => e.message);
    throw new Error(`access.cedar does not match its schema: ${errors.join('; ')}`);
  }
  return policies;
}

const POLICIES = loadPolicies(POLICY_TEXT);

// Parsed once and cached inside the WebAssembly module: a decision then costs microseconds, not milliseconds.
const SET_ID = 'vigil-register';
for (const [what, answer] of [
  ['schema', cedar.preparseSchema(SET_ID, SCHEMA)],
  ['policies', cedar.preparsePolicySet(SET_ID, { staticPolicies: POLICIES })],
] as const) {
  if (answer.type !== 'success') throw new Error(`Cedar ${what} could not be prepared: ${answer.errors.map((e) => e.message).join('; ')}`);
}

// Requests are built by this file alone, and every test run checks them against the schema; a
// server skips the check and saves that work on every decision.
const VALIDATE_REQUESTS = process.env.VITEST === 'true' || process.env.VIGIL_VALIDATE_POLICY_REQUESTS === '1';

const uid = (type: string, id: string) => ({ type: `Vigil::${type}`, id });
const ref = (type: string, id: string) => ({ __entity: uid(type, id) });

function entities(user: UserFacts, nominal: NominalFacts): cedar.EntityJson[] {
  const unitsOf = (roles: string[]) => nominal.relationships.filter((r) => roles.includes(r.role)).map((r) => ref('Unit', r.unitId));
  const units = new Set([user.unitId, nominal.owningUnitId, ...nominal.relationships.map((r) => r.unitId)]);
  return [
    { uid: uid('User', user.userId), attrs: { unit: ref('Unit', user.unitId), roles: user.roles, clearanceActive: user.clearanceActive }, parents: [uid('Unit', user.unitId)] },
    ...[...units].map((u) => ({ uid: uid('Unit', u), attrs: {}, parents: [] })),
    {
      uid: uid('Nominal', nominal.nominalId),
      attrs: {
        owningUnit: ref('Unit', nominal.owningUnitId),
        managingOfficer: ref('User', nominal.managingOfficerId),
        partnerUnits: unitsOf(['partner', 'restricted-partner', 'supervisor', 'view-only']),
        editingPartnerUnits: unitsOf(['partner']),
        supervisorUnits: unitsOf(['supervisor']),
        excludedUsers: nominal.excludedUserIds.map((u) => ref('User', u)),
        restricted: nominal.restrictedToUserIds.length > 0,
        restrictedToUsers: nominal.restrictedToUserIds.map((u) => ref('User', u)),
      },
      parents: [],
    },
  ];
}

/** Asks the Cedar policies, in-process. Any evaluation error refuses (fail closed). */
export function authorize(user: UserFacts, action: RegisterAction, nominal: NominalFacts, context: { breakGlass: boolean } = { breakGlass: false }): Decision {
  const answer = cedar.statefulIsAuthorized({
    principal: uid('User', user.userId),
    action: uid('Action', action),
    resource: uid('Nominal', nominal.nominalId),
    context,
    preparsedSchemaName: SET_ID,
    validateRequest: VALIDATE_REQUESTS,
    preparsedPolicySetId: SET_ID,
    entities: entities(user, nominal),
  });
  if (answer.type !== 'success') return { allowed: false, policyIds: ['register.evaluation-error'] };
  if (answer.response.diagnostics.errors.length) return { allowed: false, policyIds: ['register.evaluation-error'] };
  const reasons = answer.response.diagnostics.reason;
  return { allowed: answer.response.decision === 'allow', policyIds: reasons.length ? reasons : ['register.no-permit'] };
}
