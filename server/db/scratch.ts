import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, type Database } from './database.ts';
import { startEmbedded } from './embedded.ts';

/**
 * A database that is thrown away afterwards, for benchmarks that must never touch real data: a new
 * database on the server `url` names, or, with no URL, on an embedded server in a temporary
 * directory. `drop()` removes the database, and the server and its directory where one was made.
 */
export async function scratchDatabase(url: string | undefined, o: { prefix: string; poolSize?: number }): Promise<{ database: Database; url: string; embedded: boolean; drop(): Promise<void> }> {
  const name = `${o.prefix}_${randomBytes(4).toString('hex')}`;
  if (url) {
    const s = await createScratchDatabase(url, name, { poolSize: o.poolSize });
    return { database: s.database, url: s.url, embedded: false, drop: s.drop };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${o.prefix}-`));
  const server = await startEmbedded({ dataDir, adopt: true });
  try {
    const s = await createScratchDatabase(server.url(), name, { poolSize: o.poolSize });
    return {
      database: s.database,
      url: s.url,
      embedded: true,
      async drop() {
        await s.drop();
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
