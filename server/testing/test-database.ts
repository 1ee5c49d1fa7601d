import { randomBytes } from 'node:crypto';
import { createScratchDatabase, type Database } from '../db/database.ts';
import { inject } from 'vitest';

/** Which server the database tests run on: TEST_DATABASE_URL's, or an embedded one the run starts. */
export const testEngine = (): 'embedded' | 'postgresql' => (process.env.TEST_DATABASE_URL ? 'postgresql' : 'embedded');

declare module 'vitest' {
  export interface ProvidedContext {
    dbUrl: string;
    pgTemplate: string;
  }
}

/** One template per vitest run, named by the global setup and handed to every test file. */
export const newPgTemplateName = () => `vigil_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;

export interface TestDatabase extends Database {
  /** Drops the copy. */
  destroy(): Promise<void>;
  url?: string;
}

/** A fresh database for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vigil_t_${randomBytes(6).toString('hex')}`;
  const scratch = await createScratchDatabase(inject('dbUrl'), name, { template: inject('pgTemplate') });
  return { ...scratch.database, url: scratch.url, destroy: scratch.drop };
}
