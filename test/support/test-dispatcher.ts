import { Registry } from 'prom-client';
import { DeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import {
  Dispatcher,
  type DispatchState,
  type DispatcherDeps,
} from '../../src/pipeline/dispatcher.js';
import { captureLogs } from './log-capture.js';
import { createManualClock } from './manual-clock.js';

/** What a test may set of the dispatcher's dependencies; the rest have test defaults. */
export type TestDispatcherDeps = Partial<Omit<DispatcherDeps, 'options' | 'clock'>> & {
  options?: Partial<DispatcherDeps['options']>;
};

/**
 * A Dispatcher on a manual clock, with captured logs and its own metrics registry: 100 queued
 * and 4 in delivery per Provider, cross-namespace references allowed, unless told otherwise.
 */
export function testDispatcher(state: DispatchState, deps: TestDispatcherDeps = {}) {
  const clock = createManualClock();
  const registry = new Registry();
  const dispatcher: Dispatcher = new Dispatcher(
    {
      logger: captureLogs().logger,
      metrics: new DeliveryMetrics(registry, () => dispatcher.queueDepths()),
      ...deps,
      clock,
      options: {
        noCrossNamespaceRefs: false,
        maxQueuedPerProvider: 100,
        concurrencyPerProvider: 4,
        ...deps.options,
      },
    },
    state,
  );
  return { dispatcher, clock, registry };
}
