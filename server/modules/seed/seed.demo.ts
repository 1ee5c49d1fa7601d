import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemClock, ukToday } from '../../shared/clock.ts';
import { systemContext, type Role } from '../../shared/context.ts';
import { hashPassword } from '../identity/identity.passwords.ts';
import { recomputeClock } from '../notification/notification.recompute.ts';
import { DEMO_SEED, fastUuid, seededFaker, startOfToday } from './seed.faker.ts';
import { makePeople, type OwnerUnit } from './seed.people.ts';
import { demoCasework, type DemoMeetingSubject, type DemoSubject } from './seed.notification.ts';
import { insertDemoCasework } from './seed.notification.repository.ts';
import * as seedRepo from './seed.repository.ts';
import type { RegisterBatch } from './seed.repository.ts';
import { seedVettingDemo } from './seed.vetting.ts';
import { generatedUsers, NAMED_USERS, seedWorld, type World, type WorldUser } from './seed.world.ts';

/** The one password every demo account shares. Demo data is invented; never reuse this anywhere real. */
export const DEMO_PASSWORD = 'vigil-demo-2026';

/** Records in the demo register: the named five below and the rest invented by faker. */
export const DEMO_NOMINALS = 2_000;

export interface DemoSeedResult {
  users: { username: string; name: string; roles: Role[] }[];
  password: string;
  nominals: number;
}

// Invented people the journeys and the README look for: names chosen to be plainly fictional.
const NAMED_NOMINALS: { given: string; family: string; dob: string; type: string; owner: string; manager: string; partners: string[] }[] = [
  { given: 'Jonah', family: 'Testwell', dob: '1979-04-12', type: 'rso', owner: 'NPF/PPU-N', manager: 'police.officer', partners: ['PNE/PDU-A'] },
  { given: 'Marcus', family: 'Demoford', dob: '1985-11-03', type: 'violent-other-sexual', owner: 'PNE/PDU-A', manager: 'probation.officer', partners: ['NPF/PPU-N'] },
  { given: 'Lena', family: 'Samplethorpe', dob: '1990-07-21', type: 'other-dangerous', owner: 'NPF/PPU-N', manager: 'police.officer', partners: [] },
  { given: 'Karl', family: 'Fictionley', dob: '1968-01-30', type: 'rso', owner: 'WVC/MOSOVO', manager: 'westvale.officer', partners: [] },
  { given: 'Dean', family: 'Placeholdson', dob: '1994-09-09', type: 'pdp', owner: 'NPF/PPU-N', manager: 'police.manager', partners: ['HMP-HB/OMU'] },
];

/** The whole staff of the demo world: the named accounts and the invented ones, the same every time. */
export function demoPeople(faker = seededFaker(DEMO_SEED, startOfToday())): WorldUser[] {
  return [...NAMED_USERS, ...generatedUsers(faker, new Set(NAMED_USERS.map((u) => u.username)))];
}

/** Units that own records, with their practitioners and managers. */
export function ownerUnits(world: World, people: WorldUser[]): OwnerUnit[] {
  const names = new Map(people.map((p) => [world.userIds.get(p.username)!, p.name]));
  return [...world.officers].map(([key, ids]) => {
    const u = world.units.get(key)!;
    return { unitId: u.id, agencyId: u.agencyId, agencyCode: u.agencyCode, kind: u.kind, officers: ids.map((id) => ({ id, name: names.get(id) ?? '' })) };
  });
}

/**
 * Builds the demo world: organisations, about forty accounts with clearance, and about 2,000
 * invented records with their attachments (`nominals: 0` for the accounts alone). Running it
 * again changes nothing already there; the register is only filled when it is empty.
 */
