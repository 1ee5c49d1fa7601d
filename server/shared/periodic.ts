import type { Logger } from 'pino';

/**
 * Runs `tick` every `intervalMs` while the server runs (the first after `firstDelayMs`), never two
 * at once; a failed run is logged and retried at the next tick. `stop` waits for a run in flight.
 * Jobs keep their own idempotence: several servers may each run this.
 */
export function startPeriodic(name: string, tick: () => Promise<void>, logger: Pick<Logger, 'warn'>, intervalMs: number, firstDelayMs = 10_000) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const run = async () => {
    try {
      await tick();
    } catch (err) {
      logger.warn({ err }, `${name} could not run; will retry`);
    }
    if (!stopped) {
      timer = setTimeout(() => (running = run()), intervalMs);
      timer.unref();
    }
  };
  timer = setTimeout(() => (running = run()), firstDelayMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
