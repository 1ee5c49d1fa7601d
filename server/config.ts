import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Vigil reads from the environment, parsed once. The README's
 * configuration table is generated from the same names: keep them in step.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  VIGIL_DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  VIGIL_DATA_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'VIGIL_DATA_KEY must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  COOKIE_SECURE: booleanFlag.default(false),
  TRUST_PROXY: z.string().optional(),
  VIGIL_DEMO: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'BODY_LIMIT looks like 100kb or 1mb').default('100kb'),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  SIGN_IN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(50),
  SIGN_IN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  VIGIL_AUDIT_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=]{60,}$/, 'VIGIL_AUDIT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 DER in base64')
    .optional(),
  VIGIL_AUDIT_ORIGIN: z.string().regex(/^[a-z0-9.-]+(\/[a-z0-9._-]+)*$/, 'VIGIL_AUDIT_ORIGIN looks like example.org/access-log').default('vigil.local/access-log'),
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().min(0.1).max(3600).default(1),
  VIGIL_AUDIT_KEY_IN_DATA_DIR: z.enum(['allow'], { error: 'VIGIL_AUDIT_KEY_IN_DATA_DIR is allow, or unset' }).optional(),
  REGISTER_CLEARANCE_LEVEL: z.enum(['NPPV1', 'NPPV2', 'NPPV3'], { error: 'REGISTER_CLEARANCE_LEVEL is NPPV1, NPPV2 or NPPV3' }).default('NPPV3'),
  REGISTER_BREAK_GLASS_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  REGISTER_TRANSFER_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  REGISTER_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100).default(10),
  VIGIL_EMAIL_TRANSPORT: z.enum(['log'], { error: 'VIGIL_EMAIL_TRANSPORT is log (SMTP is where a real transport plugs in)' }).default('log'),
  NOTIFICATION_JOB_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  VETTING_DECISION_TARGET_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  VETTING_CLEARANCE_YEARS_NPPV2: z.coerce.number().int().min(1).max(10).default(3),
  VETTING_CLEARANCE_YEARS_NPPV3: z.coerce.number().int().min(1).max(10).default(5),
  VETTING_APPEAL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  VETTING_CRITERIA_FILE: z.string().min(1).optional(),
  VETTING_RELATIVE_LINK_DAYS: z.coerce.number().int().min(1).max(60).default(14),
  VETTING_RELATIVE_LINK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(20),
  VETTING_FORM_DAYS: z.coerce.number().int().min(1).max(365).default(20),
  VETTING_APPEAL_DECISION_DAYS: z.coerce.number().int().min(1).max(365).default(28),
  VETTING_EXPIRY_REMINDER_DAYS: z.coerce.number().int().min(1).max(365).default(42),
  VETTING_RANDOM_REVET_PERCENT: z.coerce.number().min(0).max(100).default(2),
  VETTING_JOB_HOUR: z.coerce.number().int().min(0).max(23).default(5),
  VETTING_RETENTION_GRANTED_YEARS: z.coerce.number().int().min(0).max(20).default(1),
  VETTING_RETENTION_REFUSED_YEARS: z.coerce.number().int().min(0).max(20).default(2),
  VETTING_RETENTION_WITHDRAWN_YEARS: z.coerce.number().int().min(0).max(20).default(1),
  VETTING_RETENTION_OVERRIDE_YEARS: z.coerce.number().int().min(0).max(20).default(6),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  dataKey: Buffer;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: boolean;
  trustProxy: string | undefined;
  demo: boolean;
  logLevel: Env['LOG_LEVEL'];
  bodyLimit: string;
  /**
   * maxFailures: on one account from one address (locks that account from that address only, so a
   * stranger cannot lock a person out); accountMaxFailures: on one account from every address together.
   */
  signIn: { maxFailures: number; lockMs: number; addressMaxFailures: number; accountMaxFailures: number };
  /** Requests each API client may make in a clock minute; more get 429 until the next minute. */
  apiRateLimitPerMinute: number;
  audit: { signingKey: string; origin: string; checkpointMs: number };
  register: { clearanceLevel: 'NPPV1' | 'NPPV2' | 'NPPV3'; breakGlassMs: number; transferEscalationDays: number; maxUploadBytes: number };
  email: { transport: 'log' };
  /** The daily notification job runs at the first check after this hour, UK time. */
  notification: { jobHour: number };
  /** Casework: the service target for a decision, clearance length per level, the appeal window, the published criteria file. */
  vettingCasework: { decisionTargetDays: number; clearanceYears: { NPPV2: number; NPPV3: number }; appealDays: number; criteriaFile: string | undefined };
  /** Relatives' private links: days before a link expires; wrong or dead links one address may try before it waits. */
  vettingRelatives: { linkDays: number; maxFailures: number };
  /** Days an applicant has to submit the form after being sponsored. */
  vettingForm: { formDays: number };
  /** Appeals: days from lodging to the hearer's written decision (the appeal window itself is vettingCasework.appealDays). */
  vettingAppeals: { decisionDays: number };
  /** After the decision: expiry reminders, random re-vetting, the daily job's hour and the retention schedule (ADR 0023). */
  vettingAftercare: { reminderDays: number; randomRevetPercent: number; jobHour: number; retention: RetentionYears };
}