export async function seedDemo(database: Database, options: { nominals?: number; now?: Date } = {}): Promise<DemoSeedResult> {
  const now = options.now ?? systemClock.now();
  const today = startOfToday(now);
  const faker = seededFaker(DEMO_SEED, today);
  const people = demoPeople(faker);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const total = options.nominals ?? DEMO_NOMINALS;
  const subjects: { offenders: DemoSubject[]; meetings: DemoMeetingSubject[] } = { offenders: [], meetings: [] };
  const loaded = await withTransaction(database, systemContext(now), async (tx) => {
    const world = await seedWorld(tx, people, { passwordHash, isDemo: true, now: tx.ctx.now });
    let count = 0;
    if (total > 0 && (await seedRepo.registerIsEmpty(tx.db))) {
      const numbers = await seedRepo.reserveReferenceNumbers(tx.db, total);
      const named = numbers.slice(0, NAMED_NOMINALS.length);
      await seedRepo.insertRegisterBatch(tx.db, namedBatch(world, named, faker));
      const rest = numbers.slice(NAMED_NOMINALS.length);
      const owners = ownerUnits(world, people);
      const anyUsers = [...world.userIds.values()];
      for (let i = 0; i < rest.length; i += 1_000) {
        const batch = makePeople({ faker, owners, numbers: rest.slice(i, i + 1_000), today, detail: 'full', anyUsers });
        await seedRepo.insertRegisterBatch(tx.db, batch);
        caseworkSubjects(batch, subjects);
      }
      count = numbers.length;
    }
    // After the register, so its invented records stay the same with or without vetting.
    const applications = await seedVettingDemo(tx, world, faker, { passwordHash, now: tx.ctx.now });
    // The named records stay without notification facts or meetings: the journeys record their own.
    if (count > 0) {
      const agencies = [...new Map([...world.units.values()].map((u) => [u.agencyId, { id: u.agencyId, kind: u.kind }])).values()];
      await insertDemoCasework(tx.db, demoCasework(faker, { today, ...subjects, agencies }));
    }
    await tx.record({ type: 'system.demo-data-loaded', payload: { users: people.length, nominals: count, vettingApplications: applications } });
    return count;
  });
  // The due dates the work lists read, as the daily job would leave them.
  if (loaded) await recomputeClock(database, { asOf: ukToday(now), now });
  // Fresh statistics for the planner, as a server's autovacuum would leave them after a while.
  if (loaded) await seedRepo.analyse(database.db);
  return { users: people.map((u) => ({ username: u.username, name: u.name, roles: u.roles })), password: DEMO_PASSWORD, nominals: loaded };
}

function namedBatch(world: World, numbers: number[], faker: ReturnType<typeof seededFaker>): seedRepo.RegisterBatch {
  const batch: seedRepo.RegisterBatch = { nominals: [], names: [], identifiers: [], relationships: [], exclusions: [], restrictions: [], files: [], items: [], history: [] };
  NAMED_NOMINALS.forEach((n, i) => {
    const owner = world.units.get(n.owner)!;
    const id = fastUuid(faker);
    batch.nominals.push({
      id,
      reference: `${owner.agencyCode}-${String(numbers[i]).padStart(6, '0')}`,
      nominal_type: n.type,
      status: 'active',
      family_name: n.family,
      given_names: n.given,
      date_of_birth: n.dob,
      gender: 'male',
      owning_unit_id: owner.id,
      managing_officer_id: world.userIds.get(n.manager)!,
      wanted_since: null,
      missing_since: null,
    });
    batch.names.push({ nominal_id: id, name_type: 'primary', family_name: n.family, given_names: n.given });
    for (const p of n.partners) batch.relationships.push({ nominal_id: id, unit_id: world.units.get(p)!.id, role: 'partner' });
  });
  return batch;
}

/** Who in a generated batch gets notification facts (active registered sex offenders) and a meeting (level 2 and 3). */
function caseworkSubjects(batch: RegisterBatch, into: { offenders: DemoSubject[]; meetings: DemoMeetingSubject[] }) {
  const active = new Map(batch.nominals.filter((n) => n.status === 'active').map((n) => [n.id, n]));
  for (const n of active.values()) if (n.nominal_type === 'rso') into.offenders.push({ id: n.id, managerId: n.managing_officer_id });
  for (const item of batch.items) {
    const n = active.get(item.nominal_id);
    const level = item.kind === 'mappa' ? Number(item.data.level) : 0;
    if (n && (level === 2 || level === 3)) into.meetings.push({ id: n.id, managerId: n.managing_officer_id, level });
  }
}
