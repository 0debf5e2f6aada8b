import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * prom-client's gauges that carry a counter's `_total` suffix: `promtool check metrics`
 * rejects them, so Herald does not export them.
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The process metrics (CPU, memory, event loop lag, GC) less the misnamed ones. */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
}
