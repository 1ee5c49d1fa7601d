import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './views.ts';

const BIN = path.join(ROOT, 'bin/vigil.js');

function vigil(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));

describe('the vigil command', () => {
  it('explains every command with --help', () => {
    for (const args of [[], ['serve'], ['migrate'], ['seed'], ['user'], ['user', 'create'], ['user', 'disable'], ['user', 'reset-mfa'], ['audit', 'verify'], ['audit', 'witness'], ['api-client', 'create']]) {
      const r = vigil([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/^Usage: vigil/);
    }
    // Eleven processes, each loading every module through the TypeScript loader.
  }, 180_000);

  it('ends with one line naming the problem when DATABASE_URL cannot be reached', () => {
    const r = vigil(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/vigil' });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      'vigil: Cannot connect to PostgreSQL at 127.0.0.1:1/vigil: connection refused. Is the server running, and is DATABASE_URL right?',
    );
  });

  it('migrates, seeds the demo, and manages users on the embedded database', () => {
    const env = { VIGIL_DATA_DIR: dataDir() };
    expect(vigil(['migrate'], env).out).toContain('database schema is current');
    expect(vigil(['seed', '--demo'], env).out).toMatch(/loaded \d+ demo accounts; password for each: \S+/);
    const created = vigil(['user', 'create', '--username', 'j.smith', '--name', 'Jo Smith', '--email', 'j.smith@example.org', '--unit', 'NPF/PPU-N', '--role', 'practitioner', 'manager'], env);
    expect(created.err).toBe('');
    expect(created.out).toMatch(/^created j\.smith; temporary password: [A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}\n$/);
    const dup = vigil(['user', 'create', '--username', 'j.smith', '--name', 'Jo Smith', '--email', 'other@example.org', '--unit', 'NPF/PPU-N', '--role', 'practitioner'], env);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('That username is already in use');
    const badUnit = vigil(['user', 'create', '--username', 'k.jones', '--name', 'K Jones', '--email', 'k@example.org', '--unit', 'NOPE', '--role', 'practitioner'], env);
    expect(badUnit.err.trim()).toBe('vigil: No unit "NOPE". Give it as AGENCY/UNIT, for example NPF/PPU-N.');
    expect(vigil(['user', 'disable', 'j.smith'], env).out).toBe('j.smith disabled; their sessions have ended\n');
    expect(vigil(['user', 'enable', 'j.smith'], env).out).toBe('j.smith re-enabled\n');
    expect(vigil(['user', 'reset-mfa', 'j.smith'], env).out).toBe('j.smith will set up a new authenticator at next sign-in\n');
    const unknown = vigil(['user', 'disable', 'nobody'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim()).toBe('vigil: No user has the username "nobody".');
    // Six processes, each opening the embedded engine: slow when the rest of the suite shares the cores.
  }, 120_000);

  it('serve --demo loads demo data into an empty database, prints the URL and sign-in details, and lets commands run beside it on the embedded server', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', VIGIL_DATA_DIR: dir, LOG_LEVEL: 'silent' },
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /running at (http:\/\/\S+)/.exec(out);
          if (m && out.includes('password:')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(out).toMatch(/Sign in as "admin".*password: \S+/);
      const page = await fetch(`${url}/sign-in`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sign in to Vigil');
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: { engine: 'embedded', version: expect.stringMatching(/^18\./) }, migrations: 'current' });
      // A command works beside the running server, on the same embedded server, and leaves it running.
      const second = vigil(['migrate'], { VIGIL_DATA_DIR: dir });
      expect(second.err).toBe('');
      expect(second.code).toBe(0);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      // Give the sequencer a moment to integrate and sign the sign-in page's entries.
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const verified = vigil(['audit', 'verify'], { VIGIL_DATA_DIR: dir });
    expect(verified.err).toBe('');
    expect(verified.out).toMatch(/^verified [1-9]\d* entries; root [0-9a-f]{64}; latest checkpoint [1-9]\d*\n/);
    expect(verified.out).toMatch(/\nregister records matching their last logged change: \d+; not covered .*: \d+\n$/);
    const client = vigil(['api-client', 'create', '--name', 'witness-test', '--scope', 'audit:read', '--days', '30'], { VIGIL_DATA_DIR: dir });
    expect(client.out).toMatch(/^created witness-test; token \(shown once\): vgl_[A-Za-z0-9_-]{43}; expires \S+\n$/);
    // Several processes each open the embedded engine, and the demo world takes seconds to load.
  }, 120_000);
});
