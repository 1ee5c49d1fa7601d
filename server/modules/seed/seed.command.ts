import type { Database } from '../../db/database.ts';
import { seedDemo } from './seed.demo.ts';
import { ownersInDatabase, seedNominals } from './seed.large.ts';
import { createProgress } from './seed.progress.ts';

export interface SeedCommandOptions {
  demo?: boolean;
  nominals?: string;
}

export class SeedUsageError extends Error {}

export interface SeedPlan {
  demo: boolean;
  count: number | undefined;
}

/** Checks the options before any database is opened. */
export function planSeed(o: SeedCommandOptions): SeedPlan {
  const count = o.nominals === undefined ? undefined : Number(o.nominals);
  if (!o.demo && count === undefined) throw new SeedUsageError('Say what to load: --demo (the demo world) or --nominals N (N synthetic records), or both.');
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 5_000_000)) {
    throw new SeedUsageError('Give --nominals as a whole number from 1 to 5000000, for example --nominals 200000');
  }
  return { demo: !!o.demo, count };
}

/** `vigil seed`: the demo world, a large register, or both (the demo first). Returns the lines to print. */
export async function runSeedCommand(database: Database, plan: SeedPlan): Promise<string[]> {
  const lines: string[] = [];
  const { count } = plan;
  const started = performance.now();
  if (plan.demo) {
    const result = await seedDemo(database);
    lines.push(`loaded ${result.users.length} demo accounts; password for each: ${result.password}`);
    lines.push(result.nominals ? `loaded ${result.nominals} demo records in ${((performance.now() - started) / 1000).toFixed(1)} s` : 'the register already had records: no demo records added');
  }
  if (count !== undefined) {
    if (!(await ownersInDatabase(database)).length) {
      // A database with nobody to own records (a fresh benchmark database): the demo accounts do.
      const result = await seedDemo(database, { nominals: 0 });
      lines.push(`no practitioners to own the records: loaded the ${result.users.length} demo accounts first; password for each: ${result.password}`);
    }
    const progress = createProgress(count, 'nominals');
    const result = await seedNominals(database, count, (done) => progress.update(done));
    progress.finish();
    const c = result.counts;
    lines.push(`added ${result.added} synthetic records in ${result.seconds.toFixed(1)} s (${Math.round(result.added / result.seconds)} per s)`);
    lines.push(`the register now holds ${c.nominals} records, ${c.names} names, ${c.identifiers} identifiers, ${c.relationships} partner links and ${c.items} items`);
  }
  return lines;
}
