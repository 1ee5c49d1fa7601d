import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext, type Role } from '../../shared/context.ts';
import * as org from '../identity/identity.organisation.repository.ts';
import { hashPassword } from '../identity/identity.passwords.ts';
import * as users from '../identity/identity.repository.ts';
import * as register from '../register/register.repository.ts';
import type { Tx } from '../../db/transaction.ts';

/** The one password every demo account shares. Demo data is invented; never reuse this anywhere real. */
export const DEMO_PASSWORD = 'vigil-demo-2026';

type Kind = 'police-force' | 'probation-region' | 'prison' | 'vetting-authority';

const AGENCIES: { code: string; name: string; kind: Kind; units: [string, string][] }[] = [
  { code: 'NPF', name: 'Northmoor Police', kind: 'police-force', units: [['PPU-N', 'Public Protection Unit North'], ['PPU-S', 'Public Protection Unit South']] },
  { code: 'WVC', name: 'Westvale Constabulary', kind: 'police-force', units: [['MOSOVO', 'Management of Sexual or Violent Offenders']] },
  { code: 'ESP', name: 'Eastshire Police', kind: 'police-force', units: [['PPU', 'Public Protection Unit']] },
  { code: 'PNE', name: 'Probation Service, North East region', kind: 'probation-region', units: [['PDU-A', 'Probation Delivery Unit A'], ['PDU-B', 'Probation Delivery Unit B']] },
  { code: 'PNW', name: 'Probation Service, North West region', kind: 'probation-region', units: [['PDU-C', 'Probation Delivery Unit C']] },
  { code: 'HMP-HB', name: 'HMP Harbour Bridge', kind: 'prison', units: [['OMU', 'Offender Management Unit']] },
  { code: 'HMP-GF', name: 'HMP Greyfield', kind: 'prison', units: [['OMU', 'Offender Management Unit']] },
  { code: 'FVU', name: 'Force Vetting Unit (shared service)', kind: 'vetting-authority', units: [['VET', 'Vetting team'], ['APP', 'Appeals panel']] },
];

interface DemoUser {
  username: string;
  name: string;
  agency: string;
  unit: string;
  roles: Role[];
}

const USERS: DemoUser[] = [
  { username: 'admin', name: 'Alex Admin', agency: 'NPF', unit: 'PPU-N', roles: ['administrator'] },
  { username: 'police.officer', name: 'Priya Patel', agency: 'NPF', unit: 'PPU-N', roles: ['practitioner'] },
  { username: 'police.manager', name: 'Morgan Hughes', agency: 'NPF', unit: 'PPU-N', roles: ['manager', 'practitioner'] },
  { username: 'westvale.officer', name: 'Sam Okafor', agency: 'WVC', unit: 'MOSOVO', roles: ['practitioner'] },
  { username: 'westvale.admin', name: 'Jo Whitfield', agency: 'WVC', unit: 'MOSOVO', roles: ['administrator'] },
  { username: 'probation.officer', name: 'Chris Lee', agency: 'PNE', unit: 'PDU-A', roles: ['practitioner'] },
  { username: 'probation.manager', name: 'Dana Evans', agency: 'PNE', unit: 'PDU-A', roles: ['manager'] },
  { username: 'prison.officer', name: 'Robin Shaw', agency: 'HMP-HB', unit: 'OMU', roles: ['practitioner'] },
  { username: 'vetting.officer', name: 'Kim Taylor', agency: 'FVU', unit: 'VET', roles: ['vetting-officer'] },
  { username: 'vetting.second', name: 'Lee Morgan', agency: 'FVU', unit: 'VET', roles: ['vetting-officer'] },
  { username: 'appeal.panel', name: 'Jordan Price', agency: 'FVU', unit: 'APP', roles: ['appeal-panel-member'] },
  { username: 'equality.lead', name: 'Ash Kaur', agency: 'FVU', unit: 'VET', roles: ['equality-lead'] },
  { username: 'dpo', name: 'Charlie Brooks', agency: 'NPF', unit: 'PPU-S', roles: ['data-protection-officer'] },
];

export interface DemoSeedResult {
  users: { username: string; name: string; roles: Role[] }[];
  password: string;
}

