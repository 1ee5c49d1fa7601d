import type { Faker } from '@faker-js/faker';
import type { Tx } from '../../db/transaction.ts';
import type { Role } from '../../shared/context.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import * as seedRepo from './seed.repository.ts';

export type AgencyKind = 'police-force' | 'probation-region' | 'prison' | 'vetting-authority';

export const AGENCIES: { code: string; name: string; kind: AgencyKind; units: [string, string][] }[] = [
  { code: 'NPF', name: 'Northmoor Police', kind: 'police-force', units: [['PPU-N', 'Public Protection Unit North'], ['PPU-S', 'Public Protection Unit South']] },
  { code: 'WVC', name: 'Westvale Constabulary', kind: 'police-force', units: [['MOSOVO', 'Management of Sexual or Violent Offenders'], ['PPU', 'Public Protection Unit']] },
  { code: 'ESP', name: 'Eastshire Police', kind: 'police-force', units: [['PPU', 'Public Protection Unit'], ['MOSOVO', 'Management of Sexual or Violent Offenders']] },
  { code: 'PNE', name: 'Probation Service, North East region', kind: 'probation-region', units: [['PDU-A', 'Probation Delivery Unit A'], ['PDU-B', 'Probation Delivery Unit B']] },
  { code: 'PNW', name: 'Probation Service, North West region', kind: 'probation-region', units: [['PDU-C', 'Probation Delivery Unit C'], ['PDU-D', 'Probation Delivery Unit D']] },
  { code: 'HMP-HB', name: 'HMP Harbour Bridge', kind: 'prison', units: [['OMU', 'Offender Management Unit']] },
  { code: 'HMP-GF', name: 'HMP Greyfield', kind: 'prison', units: [['OMU', 'Offender Management Unit']] },
  { code: 'FVU', name: 'Force Vetting Unit (shared service)', kind: 'vetting-authority', units: [['VET', 'Vetting team'], ['APP', 'Appeals panel']] },
];

export interface WorldUser {
  username: string;
  name: string;
  agency: string;
  unit: string;
  roles: Role[];
}

/** The named demo accounts: journeys and the README sign in as these, so they never change. */
export const NAMED_USERS: WorldUser[] = [
  { username: 'admin', name: 'Alex Admin', agency: 'NPF', unit: 'PPU-N', roles: ['administrator'] },
  { username: 'police.officer', name: 'Priya Patel', agency: 'NPF', unit: 'PPU-N', roles: ['practitioner'] },
  { username: 'police.manager', name: 'Morgan Hughes', agency: 'NPF', unit: 'PPU-N', roles: ['manager', 'practitioner', 'mappa-coordinator'] },
  { username: 'westvale.officer', name: 'Sam Okafor', agency: 'WVC', unit: 'MOSOVO', roles: ['practitioner'] },
  { username: 'westvale.admin', name: 'Jo Whitfield', agency: 'WVC', unit: 'MOSOVO', roles: ['administrator'] },
  { username: 'probation.officer', name: 'Chris Lee', agency: 'PNE', unit: 'PDU-A', roles: ['practitioner'] },
  { username: 'probation.manager', name: 'Dana Evans', agency: 'PNE', unit: 'PDU-A', roles: ['manager', 'mappa-coordinator'] },
  { username: 'prison.officer', name: 'Robin Shaw', agency: 'HMP-HB', unit: 'OMU', roles: ['practitioner'] },
  { username: 'vetting.officer', name: 'Kim Taylor', agency: 'FVU', unit: 'VET', roles: ['vetting-officer'] },
  { username: 'vetting.second', name: 'Lee Morgan', agency: 'FVU', unit: 'VET', roles: ['vetting-officer'] },
  { username: 'appeal.panel', name: 'Jordan Price', agency: 'FVU', unit: 'APP', roles: ['appeal-panel-member'] },
  { username: 'equality.lead', name: 'Ash Kaur', agency: 'FVU', unit: 'VET', roles: ['equality-lead'] },
  { username: 'dpo', name: 'Charlie Brooks', agency: 'NPF', unit: 'PPU-S', roles: ['data-protection-officer'] },
  { username: 'national.admin', name: 'Rowan Ellis', agency: 'FVU', unit: 'VET', roles: ['national-administrator'] },
  { username: 'vetting.authoriser', name: 'Avery Quinn', agency: 'FVU', unit: 'VET', roles: ['vetting-authoriser'] },
];

