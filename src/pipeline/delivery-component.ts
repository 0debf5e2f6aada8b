import type { Component } from '../lifecycle/component.js';
import type { Logger } from '../logging/logger.js';
import type { DeliveryPipeline } from './delivery-pipeline.js';

/**
 * Delivery as a component: nothing to start (queues start with their first notification); on
 * stop, queued notifications drain until the deadline, and the rest is aborted and counted.
 * The last line sums up the run: every notification delivered, or how many were not and why.
 */
export function deliveryComponent(pipeline: DeliveryPipeline, logger: Logger): Component {
  return {
    name: 'delivery',
    scope: 'every-replica',
    start: () => Promise.resolve(),
    async stop(deadline) {
      const { delivered, dropped, failed, leftAtDeadline, kept } = await pipeline.stop(
        deadline.signal,
      );
      const undelivered = dropped + failed + leftAtDeadline;
      if (undelivered === 0 && kept === 0) {
        logger.info({ delivered }, 'Delivered every queued notification');
        return;
      }
      if (undelivered === 0) {
        logger.info(
          { delivered, kept },
          'Kept the notifications waiting for a receiver in the spool for the next start',
        );
        return;
      }
      logger.error(
        { undelivered, dropped, failed, leftAtDeadline, kept, delivered },
        'Stopped with notifications undelivered',
      );
    },
  };
}
