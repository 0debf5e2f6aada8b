// Fills a limiter with N distinct keys (as the Event API would) and prints memory after GC.
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { rateLimitKey } from '../../src/ratelimit/rate-limit-key.js';

const keys = Number(process.argv[2] ?? 0);
const limiter = new FixedWindowLimiter({ intervalMs: 300_000, maxKeys: Math.max(keys, 1) });
const now = Date.now();
for (let i = 0; i < keys; i++) {
  const key = rateLimitKey({
    involvedObject: { kind: 'Kustomization', name: `app-${i}`, namespace: 'apps' },
    severity: 'info',
    timestamp: '2022-10-28T07:26:19Z',
    message: 'Reconciliation finished',
    reason: 'ReconciliationSucceeded',
    reportingController: 'kustomize-controller',
  });
  limiter.take(key, now);
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
gc?.();
const memory = process.memoryUsage();
const MiB = 1024 * 1024;
process.stdout.write(
  JSON.stringify({
    keys: keys === 0 ? 0 : limiter.size,
    rssMiB: Math.round(memory.rss / MiB),
    heapUsedMiB: Math.round(memory.heapUsed / MiB),
  }),
);
