import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'vigil-config-key-'));
const KEY = 'MC4CAQAwBQYDK2VwBCIEIFHT0lF9gPjmCTqo0pFbjmqKFRMqA7+rFjF+31n7prAX';
const production = (dir: string) => ({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), VIGIL_DATA_KEY: 'a'.repeat(64), VIGIL_DATA_DIR: dir });

describe('the access-log signing key in production', () => {
  it('refuses to start when the key would be generated into the data directory', () => {
    const dir = tmp();
    expect(() => loadConfig(production(dir))).toThrow(
      'In production SESSION_SECRET, VIGIL_DATA_KEY and VIGIL_AUDIT_SIGNING_KEY must be set. Set VIGIL_AUDIT_SIGNING_KEY from your secret store; only to keep the key in the data directory beside the database (anyone with a copy of it could then sign a rewritten access log), set VIGIL_AUDIT_KEY_IN_DATA_DIR=allow.',
    );
  });

  it('refuses to start while the data directory holds a signing key, even with one given', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ sessionSecret: 's', dataKey: 'd', auditSigningKey: KEY }));
    expect(() => loadConfig({ ...production(dir), VIGIL_AUDIT_SIGNING_KEY: KEY })).toThrow(
      `${path.join(dir, 'secrets.json')} holds an access-log signing key, beside the database: anyone with a copy of the data directory could sign a rewritten log. Keep the key only in your secret store (VIGIL_AUDIT_SIGNING_KEY) and remove "auditSigningKey" from that file, or set VIGIL_AUDIT_KEY_IN_DATA_DIR=allow to accept the risk.`,
    );
  });

  it('starts with the key from the environment and none in the data directory', () => {
    const dir = tmp();
    expect(loadConfig({ ...production(dir), VIGIL_AUDIT_SIGNING_KEY: KEY }).audit.signingKey).toBe(KEY);
  });

  it('keeps the key in the data directory when told to', () => {
    const dir = tmp();
    const config = loadConfig({ ...production(dir), VIGIL_AUDIT_KEY_IN_DATA_DIR: 'allow' });
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).auditSigningKey).toBe(config.audit.signingKey);
    expect(loadConfig({ ...production(dir), VIGIL_AUDIT_KEY_IN_DATA_DIR: 'allow' }).audit.signingKey).toBe(config.audit.signingKey);
  });

  it('outside production, generates the key into the data directory as before', () => {
    const dir = tmp();
    const config = loadConfig({ NODE_ENV: 'development', VIGIL_DATA_DIR: dir });
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).auditSigningKey).toBe(config.audit.signingKey);
  });
});
