import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { Alert } from '../../src/api/alert.js';
import type { Provider } from '../../src/api/provider.js';
import type { Secret } from '../../src/api/secret.js';
import { FlagLeadership } from '../support/flag-leadership.js';
import { Reconciler } from '../../src/kube/reconciler.js';
import { ControllerRuntimeMetrics } from '../../src/metrics/controller-runtime-metrics.js';
import type { HeraldStatus } from '../../src/kube/status/desired-status.js';
import {
  createDeliveryPipeline,
  type DeliveryPipeline,
} from '../../src/pipeline/delivery-pipeline.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { MemoryCache } from '../support/memory-cache.js';
import { waitFor } from '../support/wait-for.js';

function alert(name: string, providerName: string, generation = 1): Alert {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Alert',
    metadata: { name, namespace: 'apps', generation },
    spec: {
      providerRef: { name: providerName },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
    },
  };
}

function provider(name: string): Provider {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: { name, namespace: 'apps', generation: 1 },
    spec: { type: 'generic', address: 'http://127.0.0.1:1/hook' },
  };
}

describe('Reconciler', () => {
  let alerts: MemoryCache<Alert>;
  let providers: MemoryCache<Provider>;
  let secrets: MemoryCache<Secret>;
  let writes: { kind: string; key: string; status: HeraldStatus }[];
  let leadership: FlagLeadership;
  let pipeline: DeliveryPipeline;
  let reconciler: Reconciler;
  let clock: ManualClock;
  let metricsRegistry: Registry;
  /** How many of the next status writes fail. */
  let failWrites = 0;

  /** The status an object has after writes, as the API server would echo it back. */
  function echo(): void {
    for (const write of writes.splice(0)) {
      const [namespace, name] = write.key.split('/') as [string, string];
      const cache = write.kind === 'Alert' ? alerts : providers;
      const object = cache.get(namespace, name);
      if (object !== undefined) cache.put({ ...object, status: write.status } as never);
      echoed.push(write);
    }
  }
  let echoed: typeof writes;

  /** A reconciler over the test's caches and pipeline, recording its status writes. */
  function newReconciler(): Reconciler {
    metricsRegistry = new Registry();
    return new Reconciler({
      metrics: new ControllerRuntimeMetrics(metricsRegistry, clock, ['alert', 'provider']),
      alerts,
      providers,
      secrets,
      pipeline,
      leadership,
      logger: captureLogs().logger,
      clock,
      writeStatus: (kind, namespace, name, status) => {
        if (failWrites > 0) {
          failWrites--;
          return Promise.reject(new Error('HTTP 500'));
        }
        writes.push({ kind, key: `${namespace}/${name}`, status });
        return Promise.resolve();
      },
    });
  }

  beforeEach(() => {
    failWrites = 0;
    alerts = new MemoryCache();
    providers = new MemoryCache();
    secrets = new MemoryCache();
    writes = [];
    echoed = [];
    leadership = new FlagLeadership(true);
    clock = createManualClock(Date.parse('2026-11-21T10:00:00Z'));
    pipeline = createDeliveryPipeline({
      config: testConfig(),
      logger: captureLogs().logger,
      registry: new Registry(),
      clock,
    });
    reconciler = newReconciler();
  });
  afterEach(async () => {
    reconciler.stop();
    await pipeline.stop(new AbortController().signal);
  });

  const ready = (kind: string, key: string) =>
    [...echoed, ...writes].filter((write) => write.kind === kind && write.key === key).at(-1)
      ?.status.conditions?.[0];

  test('a good Alert and Provider become Ready with their generation observed', async () => {
    providers.put(provider('hook'));
    alerts.put(alert('on-call', 'hook', 3));
    reconciler.start();
    await waitFor(() => writes.length === 2, 'both status writes');
    assert.deepEqual(ready('Alert', 'apps/on-call'), {
      type: 'Ready',
      status: 'True',
      observedGeneration: 3,
      lastTransitionTime: '2026-11-21T10:00:00Z',
      reason: 'Succeeded',
      message: 'Alert is ready',
    });
    assert.equal(ready('Provider', 'apps/hook')?.status, 'True');
  });

  test('a missing Provider is named; creating it turns the Alert Ready without a restart', async () => {
    alerts.put(alert('on-call', 'hook'));
    reconciler.start();
    await waitFor(() => writes.length === 1, 'a status write');
    assert.equal(ready('Alert', 'apps/on-call')?.status, 'False');
    assert.equal(ready('Alert', 'apps/on-call')?.reason, 'ProviderNotFound');
    assert.equal(ready('Alert', 'apps/on-call')?.message, "Provider 'hook' not found");
    echo();
    clock.advance(60_000);
    providers.put(provider('hook'));
    await waitFor(() => writes.some((write) => write.kind === 'Alert'), 'the Alert status write');
    const condition = ready('Alert', 'apps/on-call');
    assert.equal(condition?.status, 'True');
    assert.equal(
      condition.lastTransitionTime,
      '2026-11-21T10:01:00Z',
      'the transition time moves with the status',
    );
  });

  test('status echoes of its own writes do not rebuild the dispatch state', async () => {
    let updates = 0;
    const update = pipeline.update.bind(pipeline);
    pipeline = { ...pipeline, update: (objects) => (updates++, update(objects)) };
    reconciler = newReconciler();
    providers.put(provider('hook'));
    alerts.put(alert('on-call', 'hook'));
    reconciler.start();
    await waitFor(() => writes.length === 2, 'both status writes');
    const afterFirst = updates;
    echo();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(updates, afterFirst, 'status-only updates are not spec changes');
    alerts.put({
      ...alert('on-call', 'hook', 2),
      spec: { ...alert('on-call', 'hook').spec, summary: 'changed' },
    });
    await waitFor(() => updates === afterFirst + 1, 'the spec change to update dispatch');
  });

  test("each object's reconcile is counted as controller-runtime counts it", async () => {
    const value = async (name: string, labels: Record<string, string>) =>
      (await metricsRegistry.getSingleMetric(name)?.get())?.values.find((each) =>
        Object.entries(labels).every(([key, wanted]) => each.labels[key] === wanted),
      )?.value;
    assert.equal(
      await value('controller_runtime_reconcile_total', { controller: 'alert', result: 'success' }),
      0,
      'every series exists from the start',
    );
    providers.put(provider('hook'));
    alerts.put(alert('on-call', 'hook'));
    failWrites = 1;
    reconciler.start();
    await waitFor(() => writes.length === 1, 'the write that did not fail');
    await reconciler.idle();
    const provider_ = { controller: 'provider' };
    const alert_ = { controller: 'alert' };
    // The Provider's write failed, the Alert's succeeded (they are written in that order).
    assert.equal(await value('controller_runtime_reconcile_errors_total', provider_), 1);
    assert.equal(
      await value('controller_runtime_reconcile_total', { ...alert_, result: 'success' }),
      1,
    );
    clock.advance(5_000);
    await waitFor(() => writes.length === 2, 'the retried write');
    await reconciler.idle();
    assert.equal(
      await value('controller_runtime_reconcile_total', { ...provider_, result: 'success' }),
      1,
    );
    assert.equal(await value('workqueue_retries_total', { name: 'provider' }), 1);
    assert.equal(await value('workqueue_adds_total', { name: 'provider' }), 2);
    assert.equal(await value('controller_runtime_active_workers', alert_), 0);
    const text = await metricsRegistry.metrics();
    assert.match(
      text,
      /^controller_runtime_reconcile_time_seconds_count\{controller="provider"\} 2$/m,
    );
    assert.match(
      text,
      /^workqueue_longest_running_processor_seconds\{name="alert",controller="alert"\} 0$/m,
    );
  });

  test('nothing is written when the status already says the same', async () => {
    providers.put(provider('hook'));
    reconciler.start();
    await waitFor(() => writes.length === 1, 'a status write');
    echo();
    reconciler.schedule();
    await new Promise((resolve) => setImmediate(resolve));
    await reconciler.idle();
    assert.deepEqual(writes, []);
  });

  test('only the leader writes status; a new leader writes what is due', async () => {
    leadership.set(false);
    providers.put(provider('hook'));
    reconciler.start();
    await new Promise((resolve) => setImmediate(resolve));
    await reconciler.idle();
    assert.deepEqual(writes, []);
    assert.equal(reconciler.readiness().length, 1, 'followers still route');
    leadership.set(true);
    await waitFor(() => writes.length === 1, 'a status write');
  });

  test("an Alert's last dispatch is written at most once per 30 s", async () => {
    providers.put(provider('hook'));
    alerts.put(alert('on-call', 'hook'));
    reconciler.start();
    await waitFor(() => writes.length === 2, 'both status writes');
    echo();
    reconciler.recordDispatch('apps/on-call', { ok: false, error: 'HTTP 500' });
    await waitFor(() => writes.length === 1, 'a status write');
    assert.deepEqual(writes[0]?.status.lastDispatch, {
      time: '2026-11-21T10:00:00Z',
      result: 'Failed',
      error: 'HTTP 500',
    });
    echo();
    clock.advance(1_000);
    reconciler.recordDispatch('apps/on-call', { ok: true });
    reconciler.schedule();
    await new Promise((resolve) => setImmediate(resolve));
    await reconciler.idle();
    assert.equal(writes.length, 0, 'within 30 s of the last write');
    clock.advance(30_000);
    reconciler.schedule();
    await waitFor(() => writes.length === 1, 'a status write');
    assert.deepEqual(writes[0].status.lastDispatch, {
      time: '2026-11-21T10:00:01Z',
      result: 'Succeeded',
    });
  });
});
