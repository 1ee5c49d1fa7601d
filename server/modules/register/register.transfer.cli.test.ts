import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../views.ts';

const BIN = path.join(ROOT, 'bin/vigil.js');

function vigil(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('vigil jobs escalate-transfers', () => {
  it('is explained by --help, runs on the embedded database, and refuses a nonsensical number of days', () => {
    const help = vigil(['jobs', 'escalate-transfers', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('REGISTER_TRANSFER_ESCALATION_DAYS');
    const env = { VIGIL_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-')) };
    const run = vigil(['jobs', 'escalate-transfers'], env);
    expect(run.err).toBe('');
    expect(run.out).toBe('escalated 0 transfers\n');
    const bad = vigil(['jobs', 'escalate-transfers'], { ...env, REGISTER_TRANSFER_ESCALATION_DAYS: '0' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('REGISTER_TRANSFER_ESCALATION_DAYS');
  }, 180_000);
});
