import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { systemContext } from '../../shared/context.ts';
import { startPeriodic } from '../../shared/periodic.ts';
import type { TransferService } from './register.transfer.service.ts';

/**
 * Runs the transfer escalation every so often while the server runs. Each run is one
 * transaction that claims overdue transfers with SKIP LOCKED, so several servers may run it.
 */
export function startTransferEscalation(transfers: TransferService, logger: Logger, clock: Clock = systemClock, intervalMs = 15 * 60_000) {
  return startPeriodic(
    'transfer escalation',
    async () => {
      const escalated = await transfers.escalateOverdueTransfers(systemContext(clock.now()));
      if (escalated) logger.info({ escalated }, 'overdue transfers escalated');
    },
    logger,
    intervalMs,
    5_000,
  );
}
