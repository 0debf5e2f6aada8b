import type { Component } from '../lifecycle/component.js';
import type { Logger } from '../logging/logger.js';
import type { DeliveryPipeline } from './delivery-pipeline.js';

/**
 * Delivery as a component: nothing to start (queues start with their first notification); on
 * stop, queued notifications drain until the deadline, and the rest is aborted and counted.
 */
export function deliveryComponent(pipeline: DeliveryPipeline, logger: Logger): Component {
  return {
    name: 'delivery',
    scope: 'every-replica',
    start: () => Promise.resolve(),
    async stop(deadline) {
      const undelivered = await pipeline.stop(deadline.signal);
      if (undelivered > 0) logger.error({ undelivered }, 'Stopped with notifications undelivered');
      else logger.info('Delivered every queued notification');
    },
  };
}
