import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSync } from 'otplib';
import request from 'supertest';
import type { Express } from 'express';
import { createApp, type Services } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { buildServices } from '../index.ts';
import { createLogger } from '../logger.ts';
import { withTransaction } from '../db/transaction.ts';
import * as org from '../modules/identity/identity.organisation.repository.ts';
import { hashPassword } from '../modules/identity/identity.passwords.ts';
import * as users from '../modules/identity/identity.repository.ts';
import { sealSecret } from '../modules/identity/identity.mfa.ts';
import { testClock, ukMidday, ukToday, type TestClock } from '../shared/clock.ts';
import { systemContext, type Role } from '../shared/context.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface TestApp {
  app: Express;
  services: Services;
  database: TestDatabase;
  config: Config;
  /** The app's clock: midday in the UK today unless the test sets it. Fixtures take their times from it too. */
  clock: TestClock;
  close(): Promise<void>;
}

/** The UK day a test file runs on, read once when the file starts, so that it cannot change under the file at midnight. */
export const testToday = ukToday(new Date());

/**
 * A clock at midday in the UK on the file's day, moving on from there. Whatever the hour the suite
 * runs at, the app and the fixtures then agree on the day, and whole days added in 24-hour steps
 * (even across a clock change) land on the day meant.
 */
export const middayClock = (): TestClock => testClock(ukMidday(testToday));

export async function createTestApp(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig(
    { NODE_ENV: 'test', ...env },
    {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'vigil-test-')),
      sessionSecret: 'test-session-secret-that-is-long-enough-0123456789',
      dataKey: Buffer.alloc(32, 7),
      demo: false,
      ...overrides,
    },
  );
  const clock = middayClock();
  const services = buildServices(config, database, createLogger('silent'), clock);
  const app = createApp(services);
  return { app, services, database, config, clock, close: () => database.destroy() };
}

/** Two agencies with a unit each: enough to prove that one cannot see the other's people. */
export async function seedOrganisations(t: TestApp) {
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const a = await org.upsertAgency(tx.db, { code: 'AGA', name: 'Agency A Police', kind: 'police-force' });
    const b = await org.upsertAgency(tx.db, { code: 'AGB', name: 'Agency B Probation', kind: 'probation-region' });
    return {
      agencyA: a,
      agencyB: b,
      unitA: await org.upsertUnit(tx.db, a, 'U1', 'Unit A1'),
      unitB: await org.upsertUnit(tx.db, b, 'U1', 'Unit B1'),
    };
  });
}

export interface TestUserOptions {
  username: string;
  unitId: string;
  roles?: Role[];
  mfa?: boolean;
  demo?: boolean;
  passwordChangeRequired?: boolean;
}

/** A user with a known password, and (unless mfa: false) an authenticator with a known secret. */
export async function createTestUser(t: TestApp, o: TestUserOptions): Promise<string> {
  const hash = await hashPassword(TEST_PASSWORD);
  return withTransaction(t.database, systemContext(t.clock.now()), async (tx) => {
    const id = await users.insertUser(tx.db, {
      username: o.username,
      display_name: `Test ${o.username}`,
      email: `${o.username}@example.org`,
      unit_id: o.unitId,
      password_hash: hash,
      password_change_required: o.passwordChangeRequired ?? false,
      is_demo: o.demo ?? false,
    });
    await users.replaceRoles(tx.db, id, o.roles ?? ['practitioner'], null);
    if (o.mfa !== false) await users.setMfa(tx.db, id, sealSecret(t.config.dataKey, TEST_TOTP_SECRET), t.clock.now(), null);
    return id;
  });
}

/** The authenticator's code at the app's time (the app checks codes against its own clock). */
export const totpNow = (t: Pick<TestApp, 'clock'>, offsetSeconds = 0) =>
  generateSync({ secret: TEST_TOTP_SECRET, epoch: Math.floor(t.clock.now().getTime() / 1000) + offsetSeconds });

export const csrfFrom = (html: string): string => {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('No CSRF token on the page');
  return m[1];
};

export type Agent = ReturnType<typeof request.agent>;

/** Signs in through the real pages: password, then the TOTP code. Returns the signed-in agent. */
export async function signIn(t: TestApp, username: string, totpOffset = 0): Promise<Agent> {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent.post('/sign-in').type('form').send({ _csrf: csrfFrom(page.text), username, password: TEST_PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  if (res.headers.location === '/sign-in/mfa') {
    const mfaPage = await agent.get('/sign-in/mfa');
    const done = await agent.post('/sign-in/mfa').type('form').send({ _csrf: csrfFrom(mfaPage.text), code: totpNow(t, totpOffset) });
    if (done.status !== 303) throw new Error(`MFA answered ${done.status}`);
  }
  return agent;
}

/** A CSRF token for the agent's session, from any page with a form. */
export async function csrfOf(agent: Agent, pagePath = '/account'): Promise<string> {
  return csrfFrom((await agent.get(pagePath)).text);
}

export async function eventsOf(t: TestApp, type: string) {
  return t.database.db.selectFrom('outbox_event').selectAll().where('type', '=', type).orderBy('id').execute();
}

/** Active register clearance (granted yesterday, for 300 days), as an administrator records it. */
export async function grantClearance(t: TestApp, userId: string, level: 'NPPV1' | 'NPPV2' | 'NPPV3' = 'NPPV3'): Promise<void> {
  const day = 86_400_000;
  const now = t.clock.now().getTime();
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
    tx.db.insertInto('clearance').values({ user_id: userId, level, granted_at: new Date(now - day), expires_at: new Date(now + 300 * day) }).execute(),
  );
}
