import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPglite, fromPglite, fromUrl, type Database } from '../db/database.ts';
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

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase extends Database {
  /** Drops the copy (PostgreSQL) or closes it (PGlite). */
  destroy(): Promise<void>;
  url?: string;
}

/** A fresh database for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'postgresql') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `vigil_t_${randomBytes(6).toString('hex')}`;
    const admin = fromUrl(base, 1);
    // PostgreSQL copies a template for one CREATE DATABASE at a time: take turns.
    const client = await admin.pool.connect();
    try {
      await client.query('select pg_advisory_lock(7351002)');
      await client.query(`create database ${name} template ${inject('pgTemplate')}`);
    } finally {
      await client.query('select pg_advisory_unlock(7351002)');
      client.release();
    }
    const url = withDatabaseName(base, name);
    const database = fromUrl(url, 5);
    return {
      ...database,
      url,
      async destroy() {
        await database.close();
        await admin.pool.query(`drop database if exists ${name} with (force)`);
        await admin.close();
      },
    };
  }
  const blob = new Blob([readFileSync(path.join(TEMPLATE_DIR, 'pglite-template.tar'))]);
  const database = fromPglite(await createPglite(blob));
  return { ...database, destroy: () => database.close() };
}
