import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import type { Checkpoint } from '../../src/sources/checkpoint.js';
import { CheckpointStore } from '../../src/sources/checkpoint-store.js';
import { KubeEventMetrics } from '../../src/sources/kube-event-metrics.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { RUNTIME_NAMESPACE, storedCheckpoints } from '../support/kube-event-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';

const NAME = 'herald-kube-events-checkpoint';

function at(second: number, resourceVersion: string): Checkpoint {
  const time = `2024-05-01T12:00:${String(second).padStart(2, '0')}.000000Z`;
  return { resourceVersion, newestTime: time, idsAtNewestTime: [`uid/${second}`] };
}

let api: TestApiServer;
before(async () => {
  api = await startTestApiServer({ namespaces: [RUNTIME_NAMESPACE] });
});
beforeEach(() => {
  api.faults.clear();
  api.delete('v1', 'ConfigMap', NAME, RUNTIME_NAMESPACE);
});
after(() => api.close());

/** A store on the test server whose clock and timers the test moves (1 s interval). */
function storeUnderTest() {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(api.kubeconfig());
  const clock = createManualClock();
  const registry = new Registry();
  const logs = captureLogs();
  const metrics = new KubeEventMetrics(registry, {
    checkpointAgeSeconds: () => store.ageSeconds(),
    occurrenceMarks: () => 0,
  });
  const store: CheckpointStore = new CheckpointStore({
    core: kubeConfig.makeApiClient(CoreV1Api),
    namespace: RUNTIME_NAMESPACE,
    writeIntervalMs: 1_000,
    logger: logs.logger,
    metrics,
    clock,
  });
  const count = async (name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
  return {
    store,
    logs,
    advance: (ms: number) => {
      clock.advance(ms);
    },
    /** Timers waiting: the next write's, while one is scheduled. */
    timers: () => clock.pending,
    writes: () => count('herald_kube_events_checkpoint_writes_total'),
    failures: () => count('herald_kube_events_checkpoint_write_failures_total'),
    configMapWrites: () =>
      api.requests.filter((r) => r.path.endsWith(`/configmaps/${NAME}`) && r.method === 'PATCH')
        .length,
  };
}

test('creates the ConfigMap, then merge-patches changed keys at most once per interval', async () => {
  const sut = storeUnderTest();
  assert.equal((await sut.store.load()).size, 0);
  sut.store.record('*', at(1, '101'));
  sut.advance(0);
  await waitFor(async () => (await sut.writes()) === 1, 'the first write (a create)');
  assert.deepEqual(storedCheckpoints(api)?._all?.resourceVersion, '101');

  for (let i = 2; i <= 9; i++) sut.store.record('*', at(i, `10${i}`));
  sut.store.record('apps', at(9, '109'));
  assert.ok(sut.store.ageSeconds() >= 0);
  sut.advance(999);
  assert.equal(await sut.writes(), 1, 'not before the interval');
  sut.advance(1);
  await waitFor(async () => (await sut.writes()) === 2, 'the second write');
  assert.equal(sut.configMapWrites(), 1, 'one patch for nine records');
  assert.equal(storedCheckpoints(api)?._all?.resourceVersion, '109');
  assert.equal(storedCheckpoints(api)?.apps?.resourceVersion, '109');
  assert.equal(sut.store.ageSeconds(), 0);

  sut.advance(5_000);
  assert.equal(await sut.writes(), 2, 'nothing changed, nothing written');
  await sut.store.close();
});

test('keeps entries it does not write, warns about unreadable ones, and flushes on demand', async () => {
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: NAME, namespace: RUNTIME_NAMESPACE },
    data: { other: JSON.stringify({ version: 1, newestTime: 'x' }), apps: '{"version":1,' },
  });
  const sut = storeUnderTest();
  assert.equal((await sut.store.load()).size, 0);
  const warnings = sut.logs.lines().filter((line) => line.level === 'warn');
  assert.deepEqual(warnings.map((line) => line.key).sort(), ['apps', 'other']);
  assert.ok(warnings.every((line) => line.code === 'HERALD_CHECKPOINT_UNREADABLE'));

  sut.store.record('apps', at(3, '300'));
  assert.equal(await sut.store.flush(), true);
  const data = api.get('v1', 'ConfigMap', NAME, RUNTIME_NAMESPACE)?.data as Record<string, string>;
  assert.equal((JSON.parse(data.apps ?? '') as Checkpoint).resourceVersion, '300');
  assert.equal(data.other, JSON.stringify({ version: 1, newestTime: 'x' }));
  await sut.store.close();
});

test('a failed write is counted, keeps the checkpoint pending and is retried', async () => {
  const sut = storeUnderTest();
  await sut.store.load();
  const failing = api.faults.inject({
    resource: 'configmaps',
    verb: 'create',
    status: 500,
    times: 1,
  });
  sut.store.record('*', at(4, '400'));
  sut.advance(0);
  await waitFor(async () => (await sut.failures()) === 1, 'the failed write');
  assert.equal(failing.hits, 1);
  sut.advance(2_000);
  assert.equal(sut.store.ageSeconds(), 2, 'pending since the first record');
  await waitFor(async () => (await sut.writes()) === 1, 'the retried write');
  assert.equal(storedCheckpoints(api)?._all?.resourceVersion, '400');
  const lines = sut.logs
    .lines()
    .filter((line) => line.msg === 'Failed to write the Event checkpoint');
  assert.equal(lines.length, 1);
  await sut.store.close();
});

test('writes that keep failing back off up to 30 s and log the 1st, 2nd, 4th… failure', async () => {
  const sut = storeUnderTest();
  await sut.store.load();
  const failing = api.faults.inject({
    resource: 'configmaps',
    verb: 'create',
    status: 503,
    times: 6,
  });
  sut.store.record('*', at(4, '400'));
  sut.advance(0);
  for (const [failures, waitMs] of [
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [5, 30_000],
    [6, 30_000],
  ] as const) {
    await waitFor(async () => (await sut.failures()) === failures, `failure ${failures}`);
    await waitFor(() => sut.timers() === 1, 'the next write scheduled');
    sut.advance(waitMs - 1);
    assert.equal(sut.timers(), 1, `after failure ${failures}, no write before ${waitMs} ms`);
    sut.advance(1);
  }
  await waitFor(async () => (await sut.writes()) === 1, 'the write once the server is back');
  assert.equal(failing.hits, 6);
  const failureLines = sut.logs
    .lines()
    .filter((line) => line.msg === 'Failed to write the Event checkpoint')
    .map((line) => line.failuresInARow);
  assert.deepEqual(failureLines, [1, 2, 4]);
  const recovered = sut.logs
    .lines()
    .find((line) => line.msg === 'Wrote the Event checkpoint again');
  assert.equal(recovered?.failuresInARow, 6);
  await sut.store.close();
});

test('load fails when the ConfigMap cannot be read: no watch may start without it', async () => {
  const sut = storeUnderTest();
  api.faults.inject({ resource: 'configmaps', verb: 'get', status: 503, times: 1 });
  await assert.rejects(sut.store.load());
});
