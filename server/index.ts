import type { Logger } from 'pino';
import type { Services } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { createHealthService } from './modules/health/health.service.ts';
import { createAccountService } from './modules/identity/identity.account.service.ts';
import { createAdminService } from './modules/identity/identity.admin.service.ts';
import { createSignInService } from './modules/identity/identity.signin.service.ts';

/** The composition root: repositories and services wired by plain factories. */
export function buildServices(config: Config, database: Database, logger: Logger): Services {
  const signIn = createSignInService(database, config);
  return {
    config,
    database,
    logger,
    health: createHealthService(database),
    signIn,
    account: createAccountService(database, signIn),
    admin: createAdminService(database),
  };
}
