import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.ts';
import { REGENERATE_COMMAND, SCHEMA_TYPES_FILE, generateSchemaTypes } from './schema.codegen.ts';
import { scratchDatabase } from './scratch.ts';

/**
 * `npm run db:types [-- --check] [-- <postgres url>]`: migrates a new, empty database and writes
 * the table types generated from it to server/db/schema.generated.ts. The database is on an embedded
 * PostgreSQL server started in a temporary directory, or on the server a URL names; either way it is
 * dropped afterwards. With --check it writes nothing and fails when the committed file is stale.
 */
async function main(args: string[]): Promise<number> {
  const check = args.includes('--check');
  const url = args.find((a) => !a.startsWith('--'));
  const scratch = await scratchDatabase(url, { prefix: 'vigil_schema_types', poolSize: 2 });
  let generated: string;
  try {
    await migrate(scratch.database);
    generated = await generateSchemaTypes(scratch.database.db);
  } finally {
    await scratch.drop();
  }
  const file = path.relative(process.cwd(), SCHEMA_TYPES_FILE);
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_TYPES_FILE, 'utf8');
  } catch {
    // no file yet: it is written below
  }
  if (committed === generated) {
    console.log(`${file} is up to date with the migrations.`);
    return 0;
  }
  if (check) {
    console.error(`${file} does not match the migrations. Run ${REGENERATE_COMMAND} and commit the file.`);
    return 1;
  }
  writeFileSync(SCHEMA_TYPES_FILE, generated);
  console.log(`Wrote ${file} from the migrations. Commit it with the migration.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not generate the schema types: ${(error as Error).message}`);
    process.exit(1);
  },
);
