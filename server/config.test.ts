import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'vigil-config-'));

describe('configuration', () => {
  it('has working defaults and keeps generated secrets in the data directory across restarts', () => {
    const dir = tmp();
    const a = loadConfig({ VIGIL_DATA_DIR: dir });
    expect(a).toMatchObject({ port: 3000, host: '127.0.0.1', demo: false, sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 12 * 3_600_000 });
    expect(a.dataKey).toHaveLength(32);
    const b = loadConfig({ VIGIL_DATA_DIR: dir });
    expect(b.sessionSecret).toBe(a.sessionSecret);
    expect(b.dataKey.equals(a.dataKey)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).sessionSecret).toBe(a.sessionSecret);
  });

  it('reads timeouts and flags from the environment', () => {
    const c = loadConfig({ VIGIL_DATA_DIR: tmp(), SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '2', COOKIE_SECURE: 'true', TRUST_PROXY: '1', VIGIL_DEMO: '1' });
    expect(c).toMatchObject({ sessionIdleMs: 300_000, sessionAbsoluteMs: 7_200_000, cookieSecure: true, trustProxy: '1', demo: true });
  });

  it('refuses Secure cookies without TRUST_PROXY, which would leave nobody able to sign in, saying what to set', () => {
    expect(() => loadConfig({ VIGIL_DATA_DIR: tmp(), COOKIE_SECURE: 'true' })).toThrow(
      /^COOKIE_SECURE=true needs TRUST_PROXY: .* Set TRUST_PROXY to the number of proxies in front of Vigil \(usually 1\)/,
    );
  });

  it('says exactly what is wrong with a bad value', () => {
    expect(() => loadConfig({ VIGIL_DATA_DIR: tmp(), PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ VIGIL_DATA_DIR: tmp(), DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ VIGIL_DATA_DIR: tmp(), VIGIL_DATA_KEY: 'abc' })).toThrow('VIGIL_DATA_KEY must be 64 hexadecimal characters (32 bytes)');
  });

  it('refuses demo mode in production', () => {
    const env = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), VIGIL_DATA_KEY: 'a'.repeat(64), VIGIL_AUDIT_SIGNING_KEY: 'A'.repeat(64), VIGIL_DATA_DIR: tmp() };
    expect(() => loadConfig({ ...env, VIGIL_DEMO: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig(env, { demo: true })).toThrow('Demo mode cannot run with NODE_ENV=production');
    expect(loadConfig(env).demo).toBe(false);
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', VIGIL_DATA_DIR: tmp() })).toThrow('In production SESSION_SECRET, VIGIL_DATA_KEY and VIGIL_AUDIT_SIGNING_KEY must be set.');
  });
});
