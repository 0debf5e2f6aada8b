// The ingesting side of bench/kube-events.ts, in its own process so that its CPU time and RSS
// are its own: either a bare client-node Watch that only counts ADDED notifications (the
// baseline), or the KubeEventSource through the shared intake to a counting sink. Driven over
// the IPC channel; run with --expose-gc so memory is read after a collection.
import { systemClock } from '../../src/clock/clock.js';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { createLogger } from '../../src/logging/logger.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';
import { KubeEventSource } from '../../src/sources/kube-event-source.js';

export type IngestMode = 'watch-only' | 'source';

export interface IngestRequest {
  mode: IngestMode;
  kubeconfig: string;
  /** Events to count before reporting. */
  total: number;
  /** Progress (and a memory sample) every this many events. */
  sampleEvery: number;
  /** Rate-limit keys kept (the limiter's own memory is limiter-memory's benchmark). */
  rateLimitMaxKeys: number;
  /**
   * Where the bare watch starts; the source starts from its checkpoint ConfigMap. Absent: from
   * a fresh list.
   */
  resourceVersion?: string;
}

export interface MemorySample {
  events: number;
  rssMiB: number;
  heapUsedMiB: number;
}

export interface IngestResult {
  mode: IngestMode;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  cpuMsTotal: number;
  cpuMicrosPerEvent: number;
  samples: MemorySample[];
  /** Source only: occurrence marks held at the end, and Events seen deleted (TTL). */
  occurrenceMarks?: number;
  deletedSeen?: number;
}

export type ChildMessage =
  { type: 'ready' } | { type: 'progress'; events: number } | { type: 'done'; result: IngestResult };

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function send(message: ChildMessage): void {
  process.send?.(message);
}

function sample(events: number): MemorySample {
  gc();
  const memory = process.memoryUsage();
  return {
    events,
    rssMiB: Math.round(memory.rss / MiB),
    heapUsedMiB: Math.round((memory.heapUsed / MiB) * 10) / 10,
  };
}

async function metricValue(registry: Registry, name: string, label?: [string, string]) {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values
    .filter((v) => label === undefined || v.labels[label[0]] === label[1])
    .reduce((sum, v) => sum + v.value, 0);
}

async function run(request: IngestRequest): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(request.kubeconfig);
  const samples: MemorySample[] = [sample(0)];
  let counted = 0;
  let startedAt = 0;
  let cpuAtStart: NodeJS.CpuUsage = process.cpuUsage();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let seconds = 0;
  let cpu: NodeJS.CpuUsage = { user: 0, system: 0 };
  const count = (): void => {
    if (counted === 0) {
      startedAt = performance.now();
      cpuAtStart = process.cpuUsage();
    }
    counted++;
    if (counted === request.total) {
      seconds = (performance.now() - startedAt) / 1_000;
      cpu = process.cpuUsage(cpuAtStart);
      finish();
    }
    if (counted % request.sampleEvery === 0) {
      samples.push(sample(counted));
      send({ type: 'progress', events: counted });
    }
  };

  const registry = new Registry();
  let stop: () => Promise<void>;
  if (request.mode === 'watch-only') {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const resourceVersion =
      request.resourceVersion ??
      (await core.listEventForAllNamespaces({ limit: 1 })).metadata?.resourceVersion;
    const controller = await new Watch(kubeConfig).watch(
      '/api/v1/events',
      { resourceVersion, allowWatchBookmarks: true },
      (type) => {
        if (type === 'ADDED') count();
      },
      () => undefined,
    );
    stop = () => {
      controller.abort();
      return Promise.resolve();
    };
  } else {
    const limiter = new FixedWindowLimiter({
      intervalMs: 300_000,
      maxKeys: request.rateLimitMaxKeys,
    });
    const source = new KubeEventSource({
      client: createKubeClient({ kubeConfig, origin: 'the benchmark API server' }),
      intake: createEventIntake({
        limiter,
        sink: {
          accept: () => {
            count();
            return undefined;
          },
        },
        metrics: new EventApiMetrics(registry, () => limiter.size),
        now: Date.now,
      }),
      registry,
      clock: systemClock,
      logger: createLogger({ level: 'error', encoding: 'json' }),
      config: {
        kubeEventsNamespaces: [],
        kubeEventsSinceMs: 0,
        kubeEventsSkipControllers: [...FLUX_CONTROLLERS],
        runtimeNamespace: 'flux-system',
      },
    });
    await source.start();
    stop = () => source.stop();
  }
  send({ type: 'ready' });
  await finished;
  const result: IngestResult = {
    mode: request.mode,
    events: counted,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSecond: Math.round(counted / seconds),
    cpuMsTotal: Math.round((cpu.user + cpu.system) / 1_000),
    cpuMicrosPerEvent: Number(((cpu.user + cpu.system) / counted).toFixed(1)),
    samples,
  };
  if (request.mode === 'source') {
    result.occurrenceMarks = await metricValue(registry, 'herald_kube_events_occurrence_marks');
    result.deletedSeen = await metricValue(registry, 'herald_kube_events_seen_total', [
      'as',
      'deleted',
    ]);
  }
  await stop();
  send({ type: 'done', result });
  process.disconnect();
}

process.once('message', (request: IngestRequest) => {
  run(request).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? '') : String(error)}\n`);
    process.exit(1);
  });
});
