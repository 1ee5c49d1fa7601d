import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Kinds of test, by file name:
//   *.test.ts        no database: pure logic (`npm run test:unit` runs these alone)
//   *.db.test.ts     a fresh database per file, copied from one migrated template, on one server a run:
//   *.pg.test.ts     TEST_DATABASE_URL's PostgreSQL server when it is set, else an embedded one the run starts
//   *.journey.ts     a real server driven by Debian's Chromium, with axe on every page
if (process.env.VIGIL_REQUIRE_POSTGRES && !process.env.TEST_DATABASE_URL) {
  throw new Error('VIGIL_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not: the database tests would not run on the PostgreSQL server.');
}

// The journeys need Debian's Chromium. Without it `npm test` says so and runs the rest; CI requires it.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserFound = existsSync(chromium);
if (!browserFound) {
  if (process.env.VIGIL_REQUIRE_BROWSER) throw new Error(`VIGIL_REQUIRE_BROWSER is set but there is no Chromium at ${chromium}: install it with apt-get install -y chromium, or set CHROMIUM_PATH.`);
  if (!process.env.VIGIL_BROWSER_SKIP_SAID) console.warn(`Browser journeys skipped: no Chromium at ${chromium}. Install it with apt-get install -y chromium (or set CHROMIUM_PATH) to run them.`);
  process.env.VIGIL_BROWSER_SKIP_SAID = '1';
}

export default defineConfig({
  test: {
    reporters: ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts'],
          exclude: ['server/**/*.db.test.ts', 'server/**/*.pg.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true as const,
        test: {
          name: 'db',
          include: ['server/**/*.db.test.ts', 'server/**/*.pg.test.ts'],
          globalSetup: ['server/testing/global-setup.ts'],
        },
      },
      ...(browserFound
        ? [
            {
              extends: true as const,
              test: {
                name: 'browser',
                include: ['integration_tests/**/*.journey.ts'],
                globalSetup: ['integration_tests/support/global-setup.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
