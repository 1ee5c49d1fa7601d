import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import { seededFaker, DEMO_SEED, startOfToday } from './seed.faker.ts';
import { makePeople, type OwnerUnit } from './seed.people.ts';
import * as seedRepo from './seed.repository.ts';

export interface LargeSeedResult {
  added: number;
  seconds: number;
  counts: Awaited<ReturnType<typeof seedRepo.registerCounts>>;
}

const BATCH = 2_000;

/** The units with practitioners or managers, each with those officers: who will own the records. */
export async function ownersInDatabase(database: Database): Promise<OwnerUnit[]> {
  const rows = await seedRepo.registerOfficers(database.db);
  const byUnit = new Map<string, OwnerUnit>();
  for (const r of rows) {
    const unit = byUnit.get(r.unitId) ?? { unitId: r.unitId, agencyId: r.agencyId, agencyCode: r.agencyCode, kind: r.kind, officers: [] };
    unit.officers.push({ id: r.userId, name: r.displayName });
    byUnit.set(r.unitId, unit);
  }
  return [...byUnit.values()].filter((u) => u.kind !== 'vetting-authority');
}

/**
 * Adds `count` synthetic records (names, identifiers, partner units, a few items each) to the
 * register, owned by the units and officers already there, in batches of 2,000: each batch is one
 * transaction, and the next batch is generated while the last one is written.
 */
export async function seedNominals(database: Database, count: number, onProgress: (done: number) => void = () => {}): Promise<LargeSeedResult> {
  const started = performance.now();
  const owners = await ownersInDatabase(database);
  if (!owners.length) throw new Error('No practitioners or managers to own the records: load the demo world first (vigil seed --demo) or create users.');
  const numbers = await seedRepo.reserveReferenceNumbers(database.db, count);
  const today = startOfToday();
  // Seeded from the first reference number: the same database state gives the same people.
  const faker = seededFaker(DEMO_SEED + (numbers[0] ?? 0), today);
  const anyUsers = owners.flatMap((u) => u.officers.map((o) => o.id));
  let writing: Promise<void> = Promise.resolve();
  let done = 0;
  for (let i = 0; i < numbers.length; i += BATCH) {
    const batch = makePeople({ faker, owners, numbers: numbers.slice(i, i + BATCH), today, detail: 'light', anyUsers });
    await writing;
    writing = withTransaction(database, systemContext(), (tx) => seedRepo.insertRegisterBatch(tx.db, batch)).then(() => {
      done += batch.nominals.length;
      onProgress(done);
    });
    // Let the write get going before the next batch takes the CPU.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await writing;
  await withTransaction(database, systemContext(), (tx) => tx.record({ type: 'system.register-loaded', payload: { nominals: count } }));
  await seedRepo.analyse(database.db);
  return { added: count, seconds: (performance.now() - started) / 1000, counts: await seedRepo.registerCounts(database.db) };
}
