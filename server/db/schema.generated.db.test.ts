import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { serverVersion } from './database.ts';
import { REGENERATE_COMMAND, SCHEMA_TYPES_FILE, generateSchemaTypes } from './schema.codegen.ts';

// A copy of the run's migrated template: the template itself may not be connected to while copied.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('server/db/schema.generated.ts', () => {
  it('is what the migrations generate (else run the command and commit the file)', async () => {
    const generated = await generateSchemaTypes(t.db);
    const committed = readFileSync(SCHEMA_TYPES_FILE, 'utf8');
    const version = await serverVersion(t);
    // The diff below reads: - the committed file, + what the migrations give.
    expect(
      generated,
      `server/db/schema.generated.ts does not match the migrations (read on PostgreSQL ${version}). Run ${REGENERATE_COMMAND} and commit the file.`,
    ).toBe(committed);
  });
});
