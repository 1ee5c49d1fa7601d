import { serverVersion, type Database } from '../../db/database.ts';
import { migrationStatus } from '../../db/migrate.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { engine: 'pglite' | 'postgresql'; version?: string };
  migrations?: 'current' | 'pending';
}

export function createHealthService(database: Database) {
  return {
    /** Asks the database for its version and the migration state; a failure is an answer, not an error. */
    async checkHealth(): Promise<Health> {
      try {
        const version = await serverVersion(database);
        const migrations = await migrationStatus(database);
        return { status: 'ok', database: { engine: database.engine, version }, migrations };
      } catch {
        return { status: 'unavailable', database: { engine: database.engine } };
      }
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
