import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildServices } from './index.ts';
import { createLogger } from './logger.ts';
import { countUsers } from './modules/identity/identity.organisation.repository.ts';
import { seedDemo } from './modules/seed/seed.demo.ts';
import { startTransferEscalation } from './modules/register/register.transfer.job.ts';
import { createEmailTransport } from './modules/messages/messages.email.ts';
import { createNotificationJob, startNotificationJob } from './modules/notification/notification.job.ts';
import { createVettingJob, startVettingJob } from './modules/vetting/vetting.job.ts';

export interface ServeOptions {
  demo?: boolean;
  port?: number;
}

/** Opens the database, migrates, seeds an empty demo, and serves until told to stop. */
export async function startServer(options: ServeOptions = {}) {
  // How long start-up took, for the first line printed: a duration, not a time of day.
  // How long the start took (a duration, so on the monotonic clock).
  const started = performance.now();
  const config = loadConfig(process.env, {
    ...(options.demo ? { demo: true } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, adopt: true });
  const applied = await migrate(database);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  let demoAccounts: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (config.demo && (await countUsers(database.db)) === 0) demoAccounts = await seedDemo(database);

  const services = buildServices(config, database, logger);
  const app = createApp(services);
  services.sequencer.start();
  const escalation = startTransferEscalation(services.transfers, logger, services.clock);
  const notificationJob = startNotificationJob(createNotificationJob(database, { email: createEmailTransport(config.email.transport, logger), logger, jobHour: config.notification.jobHour, time: services.clock }), logger);
  const vettingJob = startVettingJob(createVettingJob(database, config, services.clock), logger);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await services.sequencer.stop();
    await escalation.stop();
    await notificationJob.stop();
    await vettingJob.stop();
    await database.close();
    if (error.code === 'EADDRINUSE') throw new Error(`Port ${config.port} is already in use. Stop the other program or set PORT.`);
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;

  const lines = [`Vigil is running at ${url} (database: ${database.embedded ? 'embedded PostgreSQL' : 'PostgreSQL'}, started in ${((performance.now() - started) / 1000).toFixed(1)} s)`];
  if (config.demo) {
    lines.push('Demo mode: demo accounts sign in without a second factor. Every record is invented.');
    if (demoAccounts) {
      lines.push(`Demo data loaded. Sign in as "admin", "police.officer", "probation.officer" or "vetting.officer"; password: ${demoAccounts.password}`);
    } else {
      lines.push('Demo accounts (if present) use the password printed when the demo data was first loaded.');
    }
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Whatever is in flight gets 10 s to finish; then the process ends regardless.
    setTimeout(() => process.exit(1), 10_000).unref();
    // No new requests; then the jobs; then the sequencer, last, so that it signs every entry the
    // requests and jobs wrote before they stopped.
    server.close();
    server.closeIdleConnections();
    await escalation.stop();
    await notificationJob.stop();
    await vettingJob.stop();
    await services.sequencer.stop();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { server, url, database, services };
}
