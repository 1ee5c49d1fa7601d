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

/** Asks the Cedar policies, in-process, about the facts exactly as given. Any evaluation error refuses (fail closed). */
function evaluate(user: UserFacts, action: RegisterAction, nominal: NominalFacts, context: { breakGlass: boolean }): Decision {
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
  // Sorted: the engine gives its reasons in no fixed order, and the log should read the same each time.
  const reasons = [...answer.response.diagnostics.reason].sort();
  return { allowed: answer.response.decision === 'allow', policyIds: reasons.length ? reasons : ['register.no-permit'] };
}

// The stand-ins for every user and unit that is not the one asking. The policies only ever ask
// whether a record's unit, manager or lists are the principal or the principal's unit: never
// anything about anyone else. So a request put in terms of "the principal" and "someone else" gets
// the same answer as the real one, and there are only a few hundred such requests in all.
const PRINCIPAL = 'principal';
const PRINCIPAL_UNIT = 'principal-unit';
const OTHER = 'someone-else';
const OTHER_UNIT = 'another-unit';

/** The facts relative to the principal: who is "me", which unit is "mine", everyone else one stand-in. */
export function relativeFacts(user: UserFacts, nominal: NominalFacts): { user: UserFacts; nominal: NominalFacts } {
  const unit = (id: string) => (id === user.unitId ? PRINCIPAL_UNIT : OTHER_UNIT);
  const person = (id: string) => (id === user.userId ? PRINCIPAL : OTHER);
  const people = (ids: string[]) => [...new Set(ids.map(person))].sort();
  const relationships = [...new Map(nominal.relationships.map((r) => [`${unit(r.unitId)} ${r.role}`, { unitId: unit(r.unitId), role: r.role }])).values()].sort((a, b) =>
    `${a.unitId} ${a.role}`.localeCompare(`${b.unitId} ${b.role}`),
  );
  return {
    user: { userId: PRINCIPAL, unitId: PRINCIPAL_UNIT, agencyId: '', roles: [...new Set(user.roles)].sort(), clearanceActive: user.clearanceActive },
    nominal: {
      nominalId: 'record',
      owningUnitId: unit(nominal.owningUnitId),
      managingOfficerId: person(nominal.managingOfficerId),
      relationships,
      excludedUserIds: people(nominal.excludedUserIds),
      restrictedToUserIds: people(nominal.restrictedToUserIds),
    },
  };
}

// Decisions on relative facts, kept: the same question always gets the same answer from the same
// policies, and asking the policy engine costs far more than a page's other work. Bounded, and
// emptied whole when full; the policies are fixed for the life of the process.
const decisions = new Map<string, Decision>();
const MAX_DECISIONS = 10_000;

/**
 * Asks the Cedar policies, in-process. The question is put relative to the principal (see
 * relativeFacts) and its answer kept; the policy ids are the ones the engine gave for it.
 */
export function authorize(user: UserFacts, action: RegisterAction, nominal: NominalFacts, context: { breakGlass: boolean } = { breakGlass: false }): Decision {
  const relative = relativeFacts(user, nominal);
  const key = JSON.stringify([action, context.breakGlass, relative.user.roles, relative.user.clearanceActive, relative.nominal]);
  const known = decisions.get(key);
  if (known) return { allowed: known.allowed, policyIds: [...known.policyIds] };
  const decision = evaluate(relative.user, action, relative.nominal, context);
  if (decisions.size >= MAX_DECISIONS) decisions.clear();
  decisions.set(key, decision);
  return { allowed: decision.allowed, policyIds: [...decision.policyIds] };
}

/** The policies asked directly with the real ids, nothing kept: for the test that relative facts change no answer. */
export const authorizeExactly = (user: UserFacts, action: RegisterAction, nominal: NominalFacts, context: { breakGlass: boolean } = { breakGlass: false }) =>
  evaluate(user, action, nominal, context);
