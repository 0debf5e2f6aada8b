// Loki delivery throughput: batched pushes beside one push per event, into a local receiver
// that answers like Loki's push API (204), measured in one run.
import { systemClock } from '../src/clock/clock.js';
import { createLokiNotifier } from '../src/notifiers/loki.js';
import type { BatchingNotifier } from '../src/notifiers/notifier.js';
import { startCaptureServer } from '../test/support/capture-server.js';
import { printTable, writeResults } from './report.js';
import type { FluxEvent } from '../src/api/event.js';

const EVENTS = Number(process.env.BENCH_LOKI_EVENTS ?? 50_000);
/** The per-event baseline is slower by design; a smaller sample keeps the run short. */
const PER_EVENT_SAMPLE = Math.min(EVENTS, 2_000);

function event(i: number): FluxEvent {
  return {
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name: `web-${i % 50}`,
      namespace: `team-${i % 5}`,
    },
    severity: i % 10 === 0 ? 'error' : 'info',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 100)))
      .toISOString()
      .replace('.000Z', 'Z'),
    message: `Back-off restarting failed container app in pod web-${i % 50} (occurrence ${i})`,
    reason: 'BackOff',
    reportingController: 'kubelet',
    reportingInstance: 'node-1',
    metadata: { count: String(i), type: 'Warning' },
  };
}

async function measure(mode: 'batched' | 'per-event', count: number, url: string): Promise<number> {
  const notifier: BatchingNotifier = createLokiNotifier(
    { type: 'loki', name: 'bench', namespace: 'bench', address: url, timeoutMs: 15_000 },
    { clock: systemClock },
  );
  const started = process.hrtime.bigint();
  if (mode === 'batched') {
    const posted = Array.from({ length: count }, (_, i) => notifier.post(event(i)));
    // Throughput, not latency: send the last partial batch now instead of after its 1 s wait.
    await notifier.flush();
    await Promise.all(posted);
  } else {
    for (let i = 0; i < count; i++) {
      const posted = notifier.post(event(i));
      await notifier.flush();
      await posted;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await notifier.close();
  return count / seconds;
}

export async function benchLokiDelivery(): Promise<void> {
  const receiver = await startCaptureServer({ defaultReply: { status: 204 } });
  try {
    const perEvent = await measure('per-event', PER_EVENT_SAMPLE, receiver.url);
    const before = receiver.requests.length;
    const batched = await measure('batched', EVENTS, receiver.url);
    const batchedRequests = receiver.requests.length - before;
    const rows = [
      {
        delivery: 'one push per event',
        events: PER_EVENT_SAMPLE,
        requests: PER_EVENT_SAMPLE,
        eventsPerSecond: Math.round(perEvent),
      },
      {
        delivery: 'batched (1 s / 1 MiB)',
        events: EVENTS,
        requests: batchedRequests,
        eventsPerSecond: Math.round(batched),
      },
      {
        delivery: 'ratio batched / per event',
        events: '',
        requests: '',
        eventsPerSecond: Number((batched / perEvent).toFixed(1)),
      },
    ];
    printTable('Loki delivery into a local push receiver', rows);
    await writeResults('loki-delivery', {
      events: EVENTS,
      perEventSample: PER_EVENT_SAMPLE,
      perEventPerSecond: perEvent,
      batchedPerSecond: batched,
      batchedRequests,
      ratio: batched / perEvent,
    });
  } finally {
    await receiver.close();
  }
}
