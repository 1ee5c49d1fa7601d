import { defineConfig } from 'vitest/config';

// Three kinds of test, by file name:
//   *.test.ts        no database: pure logic
//   *.db.test.ts     a fresh database per file: on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set
//   *.pg.test.ts     on PostgreSQL only (what an embedded database cannot do, such as going away)
//   *.journey.ts     a real server driven by Debian's Chromium, with axe on every page
const onPostgres = !!process.env.TEST_DATABASE_URL;
if (process.env.VIGIL_REQUIRE_POSTGRES && !onPostgres) {
  throw new Error('VIGIL_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not: the PostgreSQL tests would not run.');
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
          name: 'pglite',
          include: ['server/**/*.db.test.ts'],
          globalSetup: ['server/testing/global-setup.ts'],
          env: { VIGIL_TEST_ENGINE: 'pglite' },
        },
      },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: ['server/**/*.db.test.ts', 'server/**/*.pg.test.ts'],
                globalSetup: ['server/testing/global-setup.ts'],
                env: { VIGIL_TEST_ENGINE: 'postgresql' },
              },
            },
          ]
        : []),
      {
        extends: true as const,
        test: {
          name: 'browser',
          include: ['integration_tests/**/*.journey.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
