import type { TestProject } from 'vitest/node';
import { fromUrl, withDatabaseName } from '../db/database.ts';
import { throwawayServer } from '../db/scratch.ts';
import { migrate } from '../db/migrate.ts';
import { newPgTemplateName } from './test-database.ts';

/**
 * One database server per run (TEST_DATABASE_URL's, or an embedded one in a temporary directory)
 * and one migrated template on it; each test file then starts from a copy of the template, which
 * is far faster than migrating per file.
 */
export default async function setup(project: TestProject) {
  const server = await throwawayServer(process.env.TEST_DATABASE_URL, 'vigil-test-db');
  const { url } = server;
  const name = newPgTemplateName();
  project.provide('dbUrl', url);
  project.provide('pgTemplate', name);
  const admin = fromUrl(url, 1);
  await admin.pool.query(`drop database if exists ${name}`);
  await admin.pool.query(`create database ${name}`);
  const template = fromUrl(withDatabaseName(url, name), 1);
  await migrate(template);
  await template.close();
  // A closed connection's server process lingers a moment, and a template in use cannot be copied.
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.pool.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (rows[0]?.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return async () => {
    await admin.pool.query(`drop database if exists ${name} with (force)`);
    await admin.close();
    await server.stop();
  };
}
