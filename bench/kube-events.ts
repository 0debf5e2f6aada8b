// Native Kubernetes Events ingested per second, end to end: Events created in the test API
// server, watched by KubeEventSource, converted, rate limited by the shared intake and counted
// by a sink; beside it, in the same run, the same Events merely counted by a bare client-node
// Watch. Each ingesting side runs in a child process so its CPU time and RSS are its own; the
// API server and the Event generator stay in this process.
//
// Two scenarios:
// - live: 100,000 Events created while watched, paced so at most AHEAD wait, expiring a second
//   after creation (DELETED follows): the steady state, and memory over the run. On a small
//   machine its rate is the generator's (the API server shares the cores).
// - burst: BURST Events created while nobody watches, then replayed by a watch resuming from a
//   checkpoint's resourceVersion: what the ingesting side alone can take.
//
//   npm run bench -- kube-events        (or: node --import tsx bench/kube-events.ts)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { toConfigMapData } from '../src/sources/checkpoint-data.js';
import { ALL_NAMESPACES } from '../src/sources/checkpoint.js';
import { CHECKPOINT_CONFIGMAP_NAME } from '../src/sources/checkpoint-store.js';
import { startTestApiServer, type TestApiServer } from '../test/apiserver/server.js';
import { printTable, writeResults } from './report.js';
import type {
  ChildMessage,
  IngestMode,
  IngestRequest,
  IngestResult,
} from './servers/kube-events-ingest.js';

const LIVE_EVENTS = 100_000;
const BURST_EVENTS = 40_000;
const SAMPLE_EVERY = 10_000;
/** Live: Events created and not yet counted, at most; keeps the watch stream's buffer small. */
const AHEAD = 5_000;
const CHUNK = 500;
/** Live: Events expire a second after their last write, so marks must be forgotten. */
const LIVE_TTL_SECONDS = 1;
/** Live: changes the test API server keeps for watches to resume from (none resumes here). */
const LIVE_HISTORY = 1_000;
const RATE_LIMIT_MAX_KEYS = 10_000;
const TARGET_EVENTS_PER_SECOND = 5_000;
const RUNTIME_NAMESPACE = 'flux-system';

const CHILD = fileURLToPath(new URL('./servers/kube-events-ingest.ts', import.meta.url));

type Scenario = 'live' | 'burst';