export const REGISTER_UNITS = AGENCIES.filter((a) => a.kind !== 'vetting-authority').flatMap((a) => a.units.map(([code]) => `${a.code}/${code}`));

const worksRegister = (roles: Role[]) => roles.some((r) => r === 'practitioner' || r === 'manager');

/**
 * The rest of the staff, invented with faker: every register unit gets practitioners (two where no
 * named account works there), every agency a manager, and probation its own administrator and
 * data protection officer. About forty accounts with the named ones.
 */
export function generatedUsers(faker: Faker, taken: Set<string>): WorldUser[] {
  const out: WorldUser[] = [];
  const person = (agency: string, unit: string, roles: Role[]) => {
    for (;;) {
      const given = faker.person.firstName();
      const family = faker.person.lastName();
      const username = `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '');
      if (taken.has(username) || username.length < 3) continue;
      taken.add(username);
      out.push({ username, name: `${given} ${family}`, agency, unit, roles });
      return;
    }
  };
  const named = [...NAMED_USERS, ...out];
  for (const key of REGISTER_UNITS) {
    const [agency = '', unit = ''] = key.split('/');
    const here = named.filter((u) => u.agency === agency && u.unit === unit && worksRegister(u.roles)).length;
    for (let i = here ? 1 : 2; i > 0; i--) person(agency, unit, ['practitioner']);
  }
  for (const a of AGENCIES.filter((x) => x.kind !== 'vetting-authority')) {
    if (!NAMED_USERS.some((u) => u.agency === a.code && u.roles.includes('manager'))) person(a.code, a.units[0]![0], ['manager', 'practitioner']);
  }
  person('PNE', 'PDU-B', ['administrator']);
  person('PNE', 'PDU-B', ['data-protection-officer']);
  return out;
}

export interface WorldUnit {
  id: string;
  key: string;
  agencyId: string;
  agencyCode: string;
  kind: AgencyKind;
}

export interface World {
  units: Map<string, WorldUnit>;
  userIds: Map<string, string>;
  /** Practitioners and managers of each register unit: who can own and manage records there. */
  officers: Map<string, string[]>;
}

export interface WorldOptions {
  passwordHash: string;
  isDemo: boolean;
  /** A sealed TOTP secret for every account (the benchmark's world); none in the demo. */
  mfaSecretSealed?: string;
  now: Date;
}

/** Agencies, units, accounts, roles and clearance. Accounts already there are left as they are. */
export async function seedWorld(tx: Tx, people: WorldUser[], o: WorldOptions): Promise<World> {
  const units = new Map<string, WorldUnit>();
  for (const a of AGENCIES) {
    const agencyId = await org.upsertAgency(tx.db, { code: a.code, name: a.name, kind: a.kind });
    for (const [code, name] of a.units) {
      const key = `${a.code}/${code}`;
      units.set(key, { id: await org.upsertUnit(tx.db, agencyId, code, name), key, agencyId, agencyCode: a.code, kind: a.kind });
    }
  }
  const existing = await seedRepo.usersByName(tx.db, people.map((p) => p.username));
  const fresh = people.filter((p) => !existing.has(p.username));
  const created = await seedRepo.insertUsers(
    tx.db,
    fresh.map((u) => ({
      username: u.username,
      display_name: u.name,
      email: `${u.username}@${u.agency.toLowerCase()}.example.org`,
      unit_id: units.get(`${u.agency}/${u.unit}`)!.id,
      password_hash: o.passwordHash,
      password_change_required: false,
      is_demo: o.isDemo,
      mfa_secret_enc: o.mfaSecretSealed ?? null,
      mfa_enrolled_at: o.mfaSecretSealed ? o.now : null,
    })),
  );
  const userIds = new Map([...existing, ...created]);
  await seedRepo.insertRoles(tx.db, fresh.flatMap((u) => u.roles.map((role) => ({ user_id: userIds.get(u.username)!, role }))));
  const day = 86_400_000;
  await seedRepo.insertClearances(
    tx.db,
    people.filter((u) => worksRegister(u.roles)).map((u) => ({
      user_id: userIds.get(u.username)!,
      level: 'NPPV3',
      granted_at: new Date(o.now.getTime() - 30 * day),
      expires_at: new Date(o.now.getTime() + 335 * day),
    })),
  );
  const officers = new Map<string, string[]>();
  for (const u of people.filter((p) => worksRegister(p.roles))) {
    const key = `${u.agency}/${u.unit}`;
    officers.set(key, [...(officers.get(key) ?? []), userIds.get(u.username)!]);
  }
  return { units, userIds, officers };
}
