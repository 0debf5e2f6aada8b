import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { HERALD_VERSION } from '../config/version.js';

/**
 * prom-client's gauges that carry a counter's `_total` suffix: `promtool check metrics`
 * rejects them, so Herald does not export them.
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The process metrics (CPU, memory, event loop lag, GC) less the misnamed ones, and
 * `herald_build_info`.
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  registerBuildInfo(registry);
}

/** `herald_build_info{version, node_version} 1`: which Herald runs, on which Node.js. */
function registerBuildInfo(registry: Registry): void {
  new Gauge({
    name: 'herald_build_info',
    help: "Herald's version (package.json) and the Node.js version running it; always 1.",
    labelNames: ['version', 'node_version'],
    registers: [registry],
  }).set({ version: HERALD_VERSION, node_version: process.version }, 1);
}
