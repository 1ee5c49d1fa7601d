import { serverVersion, type Database } from '../../db/database.ts';
import { migrationStatus } from '../../db/migrate.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  /** embedded: the PostgreSQL server Vigil runs itself under VIGIL_DATA_DIR; postgresql: DATABASE_URL's server. */
  database: { engine: 'embedded' | 'postgresql'; version?: string };
  migrations?: 'current' | 'pending';
}

const engineName = (database: Database) => (database.embedded ? 'embedded' : database.engine);

export function createHealthService(database: Database) {
  return {
    /** Asks the database for its version and the migration state; a failure is an answer, not an error. */
    async checkHealth(): Promise<Health> {
      try {
        const version = await serverVersion(database);
        const migrations = await migrationStatus(database);
        return { status: 'ok', database: { engine: engineName(database), version }, migrations };
      } catch {
        return { status: 'unavailable', database: { engine: engineName(database) } };
      }
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
