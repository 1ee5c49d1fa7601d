import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPglite, createScratchDatabase, fromPglite, type Database } from '../db/database.ts';
import { inject } from 'vitest';
import { ROOT } from '../views.ts';

export const TEMPLATE_DIR = path.join(ROOT, '.test-data');

export const testEngine = (): 'pglite' | 'postgresql' =>
  process.env.VIGIL_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/** One template per vitest run, named by the global setup and handed to every test file. */
export const newPgTemplateName = () => `vigil_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;

export interface TestDatabase extends Database {
  /** Drops the copy (PostgreSQL) or closes it (PGlite). */
  destroy(): Promise<void>;
  url?: string;
}

/** A fresh database for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'postgresql') {
    const name = `vigil_t_${randomBytes(6).toString('hex')}`;
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, name, { template: inject('pgTemplate') });
    return { ...scratch.database, url: scratch.url, destroy: scratch.drop };
  }
  const blob = new Blob([readFileSync(path.join(TEMPLATE_DIR, 'pglite-template.tar'))]);
  const database = fromPglite(await createPglite(blob));
  return { ...database, destroy: () => database.close() };
}
