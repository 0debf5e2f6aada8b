import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { EVENT_GROUP, type FluxEvent } from '../../src/api/event.js';
import { systemClock, type Clock } from '../../src/clock/clock.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';
import {
  KubeEventSource,
  type KubeEventSourceOptions,
} from '../../src/sources/kube-event-source.js';
import type { JsonObject } from '../apiserver/json.js';
import type { TestApiServer } from '../apiserver/server.js';
import { callApi } from '../apiserver/test-support.js';
import type { CaptureServer } from './capture-server.js';
import { captureLogs } from './log-capture.js';
import { metricValue } from './metric-value.js';

/** Where the tests keep checkpoints (RUNTIME_NAMESPACE). */
export const RUNTIME_NAMESPACE = 'flux-system';

export interface SourceUnderTest {
  source: KubeEventSource;
  /** Every event the sink received, in order. */
  delivered: FluxEvent[];
  registry: Registry;
  logs: ReturnType<typeof captureLogs>;
  /** `<Event name>#<count>` of each delivered event, in order. */
  occurrences(): string[];
  /** A metric's value (summed over the labels given, or all). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export interface SourceOptions {
  /** The rate limiter's window: 0 (default) lets every occurrence through. */
  rateLimitIntervalMs?: number;
  namespaces?: readonly string[];
  sinceMs?: number;
  checkpoint?: KubeEventSourceOptions['checkpoint'];
  watch?: KubeEventSourceOptions['watch'];
  /** Real time by default: these tests run against a live API server and its timing. */
  clock?: Partial<Clock>;
  /** When the sink records each event it takes (as the dispatcher does); at once by default. */
  recording?: (event: FluxEvent) => Promise<void> | undefined;
}

/** A KubeEventSource against the test API server, its intake ending in a recording sink. */
export function sourceFor(api: TestApiServer, options: SourceOptions = {}): SourceUnderTest {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(api.kubeconfig());
  const client = createKubeClient({ kubeConfig, origin: 'the test API server' });
  const registry = new Registry();
  const limiter = new FixedWindowLimiter({
    intervalMs: options.rateLimitIntervalMs ?? 0,
    maxKeys: 100_000,
  });
  const delivered: FluxEvent[] = [];
  const logs = captureLogs('info');
  const source = new KubeEventSource({
    client,
    intake: createEventIntake({
      limiter,
      sink: {
        accept: (event) => {
          delivered.push(event);
          return options.recording?.(event);
        },
      },
      metrics: new EventApiMetrics(registry, () => limiter.size),
      now: Date.now,
    }),
    registry,
    logger: logs.logger,
    config: {
      kubeEventsNamespaces: options.namespaces ?? [],
      kubeEventsSinceMs: options.sinceMs ?? 0,
      kubeEventsSkipControllers: [...FLUX_CONTROLLERS],
      runtimeNamespace: RUNTIME_NAMESPACE,
    },
    watch: { restartDelayBaseMs: 50, restartDelayMaxMs: 500, ...options.watch },
    clock: { ...systemClock, ...options.clock },
    ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
  });
  return {
    source,
    delivered,
    registry,
    logs,
    occurrences: () => delivered.map(occurrenceLabel),
    metric: (name, labels) => metricValue(registry, name, labels),
  };
}

/** `<Event name>#<count>`: one occurrence of one Event, as converted. */
export function occurrenceLabel(event: FluxEvent): string {
  const metadata = event.metadata ?? {};
  return `${metadata[`${EVENT_GROUP}/name`] ?? '?'}#${metadata[`${EVENT_GROUP}/count`] ?? '?'}`;
}

export interface EventSpec {
  namespace?: string;
  /** `lastTimestamp`; now when absent. */
  at?: Date;
  component?: string;
  message?: string;
}

/** A core/v1 Event as kubelet would record one (count 1). */
export function eventManifest(name: string, spec: EventSpec = {}): JsonObject {
  const namespace = spec.namespace ?? 'default';
  const at = wholeSeconds(spec.at ?? new Date());
  const component = spec.component ?? 'kubelet';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `pod-${name}`, namespace },
    reason: 'BackOff',
    message: spec.message ?? `Back-off restarting container of ${name}`,
    type: 'Warning',
    source: { component, host: 'node-1' },
    reportingComponent: component,
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
  };
}

/** The merge patch of one more occurrence of an Event: its count and lastTimestamp move. */
export function occurrencePatch(count: number): JsonObject {
  return { count, lastTimestamp: wholeSeconds(new Date()) };
}

/** Creates a core/v1 Event in the server's store; returns its resourceVersion. */
export function createEvent(api: TestApiServer, name: string, spec: EventSpec = {}): string {
  return api.create(eventManifest(name, spec)).metadata.resourceVersion ?? '';
}

/** One more occurrence of an existing Event, over HTTP. */
export async function bumpEvent(
  api: TestApiServer,
  name: string,
  count: number,
  namespace = 'default',
): Promise<void> {
  const response = await callApi(
    api.url,
    'PATCH',
    `/api/v1/namespaces/${namespace}/events/${name}`,
    occurrencePatch(count),
    { 'Content-Type': 'application/merge-patch+json' },
  );
  if (response.status !== 200) {
    throw new Error(
      `bumping ${name} answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
}

/** `<Event name>#<count>` of each notification a generic Provider posted to the receiver. */
export function postedOccurrences(receiver: Pick<CaptureServer, 'requests'>): string[] {
  return receiver.requests.map((request) => {
    const body = JSON.parse(request.body.toString()) as { metadata?: Record<string, string> };
    return `${body.metadata?.name ?? '?'}#${body.metadata?.count ?? '?'}`;
  });
}

/** The checkpoint ConfigMap's data as stored, or undefined when it does not exist. */
export function storedCheckpoints(
  api: TestApiServer,
  name = 'herald-kube-events-checkpoint',
): Record<string, JsonObject> | undefined {
  const configMap = api.get('v1', 'ConfigMap', name, RUNTIME_NAMESPACE);
  if (configMap === undefined) return undefined;
  const data = (configMap.data ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(data).map(([key, text]) => [key, JSON.parse(text) as JsonObject]),
  );
}

function wholeSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Each label once, in any order: the exactly-once assertion, naming what repeated or is missing. */
export function assertExactlyOnce(delivered: readonly string[], expected: readonly string[]): void {
  const repeated = [...tally(delivered)].filter(([, n]) => n > 1).map(([label]) => label);
  assert.deepEqual(repeated, [], 'delivered more than once');
  assert.deepEqual([...delivered].sort(), [...expected].sort());
}

/** Counts of each item, for exactly-once assertions that name what went wrong. */
export function tally(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
