import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, type Database } from './database.ts';
import { startEmbedded } from './embedded.ts';

/**
 * A server for databases that are thrown away afterwards (tests, benchmarks): the one `url` names,
 * or, with no URL, an embedded one in a temporary directory, which `stop()` stops and removes.
 * `url` is the server's maintenance database, from which others are made.
 */
export async function throwawayServer(url: string | undefined, prefix: string): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  if (url) return { url, embedded: false, stop: async () => {} };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  try {
    const server = await startEmbedded({ dataDir, adopt: true });
    return {
      url: server.url('postgres'),
      embedded: true,
      async stop() {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A database that is thrown away afterwards, for benchmarks that must never touch real data, on a
 * throwaway server. `drop()` removes the database, and the server and its directory where one was made.
 */
export async function scratchDatabase(url: string | undefined, o: { prefix: string; poolSize?: number }): Promise<{ database: Database; url: string; embedded: boolean; drop(): Promise<void> }> {
  const server = await throwawayServer(url, o.prefix);
  try {
    const s = await createScratchDatabase(server.url, `${o.prefix}_${randomBytes(4).toString('hex')}`, { poolSize: o.poolSize });
    return {
      database: s.database,
      url: s.url,
      embedded: server.embedded,
      async drop() {
        await s.drop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
