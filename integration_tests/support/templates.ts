/** The demo world, seeded once a run. */
export const DEMO_TEMPLATE = 'vigil_journey_demo';
/** The demo's accounts alone (no register records), for journeys that write a case of their own. */
export const ACCOUNTS_TEMPLATE = 'vigil_journey_accounts';

declare module 'vitest' {
  export interface ProvidedContext {
    journeyDatabaseUrl: string;
  }
}