function createEvent(api: TestApiServer, i: number): void {
  const at = `${new Date().toISOString().slice(0, 19)}Z`;
  api.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web-${i}.17c3a1b2c3d4e5f6`, namespace: 'bench' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `web-${i}`, namespace: 'bench' },
    reason: 'BackOff',
    message: `Back-off restarting failed container web in pod web-${i}_bench`,
    type: 'Warning',
    source: { component: 'kubelet', host: 'node-1' },
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
  });
}

/** The Events' resourceVersion now, stored as the source's checkpoint so it resumes there. */
function checkpointHere(api: TestApiServer): string {
  const resourceVersion = api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'bench-marker', namespace: RUNTIME_NAMESPACE },
  }).metadata.resourceVersion;
  if (resourceVersion === undefined) throw new Error('no resourceVersion');
  const checkpoint = {
    resourceVersion,
    newestTime: `${new Date().toISOString().slice(0, 23)}000Z`,
    idsAtNewestTime: [],
  };
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CHECKPOINT_CONFIGMAP_NAME, namespace: RUNTIME_NAMESPACE },
    data: toConfigMapData(new Map([[ALL_NAMESPACES, checkpoint]])),
  });
  return resourceVersion;
}

/** One ingesting child against a fresh API server. */
async function measure(scenario: Scenario, mode: IngestMode): Promise<IngestResult> {
  const total = scenario === 'live' ? LIVE_EVENTS : BURST_EVENTS;
  const api = await startTestApiServer({
    namespaces: [RUNTIME_NAMESPACE, 'bench'],
    eventTtlSeconds: scenario === 'live' ? LIVE_TTL_SECONDS : 3_600,
    // The store trims its history by splicing an array: keep it short where nothing replays.
    historyLimit: scenario === 'burst' ? BURST_EVENTS + 1_000 : LIVE_HISTORY,
  });
  let resourceVersion: string | undefined;
  if (scenario === 'burst') {
    resourceVersion = checkpointHere(api);
    for (let i = 0; i < total; i++) createEvent(api, i);
  }
  const child = fork(CHILD, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    let counted = 0;
    let wake: () => void = () => undefined;
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const done = new Promise<IngestResult>((resolve, reject) => {
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') ready();
        if (message.type === 'progress') counted = message.events;
        if (message.type === 'done') resolve(message.result);
        wake();
      });
      child.on('exit', (code) => {
        reject(new Error(`the ${mode} child exited with ${String(code)} before reporting`));
      });
    });
    const request: IngestRequest = {
      mode,
      kubeconfig: api.kubeconfig(),
      total,
      sampleEvery: SAMPLE_EVERY,
      rateLimitMaxKeys: RATE_LIMIT_MAX_KEYS,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    };
    child.send(request);
    await isReady;
    if (scenario === 'live') {
      // Once the watch is open, every Event created is after the list: none is first-start backlog.
      while (api.openWatches() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      for (let created = 0; created < total;) {
        if (created - counted >= AHEAD + SAMPLE_EVERY) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        const end = Math.min(total, created + CHUNK);
        for (; created < end; created++) createEvent(api, created);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return await done;
  } finally {
    child.kill();
    await api.close();
  }
}

function label(mode: IngestMode): string {
  return mode === 'source' ? 'KubeEventSource → intake → sink' : 'bare Watch, counting (baseline)';
}

function memory(result: IngestResult, at: number): string {
  const sample = result.samples.find((s) => s.events === at);
  return sample === undefined ? '' : String(sample.rssMiB);
}

export async function benchKubeEvents(): Promise<void> {
  const results = {
    live: {
      baseline: await measure('live', 'watch-only'),
      source: await measure('live', 'source'),
    },
    burst: {
      baseline: await measure('burst', 'watch-only'),
      source: await measure('burst', 'source'),
    },
  };
  const rows = (['live', 'burst'] as const).flatMap((scenario) =>
    [results[scenario].baseline, results[scenario].source].map((result) => ({
      scenario,
      ingesting: label(result.mode),
      events: result.events,
      'events/s': result.eventsPerSecond,
      'CPU µs/event': result.cpuMicrosPerEvent,
      'RSS MiB at 10k': memory(result, SAMPLE_EVERY),
      'RSS MiB at end': memory(result, result.events),
    })),
  );
  printTable('Native Kubernetes Events from the test API server (child process, after GC)', rows);
  const { source } = results.live;
  printTable(
    `Memory of the source over the live run (Events expire after ${LIVE_TTL_SECONDS} s)`,
    source.samples.map((s) => ({ events: s.events, rssMiB: s.rssMiB, heapUsedMiB: s.heapUsedMiB })),
  );
  const ceiling = Math.round(1e6 / source.cpuMicrosPerEvent);
  process.stdout.write(
    [
      `live: source at ${(source.eventsPerSecond / results.live.baseline.eventsPerSecond).toFixed(2)} of the bare watch's rate (the generator's pace); target ${TARGET_EVENTS_PER_SECOND}/s ${source.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met'}`,
      `burst: source at ${(results.burst.source.eventsPerSecond / results.burst.baseline.eventsPerSecond).toFixed(2)} of the bare watch's rate; one core's worth of CPU at ${source.cpuMicrosPerEvent} µs/event is ${ceiling} events/s`,
      `occurrence marks at the end of the live run: ${String(source.occurrenceMarks)} (the Events still alive; ${String(source.deletedSeen)} seen deleted and forgotten)`,
      '',
    ].join('\n'),
  );
  await writeResults('kube-events', {
    liveEvents: LIVE_EVENTS,
    burstEvents: BURST_EVENTS,
    liveEventTtlSeconds: LIVE_TTL_SECONDS,
    rateLimitMaxKeys: RATE_LIMIT_MAX_KEYS,
    targetEventsPerSecond: TARGET_EVENTS_PER_SECOND,
    ...results,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchKubeEvents();