/** Builds the demo organisations and accounts. Running it again changes nothing already there. */
export async function seedDemo(database: Database): Promise<DemoSeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withTransaction(database, systemContext(), async (tx) => {
    const units = new Map<string, string>();
    for (const a of AGENCIES) {
      const agencyId = await org.upsertAgency(tx.db, { code: a.code, name: a.name, kind: a.kind });
      for (const [code, name] of a.units) units.set(`${a.code}/${code}`, await org.upsertUnit(tx.db, agencyId, code, name));
    }
    for (const u of USERS) {
      if (await users.findUserByUsername(tx.db, u.username)) continue;
      const id = await users.insertUser(tx.db, {
        username: u.username,
        display_name: u.name,
        email: `${u.username}@${u.agency.toLowerCase()}.example.org`,
        unit_id: units.get(`${u.agency}/${u.unit}`)!,
        password_hash: passwordHash,
        password_change_required: false,
        is_demo: true,
      });
      await users.replaceRoles(tx.db, id, u.roles, null);
    }
    await seedRegister(tx, units);
    await tx.record({ type: 'system.demo-data-loaded', payload: { users: USERS.length, agencies: AGENCIES.length } });
  });
  return { users: USERS.map((u) => ({ username: u.username, name: u.name, roles: u.roles })), password: DEMO_PASSWORD };
}

// Invented people: names chosen to be plainly fictional, dates of birth arbitrary.
const DEMO_NOMINALS: { given: string; family: string; dob: string; type: register.NewNominal['nominalType']; owner: string; manager: string; partners: string[] }[] = [
  { given: 'Jonah', family: 'Testwell', dob: '1979-04-12', type: 'rso', owner: 'NPF/PPU-N', manager: 'police.officer', partners: ['PNE/PDU-A'] },
  { given: 'Marcus', family: 'Demoford', dob: '1985-11-03', type: 'violent-other-sexual', owner: 'PNE/PDU-A', manager: 'probation.officer', partners: ['NPF/PPU-N'] },
  { given: 'Lena', family: 'Samplethorpe', dob: '1990-07-21', type: 'other-dangerous', owner: 'NPF/PPU-N', manager: 'police.officer', partners: [] },
  { given: 'Karl', family: 'Fictionley', dob: '1968-01-30', type: 'rso', owner: 'WVC/MOSOVO', manager: 'westvale.officer', partners: [] },
  { given: 'Dean', family: 'Placeholdson', dob: '1994-09-09', type: 'pdp', owner: 'NPF/PPU-N', manager: 'police.manager', partners: ['HMP-HB/OMU'] },
];

/** Clearance for the demo's register users, and a handful of records to find. */
async function seedRegister(tx: Tx, units: Map<string, string>) {
  const now = tx.ctx.now;
  const ids = new Map<string, string>();
  for (const u of USERS) {
    const row = await users.findUserByUsername(tx.db, u.username);
    if (!row) continue;
    ids.set(u.username, row.id);
    if (!u.roles.some((r) => r === 'practitioner' || r === 'manager')) continue;
    await tx.db
      .insertInto('clearance')
      .values({ user_id: row.id, level: 'NPPV3', granted_at: new Date(now.getTime() - 30 * 86_400_000), expires_at: new Date(now.getTime() + 335 * 86_400_000) })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }
  if (await tx.db.selectFrom('nominal').select('id').limit(1).executeTakeFirst()) return;
  for (const n of DEMO_NOMINALS) {
    const [agency = ''] = n.owner.split('/');
    const id = await register.insertNominal(tx.db, {
      reference: await register.nextReference(tx.db, agency),
      nominalType: n.type,
      familyName: n.family,
      givenNames: n.given,
      dateOfBirth: n.dob,
      gender: 'male',
      owningUnitId: units.get(n.owner)!,
      managingOfficerId: ids.get(n.manager)!,
      identifiers: [],
    });
    for (const p of n.partners) {
      await tx.db.insertInto('nominal_relationship').values({ nominal_id: id, unit_id: units.get(p)!, role: 'partner' }).execute();
    }
  }
}
