import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { isAppError } from './errors.ts';
import { systemClock } from './shared/clock.ts';
import { ROLES, systemContext } from './shared/context.ts';

// Each command imports what it needs when it runs: `vigil --help`, and every command that does not
// start the server, would otherwise load the whole application first (several seconds).
let DatabaseUnavailable: (new (...args: never[]) => Error) | undefined;
async function databaseModule() {
  const m = await import('./db/database.ts');
  DatabaseUnavailable = m.DatabaseUnavailableError;
  return m;
}

/** Prints one line for the errors a person can fix, and exits 1. */
function fail(error: unknown): never {
  if (error instanceof ConfigError || (DatabaseUnavailable && error instanceof DatabaseUnavailable) || isAppError(error)) {
    console.error(`vigil: ${error.message}`);
    for (const f of isAppError(error) ? error.fieldErrors.slice(1) : []) console.error(`vigil: ${f.message}`);
  } else {
    console.error(`vigil: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
}

async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>, options: { sign?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const { openDatabase } = await databaseModule();
  const { migrate } = await import('./db/migrate.ts');
  const { setValueHashKey } = await import('./modules/audit/audit.log.ts');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  setValueHashKey(config.dataKey);
  try {
    await migrate(database);
    const result = await fn(database, config);
    // A command's access-log entries are signed before it ends, as the server's would be: a log
    // with an unsigned tail fails verification. The audit commands never sign what they check.
    if (options.sign !== false) await signQueued(database, config);
    return result;
  } finally {
    await database.close();
  }
}

async function signQueued(database: Database, config: Config): Promise<void> {
  const [{ createSigner }, { createSequencer }, { TreeCache }, { createLogger }] = await Promise.all([
    import('./modules/audit/audit.checkpoint.ts'),
    import('./modules/audit/audit.sequencer.ts'),
    import('./modules/audit/audit.tree.ts'),
    import('./logger.ts'),
  ]);
  const signer = createSigner(config.audit.signingKey, config.audit.origin);
  const sequencer = createSequencer(database, { signer, origin: config.audit.origin, tree: new TreeCache(), logger: createLogger(config.logLevel), checkpointMs: config.audit.checkpointMs });
  await sequencer.catchUp();
}

const program = new Command('vigil')
  .description('Vigil: the public protection register and staff vetting service')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the web server (migrates the database first; with --demo, loads demo data into an empty database)')
  .option('--demo', 'demo mode: seed demo data if empty and let demo accounts sign in without a second factor')
  .addOption(new Option('--port <port>', 'port to listen on (default: PORT or 3000)').argParser(Number))
  .action(async (opts: { demo?: boolean; port?: number }) => {
    await databaseModule();
    const { startServer } = await import('./serve.ts');
    await startServer({ demo: opts.demo, port: opts.port }).catch(fail);
  });

program
  .command('migrate')
  .description('apply database migrations that have not been applied yet')
  .action(() =>
    withDatabase(async (database) => {
      // migrate() already ran in withDatabase; report what the database now holds.
      const { migrate } = await import('./db/migrate.ts');
      const applied = await migrate(database);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'database schema is current');
    }).catch(fail),
  );

program
  .command('seed')
  .description('load synthetic data (never real people)')
  .option('--demo', 'load the demo world: organisations, about 40 accounts and about 2,000 records')
  .option('--nominals <n>', 'add N synthetic records to the register (a large register for benchmarks), with a progress bar')
  .action(async (opts: import('./modules/seed/seed.command.ts').SeedCommandOptions) => {
    const { planSeed, runSeedCommand, SeedUsageError } = await import('./modules/seed/seed.command.ts');
    try {
      const plan = planSeed(opts);
      await withDatabase(async (database) => {
        for (const line of await runSeedCommand(database, plan)) console.log(line);
      });
    } catch (error) {
      fail(error instanceof SeedUsageError ? new ConfigError(error.message) : error);
    }
  });

const user = program.command('user').description('manage user accounts as the operator');

user
  .command('create')
  .description('create a user and print their temporary password (they choose their own at first sign-in)')
  .requiredOption('--username <username>', 'sign-in name, e.g. j.smith')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--email <email>', 'work email address')
  .requiredOption('--unit <agency/unit>', 'agency and unit codes, e.g. NPF/PPU-N')
  .requiredOption('--role <role...>', `one or more of: ${ROLES.join(', ')}`)
  .action((opts: { username: string; name: string; email: string; unit: string; role: string[] }) =>
    withDatabase(async (database) => {
      const org = await import('./modules/identity/identity.organisation.repository.ts');
      const { createAdminService } = await import('./modules/identity/identity.admin.service.ts');
      const [agencyCode = '', unitCode = ''] = opts.unit.split('/');
      const unit = await org.findUnitByCodes(database.db, agencyCode, unitCode);
      if (!unit) throw new ConfigError(`No unit "${opts.unit}". Give it as AGENCY/UNIT, for example NPF/PPU-N.`);
      const created = await createAdminService(database).createUser(systemContext(), {
        username: opts.username,
        displayName: opts.name,
        email: opts.email,
        unitId: unit.id,
        roles: opts.role,
      });
      console.log(`created ${opts.username}; temporary password: ${created.temporaryPassword}`);
    }).catch(fail),
  );

for (const [name, action, said] of [
  ['disable', 'disableUser', 'disabled; their sessions have ended'],
  ['enable', 'enableUser', 're-enabled'],
  ['reset-mfa', 'resetMfa', 'will set up a new authenticator at next sign-in'],
] as const) {
  user
    .command(name)
    .description(`${name === 'reset-mfa' ? 'remove the authenticator and recovery codes of' : name} a user`)
    .argument('<username>')
    .action((username: string) =>
      withDatabase(async (database) => {
        const { createAdminService } = await import('./modules/identity/identity.admin.service.ts');
        const admin = createAdminService(database);
        const ctx = systemContext();
        const found = await admin.findByUsername(ctx, username);
        await admin[action](ctx, found.id, { version: found.version });
        console.log(`${found.username} ${said}`);
      }).catch(fail),
    );
}

const audit = program.command('audit').description('check the access log');

audit
  .command('verify')
  .description('recompute the Merkle tree from the stored entries, check every signed checkpoint, that none is missing, and that register records match their last logged change')
  .action(() =>
    withDatabase(async (database, config) => {
      const { createSigner } = await import('./modules/audit/audit.checkpoint.ts');
      const { verifyLog } = await import('./modules/audit/audit.verify.ts');
      const signer = createSigner(config.audit.signingKey, config.audit.origin);
      const result = await verifyLog(database, signer, { now: systemClock.now(), checkpointMs: config.audit.checkpointMs });
      if (!result.ok) {
        console.error(`vigil: access log verification failed: ${result.problem}`);
        process.exit(1);
      }
      console.log(`verified ${result.entries} entries; root ${result.root}; latest checkpoint ${result.latestCheckpoint}`);
      if (result.waiting) console.log(`${result.waiting} newer entries wait for the sequencer; they are checked once sequenced`);
      console.log(`register records matching their last logged change: ${result.records.checked}; not covered (no logged change with a digest: loaded in bulk, or last changed before changes carried one): ${result.records.notCovered}`);
    }, { sign: false }).catch(fail),
  );

audit
  .command('witness')
  .description('act as an independent witness: accept the latest checkpoint only if it extends the last one accepted')
  .requiredOption('--state <file>', 'where the witness keeps the last checkpoint it accepted')
  .requiredOption('--url <url>', "the Vigil server's address, e.g. https://vigil.example.org")
  .option('--token <token>', 'an API token with the audit:read scope (default: VIGIL_API_TOKEN)')
  .action(async (opts: { state: string; url: string; token?: string }) => {
    const token = opts.token ?? process.env.VIGIL_API_TOKEN;
    if (!token) fail(new ConfigError('Give an API token with --token or VIGIL_API_TOKEN (create one with: vigil api-client create).'));
    const { runWitness } = await import('./modules/audit/audit.witness.ts');
    const result = await runWitness({ stateFile: opts.state, url: opts.url, token: token! }).catch(fail);
    if (!result.ok) {
      console.error(`vigil: ${result.message}`);
      process.exit(1);
    }
    console.log(result.message);
  });

program
  .command('api-client')
  .description('machine clients of the API')
  .command('create')
  .description('issue a bearer token (shown once) for a machine client, such as a witness')
  .requiredOption('--name <name>', 'what the client is, e.g. witness-ico')
  .requiredOption('--scope <scope...>', 'what it may do: audit:read, register:read, register:write')
  .option('--acting-user <username>', 'the user a client with register scopes acts as (their clearance, unit and roles apply)')
  .option('--days <days>', 'how long the token lasts', '90')
  .action((opts: { name: string; scope: string[]; days: string; actingUser?: string }) =>
    withDatabase(async (database) => {
      const { createApiClientService } = await import('./modules/apiclient/apiclient.service.ts');
      const created = await createApiClientService(database).createClient(systemContext(), { name: opts.name, scopes: opts.scope, days: opts.days, actingUsername: opts.actingUser });
      console.log(`created ${opts.name}; token (shown once): ${created.token}; expires ${created.expiresAt.toISOString()}`);
    }).catch(fail),
  );

program
  .command('jobs')
  .description('run a periodic job once, now (the server also runs them on its own)')
  .command('escalate-transfers')
  .description('escalate, once, every record transfer left undecided longer than REGISTER_TRANSFER_ESCALATION_DAYS')
  .action(() =>
    withDatabase(async (database, config) => {
      const { createTransferService } = await import('./modules/register/register.transfer.service.ts');
      const escalated = await createTransferService(database, config).escalateOverdueTransfers(systemContext());
      console.log(`escalated ${escalated} transfer${escalated === 1 ? '' : 's'}`);
    }).catch(fail),
  );

// The jobs group above, found by name: each job adds its own command to it.
program.commands
  .find((c) => c.name() === 'jobs')!
  .command('notification-clock')
  .description('recompute every notification due date for today (UK time), then send the day\'s reminders (once per officer and day)')
  .option('--as-of <date>', 'the day to compute for, YYYY-MM-DD (default: today in the UK)')
  .action((opts: { asOf?: string }) =>
    withDatabase(async (database, config) => {
      if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new ConfigError('--as-of is a date like 2026-12-01');
      const { createLogger } = await import('./logger.ts');
      const { createEmailTransport } = await import('./modules/messages/messages.email.ts');
      const { createNotificationJob } = await import('./modules/notification/notification.job.ts');
      const logger = createLogger(config.logLevel);
      const job = createNotificationJob(database, { email: createEmailTransport(config.email.transport, logger), logger });
      const result = await job.run(systemClock.now(), opts.asOf);
      const r = result.recompute;
      console.log(`recomputed ${r.nominals} nominals for ${result.asOf} in ${r.seconds.toFixed(1)} s (${r.duties} open duties); sent ${result.reminders.messages} reminders, ${result.reminders.emails} emails`);
    }).catch(fail),
  );

program.commands
  .find((c) => c.name() === 'jobs')!
  .command('vetting')
  .description('send clearance expiry reminders (once per clearance), create annual review and random re-vetting tasks, and erase what the retention schedule says is due')
  .action(() =>
    withDatabase(async (database, config) => {
      const { createVettingJob } = await import('./modules/vetting/vetting.job.ts');
      const r = await createVettingJob(database, config).run();
      console.log(`vetting job for ${r.asOf}: ${r.reminders} expiry reminders, ${r.annualReviews} annual reviews, ${r.randomRevets} random re-vettings, ${r.erased} applications erased`);
    }).catch(fail),
  );

const bench = program.command('bench').description('measure speed (prints a table; --json writes the figures)');

bench
  .command('audit')
  .description('access-log writes beside raw inserts, the sequencer, and verification beside raw SHA-256, on a scratch database')
  .option('--json <file>', 'also write the figures as JSON')
  .option('--operations <n>', 'write operations to time', '20000')
  .option('--concurrency <n>', 'operations in flight at once', '32')
  .option('--verify-entries <n>', 'entries in the log that verify runs over', '1000000')
  .action(async (opts: { json?: string; operations: string; concurrency: string; verifyEntries: string }) => {
    try {
      const config = loadConfig();
      const { benchAudit } = await import('./modules/audit/audit.bench.ts');
      const result = await benchAudit({
        databaseUrl: config.databaseUrl,
        signingKey: config.audit.signingKey,
        origin: config.audit.origin,
        operations: Number(opts.operations),
        concurrency: Number(opts.concurrency),
        verifyEntries: Number(opts.verifyEntries),
        progress: (line) => console.error(line),
      });
      const w = result.write;
      console.log(`engine                     ${result.engine}`);
      console.log(`write, Vigil (per s)       ${w.vigil_per_s}   p50 ${w.p50_ms} ms   p99 ${w.p99_ms} ms`);
      console.log(`write, raw insert (per s)  ${w.raw_per_s}   p50 ${w.raw_p50_ms} ms   p99 ${w.raw_p99_ms} ms`);
      console.log(`write cost (raw / Vigil)   ${(w.raw_per_s / w.vigil_per_s).toFixed(2)}x   (target at most 2x)`);
      console.log(`sequencer (per s)          ${result.sequencer_per_s}   (target at least 5000)`);
      const v = result.verify;
      console.log(`verify (entries per s)     ${v.entries_per_s} over ${v.entries}   (${v.hashes_per_s} SHA-256 per s)`);
      console.log(`raw SHA-256 (per s)        ${v.raw_hash_per_s}`);
      console.log(`verify / raw               ${((100 * v.hashes_per_s) / v.raw_hash_per_s).toFixed(1)}% in hashes, ${((100 * v.entries_per_s) / v.raw_hash_per_s).toFixed(1)}% in entries (target at least 50%)`);
      if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
    } catch (error) {
      fail(error);
    }
  });

bench
  .command('register')
  .description('signed-in record pages over HTTP beside raw SQL reading the same rows (closed loop), then record pages at a fixed rate (open loop), on a scratch database of synthetic records: on DATABASE_URL\'s server, or else on an embedded PostgreSQL server the bench starts and removes')
  .option('--json <file>', 'also write the figures as JSON')
  .option('--nominals <n>', 'synthetic records in the scratch register', '200000')
  .option('--concurrency <n>', 'closed loop: requests in flight at once', '32')
  .option('--seconds <n>', 'closed loop: how long each side is measured', '20')
  .option('--rate <n>', 'open loop: record pages requested a second, whatever the replies do', '100')
  .option('--open-seconds <n>', 'open loop: how long', '20')
  .action(async (opts: { json?: string; nominals: string; concurrency: string; seconds: string; rate: string; openSeconds: string }) => {
    try {
      const numbers = { '--nominals': opts.nominals, '--concurrency': opts.concurrency, '--seconds': opts.seconds, '--rate': opts.rate, '--open-seconds': opts.openSeconds };
      for (const [flag, value] of Object.entries(numbers)) {
        if (!(Number(value) > 0)) throw new ConfigError(`${flag} must be a number above 0, like ${{ '--nominals': '50000', '--concurrency': '32', '--rate': '100' }[flag] ?? '20'}; it was "${value}".`);
      }
      // Without DATABASE_URL, the bench starts an embedded server of its own, as Vigil's default does.
      const url = loadConfig().databaseUrl;
      const { benchRegister } = await import('./modules/register/register.bench.ts');
      const { registerBenchTable } = await import('./modules/register/register.bench.print.ts');
      const result = await benchRegister({
        databaseUrl: url,
        nominals: Number(opts.nominals),
        concurrency: Number(opts.concurrency),
        seconds: Number(opts.seconds),
        rate: Number(opts.rate),
        openSeconds: Number(opts.openSeconds),
        progress: (line) => console.error(line),
      });
      for (const line of registerBenchTable(result)) console.log(line);
      if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
    } catch (error) {
      fail(error);
    }
  });

bench
  .command('clock')
  .description('recompute every notification due date for a scratch register of synthetic records, then time a unit\'s work list (needs PostgreSQL)')
  .option('--json <file>', 'also write the figures as JSON')
  .option('--nominals <n>', 'synthetic records in the scratch register', '200000')
  .option('--repeats <n>', 'times the unit\'s work list is read', '200')
  .action(async (opts: { json?: string; nominals: string; repeats: string }) => {
    try {
      const url = loadConfig().databaseUrl ?? process.env.TEST_DATABASE_URL;
      if (!url) throw new ConfigError('The clock benchmark needs a PostgreSQL server: set DATABASE_URL or TEST_DATABASE_URL (it creates and drops its own database there).');
      const { benchClock } = await import('./modules/notification/notification.bench.ts');
      const { clockBenchTable } = await import('./modules/notification/notification.bench.print.ts');
      const result = await benchClock({ databaseUrl: url, nominals: Number(opts.nominals), repeats: Number(opts.repeats), progress: (line) => console.error(line) });
      for (const line of clockBenchTable(result)) console.log(line);
      if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
    } catch (error) {
      fail(error);
    }
  });

program.version('0.1.0');

await program.parseAsync(process.argv);
