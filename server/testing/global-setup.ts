import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPglite, fromPglite, fromUrl, withDatabaseName } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { TEMPLATE_DIR, newPgTemplateName } from './test-database.ts';

/**
 * Migrates one template database per run; each test file then starts from a
 * copy of it, which is far faster than migrating per file.
 */
export default async function setup(project: TestProject) {
  const engine = project.config.env?.VIGIL_TEST_ENGINE;
  if (engine === 'postgresql') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = newPgTemplateName();
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
    };
  }
  const pglite = await createPglite(undefined);
  const database = fromPglite(pglite);
  await migrate(database);
  const dump = await pglite.dumpDataDir('none');
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  writeFileSync(path.join(TEMPLATE_DIR, 'pglite-template.tar'), Buffer.from(await dump.arrayBuffer()));
  await database.close();
}
