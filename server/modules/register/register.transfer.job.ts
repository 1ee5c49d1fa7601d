import type { Logger } from 'pino';
import { systemContext } from '../../shared/context.ts';
import type { TransferService } from './register.transfer.service.ts';

/**
 * Runs the transfer escalation every so often while the server runs. Each run is one
 * transaction that claims overdue transfers with SKIP LOCKED, so several servers may run it.
 */
export function startTransferEscalation(transfers: TransferService, logger: Logger, intervalMs = 15 * 60_000) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    try {
      const escalated = await transfers.escalateOverdueTransfers(systemContext());
      if (escalated) logger.info({ escalated }, 'overdue transfers escalated');
    } catch (err) {
      logger.warn({ err }, 'transfer escalation could not run; will retry');
    }
    if (!stopped) {
      timer = setTimeout(() => (running = tick()), intervalMs);
      timer.unref();
    }
  };
  timer = setTimeout(() => (running = tick()), 5_000);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