/** Years each outcome's record is kept after its retention clock starts (vetting.retention.ts). */
export interface RetentionYears {
  granted: number;
  refused: number;
  withdrawn: number;
  override: number;
}

export class ConfigError extends Error {}

interface LocalSecrets {
  sessionSecret: string;
  dataKey: string;
  auditSigningKey: string;
}

const newSigningKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

/**
 * Outside production, secrets that were not given are generated once into the
 * data directory, so that a restart keeps sessions and enrolled MFA working.
 */
function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const existing: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    sessionSecret: existing.sessionSecret ?? randomBytes(32).toString('hex'),
    dataKey: existing.dataKey ?? randomBytes(32).toString('hex'),
    auditSigningKey: existing.auditSigningKey ?? newSigningKey(),
  };
  if (Object.keys(existing).length !== 3) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Configuration is not valid: ${problems}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? env.VIGIL_DATA_DIR);
  const demo = overrides.demo ?? env.VIGIL_DEMO;
  if (env.NODE_ENV === 'production') {
    if (demo) throw new ConfigError('Demo mode cannot run with NODE_ENV=production. Remove VIGIL_DEMO or --demo.');
    // The signing key beside the database would let anyone with a copy of the data directory
    // (a backup, a stolen disk) sign a rewritten access log that verify would accept.
    const keyInDataDir = env.VIGIL_AUDIT_KEY_IN_DATA_DIR === 'allow';
    if (!env.SESSION_SECRET || !env.VIGIL_DATA_KEY || (!env.VIGIL_AUDIT_SIGNING_KEY && !keyInDataDir)) {
      throw new ConfigError(
        'In production SESSION_SECRET, VIGIL_DATA_KEY and VIGIL_AUDIT_SIGNING_KEY must be set. Set VIGIL_AUDIT_SIGNING_KEY from your secret store; only to keep the key in the data directory beside the database (anyone with a copy of it could then sign a rewritten access log), set VIGIL_AUDIT_KEY_IN_DATA_DIR=allow.',
      );
    }
    const secretsFile = path.join(dataDir, 'secrets.json');
    if (!keyInDataDir && existsSync(secretsFile) && (JSON.parse(readFileSync(secretsFile, 'utf8')) as Partial<LocalSecrets>).auditSigningKey) {
      throw new ConfigError(
        `${secretsFile} holds an access-log signing key, beside the database: anyone with a copy of the data directory could sign a rewritten log. Keep the key only in your secret store (VIGIL_AUDIT_SIGNING_KEY) and remove "auditSigningKey" from that file, or set VIGIL_AUDIT_KEY_IN_DATA_DIR=allow to accept the risk.`,
      );
    }
  }
  // Vigil speaks plain HTTP behind a TLS proxy. Without TRUST_PROXY it cannot see that a request came
  // over HTTPS, so a Secure cookie would never be set and nobody could sign in: say so at start-up.
  if (env.COOKIE_SECURE && !env.TRUST_PROXY && !overrides.trustProxy) {
    throw new ConfigError(
      'COOKIE_SECURE=true needs TRUST_PROXY: Vigil is served over HTTPS by a proxy in front of it, and without TRUST_PROXY it cannot tell that a request came over HTTPS, so nobody could sign in. Set TRUST_PROXY to the number of proxies in front of Vigil (usually 1) or their addresses, or remove COOKIE_SECURE when testing over plain HTTP.',
    );
  }
  const needLocal = !env.SESSION_SECRET || !env.VIGIL_DATA_KEY || !env.VIGIL_AUDIT_SIGNING_KEY;
  const local = needLocal && !overrides.sessionSecret ? localSecrets(dataDir) : undefined;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    sessionSecret: env.SESSION_SECRET ?? local?.sessionSecret ?? '',
    dataKey: Buffer.from(env.VIGIL_DATA_KEY ?? local?.dataKey ?? '', 'hex'),
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    demo,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    signIn: {
      maxFailures: env.SIGN_IN_MAX_FAILURES,
      lockMs: env.SIGN_IN_LOCK_MINUTES * 60_000,
      addressMaxFailures: env.SIGN_IN_ADDRESS_MAX_FAILURES,
      accountMaxFailures: env.SIGN_IN_ACCOUNT_MAX_FAILURES,
    },
    apiRateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    audit: {
      signingKey: env.VIGIL_AUDIT_SIGNING_KEY ?? local?.auditSigningKey ?? newSigningKey(),
      origin: env.VIGIL_AUDIT_ORIGIN,
      checkpointMs: env.AUDIT_CHECKPOINT_SECONDS * 1000,
    },
    register: { clearanceLevel: env.REGISTER_CLEARANCE_LEVEL, breakGlassMs: env.REGISTER_BREAK_GLASS_MINUTES * 60_000, transferEscalationDays: env.REGISTER_TRANSFER_ESCALATION_DAYS, maxUploadBytes: env.REGISTER_MAX_UPLOAD_MB * 1_048_576 },
    email: { transport: env.VIGIL_EMAIL_TRANSPORT },
    notification: { jobHour: env.NOTIFICATION_JOB_HOUR },
    vettingCasework: { decisionTargetDays: env.VETTING_DECISION_TARGET_DAYS, clearanceYears: { NPPV2: env.VETTING_CLEARANCE_YEARS_NPPV2, NPPV3: env.VETTING_CLEARANCE_YEARS_NPPV3 }, appealDays: env.VETTING_APPEAL_DAYS, criteriaFile: env.VETTING_CRITERIA_FILE },
    vettingRelatives: { linkDays: env.VETTING_RELATIVE_LINK_DAYS, maxFailures: env.VETTING_RELATIVE_LINK_MAX_FAILURES },
    vettingForm: { formDays: env.VETTING_FORM_DAYS },
    vettingAppeals: { decisionDays: env.VETTING_APPEAL_DECISION_DAYS },
    vettingAftercare: {
      reminderDays: env.VETTING_EXPIRY_REMINDER_DAYS,
      randomRevetPercent: env.VETTING_RANDOM_REVET_PERCENT,
      jobHour: env.VETTING_JOB_HOUR,
      retention: { granted: env.VETTING_RETENTION_GRANTED_YEARS, refused: env.VETTING_RETENTION_REFUSED_YEARS, withdrawn: env.VETTING_RETENTION_WITHDRAWN_YEARS, override: env.VETTING_RETENTION_OVERRIDE_YEARS },
    },
    ...overrides,
  };
}
