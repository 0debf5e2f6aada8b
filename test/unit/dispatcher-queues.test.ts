import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import type { BatchingNotifier, Notifier } from '../../src/notifiers/notifier.js';
import { AlertIndex, type IndexedProvider } from '../../src/pipeline/alert-index.js';
import { Dispatcher } from '../../src/pipeline/dispatcher.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';

const CONCURRENCY = 2;

/** A notifier whose posts wait until the test releases them; it records posts and its close. */
function heldNotifier(batching = false) {
  const held: (() => void)[] = [];
  const posted: string[] = [];
  let closed = false;
  const notifier: Notifier = {
    post(event: FluxEvent) {
      posted.push(event.message);
      return new Promise<void>((resolve) => held.push(resolve));
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
  const batcher: BatchingNotifier = { ...notifier, batching: true, flush: () => Promise.resolve() };
  return {
    notifier: batching ? batcher : notifier,
    posted,
    /** Posts in flight right now. */
    inFlight: () => held.length,
    releaseAll() {
      for (const release of held.splice(0)) release();
    },
    closed: () => closed,
  };
}

function dispatcherFor(providerType: IndexedProvider['type'], notifier: Notifier) {
  const registry = new Registry();
  const metrics = new DeliveryMetrics(registry, () => dispatcher.queueDepths());
  const dispatcher: Dispatcher = new Dispatcher(
    {
      logger: captureLogs().logger,
      metrics,
      clock: createManualClock(),
      options: {
        noCrossNamespaceRefs: false,
        maxQueuedPerProvider: 100,
        concurrencyPerProvider: CONCURRENCY,
      },
    },
    stateWith(providerType, notifier),
  );
  const depthOf = async () =>
    (await registry.getSingleMetric('herald_notification_queue_depth')?.get())?.values ?? [];
  return { dispatcher, depthOf };
}

function stateWith(type: IndexedProvider['type'], notifier: Notifier | undefined) {
  const provider: IndexedProvider = { key: 'apps/hook', type, suspended: false };
  return {
    index: new AlertIndex(notifier === undefined ? [] : [indexedAlert({ provider })]),
    notifiers: new Map(notifier === undefined ? [] : [[provider.key, notifier]]),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function send(dispatcher: Dispatcher, count: number, prefix: string): void {
  for (let i = 0; i < count; i++)
    void dispatcher.accept({ ...seedEvent(), message: `${prefix} ${i}` }, 'http');
}

test('a Provider whose notifier changes gets a new queue built for the new notifier', async () => {
  const loki = heldNotifier(true);
  const { dispatcher } = dispatcherFor('loki', loki.notifier);
  send(dispatcher, 5, 'batched');
  await settle();
  // A batching notifier is given every event at once.
  assert.equal(loki.inFlight(), 5);

  const hook = heldNotifier();
  dispatcher.setState(stateWith('generic', hook.notifier));
  send(dispatcher, 5, 'posted');
  await settle();
  // The new queue holds the new type's concurrency, not the old queue's.
  assert.equal(hook.inFlight(), CONCURRENCY);
  assert.equal(loki.closed(), false, 'the old notifier closes once its queue is done');
  loki.releaseAll();
  await settle();
  assert.equal(loki.closed(), true);
  assert.deepEqual(loki.posted, ['batched 0', 'batched 1', 'batched 2', 'batched 3', 'batched 4']);
  hook.releaseAll();
  await settle();
  hook.releaseAll();
  await settle();
  hook.releaseAll();
  assert.equal((await dispatcher.stop(new AbortController().signal)).leftAtDeadline, 0);
});

test("a removed Provider's queue drains, closes its notifier and drops its queue-depth series", async () => {
  const hook = heldNotifier();
  const { dispatcher, depthOf } = dispatcherFor('generic', hook.notifier);
  send(dispatcher, 3, 'event');
  await settle();
  assert.deepEqual(
    (await depthOf()).map(({ labels, value }) => [labels.provider, value]),
    [['apps/hook', 3]],
  );

  dispatcher.setState(stateWith('generic', undefined));
  // Still draining: its depth is still shown.
  assert.deepEqual(
    (await depthOf()).map(({ labels, value }) => [labels.provider, value]),
    [['apps/hook', 3]],
  );
  hook.releaseAll();
  await settle();
  hook.releaseAll();
  await settle();
  assert.equal(hook.closed(), true);
  assert.deepEqual(await depthOf(), []);
  assert.deepEqual(hook.posted, ['event 0', 'event 1', 'event 2']);
});

test('stop counts what a deadline left undelivered, the retiring queues too', async () => {
  const first = heldNotifier();
  const { dispatcher } = dispatcherFor('generic', first.notifier);
  send(dispatcher, 3, 'old');
  const second = heldNotifier();
  dispatcher.setState(stateWith('generic', second.notifier));
  send(dispatcher, 4, 'new');
  await settle();
  assert.equal((await dispatcher.stop(AbortSignal.abort())).leftAtDeadline, 7);
  assert.equal(first.closed(), true);
  assert.equal(second.closed(), true);
});

test('each post names the Alert it is delivered for (OpenTelemetry traces by it)', async () => {
  const origins: unknown[] = [];
  const notifier: Notifier = {
    post(_event, _signal, context) {
      origins.push(context?.alert);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const { dispatcher } = dispatcherFor('otel', notifier);
  const provider: IndexedProvider = { key: 'apps/hook', type: 'otel', suspended: false };
  dispatcher.setState({
    index: new AlertIndex([indexedAlert({ provider, uid: 'alert-uid' })]),
    notifiers: new Map([[provider.key, notifier]]),
  });
  send(dispatcher, 1, 'traced');
  await settle();
  assert.deepEqual(origins, [{ name: 'on-call', namespace: 'apps', uid: 'alert-uid' }]);
  await dispatcher.stop(new AbortController().signal);
});
