import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runningServer, startEmbedded, stopServer } from './embedded.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'vigil-embedded-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function answers(url: string): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL server', () => {
  it('initialises once, is reused by a second process rather than doubled, and stops when its owner is done', async () => {
    const dataDir = tmp();
    const first = await startEmbedded({ dataDir, adopt: true });
    expect(await answers(first.url())).toMatch(/^18\./);
    const pid = runningServer(path.join(dataDir, 'postgres'))!.pid;
    // A command beside the server: the same server, and it does not stop it.
    const beside = await startEmbedded({ dataDir });
    expect(beside.port).toBe(first.port);
    expect(beside.owned).toBe(false);
    await beside.stop();
    expect(runningServer(path.join(dataDir, 'postgres'))?.pid).toBe(pid);
    await first.stop();
    expect(runningServer(path.join(dataDir, 'postgres'))).toBeUndefined();
    // Started again, it keeps its data (no second initialisation).
    const again = await startEmbedded({ dataDir, adopt: true });
    expect(await answers(again.url())).toMatch(/^18\./);
    await again.stop();
  }, 60_000);

  it('refuses, in one line, a directory made by another major version', async () => {
    const dataDir = tmp();
    const pgDir = path.join(dataDir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    writeFileSync(path.join(pgDir, 'PG_VERSION'), '16\n');
    if (process.getuid?.() === 0) chownSync(pgDir, 65534, 65534);
    await expect(startEmbedded({ dataDir })).rejects.toThrow(
      /^The embedded database in .* was made by PostgreSQL 16, and this Vigil runs PostgreSQL 18\. Export it with that version's pg_dump/,
    );
  });

  it('refuses, in one line, a directory that belongs to another user', async () => {
    const dataDir = tmp();
    const pgDir = path.join(dataDir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    const uid = process.getuid?.() === 0 ? 4242 : undefined;
    if (uid === undefined) return; // only root can give a directory away
    chownSync(pgDir, uid, uid);
    await expect(startEmbedded({ dataDir })).rejects.toThrow(/^The embedded database in .* belongs to another user \(uid 4242\)\. Run Vigil as that user/);
  });

  it('says what to do about a server that will not stop', async () => {
    const stubborn = spawn('sh', ['-c', 'trap "" INT; sleep 30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      await expect(stopServer('/somewhere/postgres', stubborn.pid!, 500)).rejects.toThrow(
        `The embedded database (pid ${stubborn.pid}, in /somewhere/postgres) did not stop within 0.5 s. Nothing acknowledged is lost; stop it with: kill -INT ${stubborn.pid}`,
      );
    } finally {
      stubborn.kill('SIGKILL');
    }
  });
});
