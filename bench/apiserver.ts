/**
 * Throughput of the test API server: objects created per second over HTTP by concurrent
 * clients, and watch events per second streamed to one watcher (live and replayed).
 *
 *   node --import tsx bench/apiserver.ts
 *
 * Writes bench/results/apiserver.json.
 */
import { Agent, request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestApiServer, type TestApiServer } from '../test/apiserver/server.js';

const CREATE_TOTAL = 20_000;
const CREATE_CONCURRENCY = 32;
const WATCH_EVENTS = 50_000;
const RESULTS_FILE = join(import.meta.dirname, 'results', 'apiserver.json');

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface CreateResult {
  objects: number;
  concurrency: number;
  seconds: number;
  objectsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function benchCreates(
  api: TestApiServer,
  resourcePath: string,
  body: (i: number) => object,
): Promise<CreateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CREATE_CONCURRENCY });
  const url = new URL(`${api.url}${resourcePath}`);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < CREATE_TOTAL) {
        const i = next++;
        const sent = performance.now();
        const status = await post(agent, url, JSON.stringify(body(i)));
        if (status !== 201) throw new Error(`create ${i} answered ${status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    objects: CREATE_TOTAL,
    concurrency: CREATE_CONCURRENCY,
    seconds: Number(seconds.toFixed(3)),
    objectsPerSecond: Math.round(CREATE_TOTAL / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

/** Opens a watch and resolves with the seconds it took to receive `expected` frames. */
function watchFrames(url: string, expected: number, onOpen: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let frames = 0;
    let started = 0;
    const req = request(url, (res) => {
      res.setEncoding('utf8');
      started = performance.now();
      onOpen();
      res.on('data', (chunk: string) => {
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) frames++;
        if (frames >= expected) {
          const seconds = (performance.now() - started) / 1000;
          req.destroy();
          resolve(seconds);
        }
      });
    });
    req.on('error', (error) => {
      if (frames < expected) reject(error);
    });
    req.end();
  });
}

interface WatchResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

function watchResult(events: number, seconds: number): WatchResult {
  return {
    events,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSecond: Math.round(events / seconds),
  };
}

async function benchWatch(api: TestApiServer): Promise<{ live: WatchResult; replay: WatchResult }> {
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watched' } });
  const list = (await (await fetch(`${api.url}/api/v1/namespaces/watched/configmaps`)).json()) as {
    metadata: { resourceVersion: string };
  };
  const from = list.metadata.resourceVersion;
  const watchUrl = `${api.url}/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${from}`;
  // Live: the watch is open; writes go straight into the store so the stream is the bottleneck.
  const liveSeconds = await watchFrames(watchUrl, WATCH_EVENTS, () => {
    for (let i = 0; i < WATCH_EVENTS; i++) {
      api.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${i}`, namespace: 'watched' },
        data: { i: String(i) },
      });
    }
  });
  // Replay: a new watch from the same resourceVersion gets the retained history.
  const replaySeconds = await watchFrames(watchUrl, WATCH_EVENTS, () => undefined);
  return {
    live: watchResult(WATCH_EVENTS, liveSeconds),
    replay: watchResult(WATCH_EVENTS, replaySeconds),
  };
}

const api = await startTestApiServer({
  crdFiles: [
    join(import.meta.dirname, '..', 'test', 'apiserver', 'fixtures', 'crds', 'widgets.yaml'),
  ],
  historyLimit: WATCH_EVENTS * 2,
});
try {
  const configMaps = await benchCreates(api, '/api/v1/namespaces/default/configmaps', (i) => ({
    metadata: { name: `bench-${i}`, labels: { bench: 'true' } },
    data: { index: String(i) },
  }));
  const widgets = await benchCreates(
    api,
    '/apis/example.com/v1/namespaces/default/widgets',
    (i) => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: `bench-${i}` },
      spec: { size: (i % 100) + 1 },
    }),
  );
  const watch = await benchWatch(api);
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    createConfigMaps: configMaps,
    createWidgets: widgets,
    watchLive: watch.live,
    watchReplay: watch.replay,
  };
  console.table({
    'create ConfigMaps (HTTP)': {
      rate: `${configMaps.objectsPerSecond} objects/s`,
      p50: `${configMaps.p50Ms} ms`,
      p99: `${configMaps.p99Ms} ms`,
    },
    'create Widgets (HTTP, schema-validated)': {
      rate: `${widgets.objectsPerSecond} objects/s`,
      p50: `${widgets.p50Ms} ms`,
      p99: `${widgets.p99Ms} ms`,
    },
    'watch, live (one watcher)': {
      rate: `${watch.live.eventsPerSecond} events/s`,
      p50: '',
      p99: '',
    },
    'watch, replayed history': {
      rate: `${watch.replay.eventsPerSecond} events/s`,
      p50: '',
      p99: '',
    },
  });
  await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${RESULTS_FILE}`);
} finally {
  await api.close();
}
