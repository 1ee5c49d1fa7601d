import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../views.ts';

function vigil(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/vigil.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('vigil seed', () => {
  it('adds N synthetic records to the embedded database, with progress on stderr and what it did on stdout', () => {
    const env = { VIGIL_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vigil-seed-')) };
    const r = vigil(['seed', '--nominals', '300'], env);
    expect(r.err).toMatch(/^nominals: 300 of 300 \(100%\) after \d+\.\d s$/m);
    expect(r.out).toMatch(/^no practitioners to own the records: loaded the \d+ demo accounts first; password for each: vigil-demo-2026$/m);
    expect(r.out).toMatch(/^added 300 synthetic records in \d+\.\d s \(\d+ per s\)$/m);
    expect(r.out).toMatch(/^the register now holds 300 records, \d+ names, \d+ identifiers, \d+ partner links and \d+ items$/m);
    expect(r.code).toBe(0);
  }, 120_000);

  it('says what to give when the options are missing or wrong, without opening the database', () => {
    expect(vigil(['seed']).err.trim()).toBe('vigil: Say what to load: --demo (the demo world) or --nominals N (N synthetic records), or both.');
    const bad = vigil(['seed', '--nominals', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe('vigil: Give --nominals as a whole number from 1 to 5000000, for example --nominals 200000');
  }, 90_000);
});
