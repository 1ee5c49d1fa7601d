import type { TestProject } from 'vitest/node';
import { createScratchDatabase, fromUrl } from '../../server/db/database.ts';
import { throwawayServer } from '../../server/db/scratch.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemo } from '../../server/modules/seed/seed.demo.ts';
import { ACCOUNTS_TEMPLATE, DEMO_TEMPLATE } from './templates.ts';

/**
 * One PostgreSQL server for every journey of a run (an embedded one, or VIGIL_JOURNEY_DATABASE_URL's)
 * and the demo world seeded on it once, as a template: each journey's server starts on a copy,
 * which takes a moment, where seeding the world took seconds for every journey.
 */
export default async function setup(project: TestProject) {
  const server = await throwawayServer(process.env.VIGIL_JOURNEY_DATABASE_URL, 'vigil-journeys');
  const { url } = server;
  project.provide('journeyDatabaseUrl', url);
  const made: string[] = [];
  for (const [name, nominals] of [[DEMO_TEMPLATE, undefined], [ACCOUNTS_TEMPLATE, 0]] as const) {
    const admin = fromUrl(url, 1);
    await admin.pool.query(`drop database if exists ${name} with (force)`);
    await admin.close();
    const scratch = await createScratchDatabase(url, name, { poolSize: 4 });
    made.push(name);
    await migrate(scratch.database);
    await seedDemo(scratch.database, nominals === undefined ? {} : { nominals });
    await scratch.database.close();
  }
  return async () => {
    const admin = fromUrl(url, 1);
    for (const name of made) await admin.pool.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.close();
    await server.stop();
  };
}
