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
const WRITERS = 3;

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
 * register, owned by the units and officers already there, in batches of 2,000, each one
 * transaction. A failed batch stops the load; the batches written before it stay.
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
  // Up to three batches are written at once, on their own connections: the server does the
  // indexing work (trigram, primary keys, foreign keys) while this process generates the next one.
  const writing = new Set<Promise<void>>();
  let done = 0;
  for (let i = 0; i < numbers.length; i += BATCH) {
    const batch = makePeople({ faker, owners, numbers: numbers.slice(i, i + BATCH), today, detail: 'light', anyUsers });
    if (writing.size >= WRITERS) await Promise.race(writing);
    const write: Promise<void> = withTransaction(database, systemContext(), (tx) => seedRepo.insertRegisterBatch(tx.db, batch)).then(() => {
      writing.delete(write);
      done += batch.nominals.length;
      onProgress(done);
    });
    write.catch(() => {}); // seen by the race or Promise.all below; this only stops an unhandled rejection
    writing.add(write);
    // Let the write get going before the next batch takes the CPU.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(writing);
  await withTransaction(database, systemContext(), (tx) => tx.record({ type: 'system.register-loaded', payload: { nominals: count } }));
  // Fresh statistics for the planner, which would otherwise plan for the tables as they were.
  await seedRepo.analyse(database.db);
  return { added: count, seconds: (performance.now() - started) / 1000, counts: await seedRepo.registerCounts(database.db) };
}
