import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import { AlertIndex, type IndexedProvider } from '../../src/pipeline/alert-index.js';
import type { DeliveryLedger, LedgerEntry } from '../../src/pipeline/delivery-ledger.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { testDispatcher } from '../support/test-dispatcher.js';

const HOUR_MS = 3_600_000;

/** A ledger in memory: what is recorded and not settled. */
function memoryLedger(retryAgeMs: number) {
  const open = new Map<number, LedgerEntry>();
  let next = 1;
  const ledger: DeliveryLedger = {
    record(entry) {
      open.set(next, entry);
      return next++;
    },
    settle(id) {
      open.delete(id);
    },
    retryAgeMs,
  };
  return { ledger, open };
}

/** A notifier that fails with `code` while `down()` says so, and counts its posts. */
function flakyNotifier(
  down: () => boolean,
  code: 'HERALD_DELIVERY_FAILED' | 'HERALD_DELIVERY_REJECTED',
) {
  const delivered: string[] = [];
  const deliveryIds: (string | undefined)[] = [];
  let posts = 0;
  const notifier: Notifier = {
    post(event: FluxEvent, _signal, context) {
      posts++;
      deliveryIds.push(context?.deliveryId);
      if (down())
        return Promise.reject(new DeliveryError(code, 'POST http://hook failed', { attempts: 5 }));
      delivered.push(event.message);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { notifier, delivered, deliveryIds, posts: () => posts };
}

function dispatcherWith(
  notifier: Notifier,
  ledger: DeliveryLedger | undefined,
  maxQueuedPerProvider = 100,
) {
  const provider: IndexedProvider = { key: 'apps/hook', type: 'generic', suspended: false };
  return testDispatcher(
    {
      index: new AlertIndex([indexedAlert({ provider })]),
      notifiers: new Map([[provider.key, notifier]]),
    },
    { ...(ledger === undefined ? {} : { ledger }), options: { maxQueuedPerProvider } },
  );
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('with a ledger, a receiver down for hours gets the notification once it is back', async () => {
  let down = true;
  const flaky = flakyNotifier(() => down, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, ledger);
  void dispatcher.accept({ ...seedEvent(), message: 'deploy failed' }, 'http');
  await settle();
  // Three hours of waits (30 s doubling, capped at 5 minutes): tried again and again.
  for (let elapsed = 0; elapsed < 3 * HOUR_MS; elapsed += 60_000) await clock.tick(60_000);
  assert.ok(flaky.posts() > 30, `tried ${flaky.posts()} times`);
  assert.equal(open.size, 1, 'still in the ledger');
  down = false;
  await clock.tick(5 * 60_000);
  assert.deepEqual(flaky.delivered, ['deploy failed']);
  // One id for the notification, on every attempt.
  assert.equal(new Set(flaky.deliveryIds).size, 1);
  assert.match(flaky.deliveryIds[0] ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(open.size, 0, 'settled once delivered');
  await dispatcher.stop(AbortSignal.timeout(1_000));
});

test('past the retry age the notification is given up and settled', async () => {
  const flaky = flakyNotifier(() => true, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(10 * 60_000);
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, ledger);
  void dispatcher.accept(seedEvent(), 'http');
  for (let elapsed = 0; elapsed < 30 * 60_000; elapsed += 30_000) await clock.tick(30_000);
  const posts = flaky.posts();
  assert.equal(open.size, 0);
  await clock.tick(HOUR_MS);
  assert.equal(flaky.posts(), posts, 'no more attempts');
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.equal(summary.failed, 1);
});

test('a refusal (4xx) is final even with a ledger', async () => {
  const flaky = flakyNotifier(() => true, 'HERALD_DELIVERY_REJECTED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, ledger);
  void dispatcher.accept(seedEvent(), 'http');
  await settle();
  await clock.tick(HOUR_MS);
  assert.equal(flaky.posts(), 1);
  assert.equal(open.size, 0);
  await dispatcher.stop(AbortSignal.timeout(1_000));
});

test('without a ledger a failed delivery is final, as in Flux', async () => {
  const flaky = flakyNotifier(() => true, 'HERALD_DELIVERY_FAILED');
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, undefined);
  void dispatcher.accept(seedEvent(), 'http');
  await settle();
  await clock.tick(HOUR_MS);
  assert.equal(flaky.posts(), 1);
  await dispatcher.stop(AbortSignal.timeout(1_000));
});

test('replayed entries go out in order; one whose Alert is gone is settled and counted', async () => {
  const flaky = flakyNotifier(() => false, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher } = dispatcherWith(flaky.notifier, ledger);
  const entry = (message: string, alertKey = 'apps/on-call'): LedgerEntry => ({
    providerKey: 'apps/hook',
    alertKey,
    notification: { ...seedEvent(), message },
    acceptedAtMs: 0,
    deliveryId: `id of ${message}`,
  });
  const ids = [entry('first'), entry('orphan', 'apps/deleted'), entry('second')].map((e) => ({
    ...e,
    id: ledger.record(e) ?? 0,
  }));
  dispatcher.replay(ids);
  await settle();
  assert.deepEqual(flaky.delivered, ['first', 'second']);
  // The id recorded with each is the one receivers see, after a restart as before it.
  assert.deepEqual(flaky.deliveryIds, ['id of first', 'id of second']);
  assert.equal(open.size, 0);
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.deepEqual([summary.delivered, summary.dropped], [2, 1]);
});

test('a notification waiting to be delivered again is settled when its Provider goes', async () => {
  const flaky = flakyNotifier(() => true, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, ledger);
  void dispatcher.accept(seedEvent(), 'http');
  await settle();
  assert.equal(open.size, 1);
  dispatcher.setState({ index: new AlertIndex([]), notifiers: new Map() });
  await clock.tick(60_000);
  assert.equal(flaky.posts(), 1);
  assert.equal(open.size, 0);
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.equal(summary.dropped, 1);
});

test('while a receiver is down, later notifications wait without spending attempts', async () => {
  let down = true;
  const flaky = flakyNotifier(() => down, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher, clock } = dispatcherWith(flaky.notifier, ledger);
  for (let i = 0; i < 50; i++)
    void dispatcher.accept({ ...seedEvent(), message: `event ${String(i)}` }, 'http');
  await settle();
  // The first four tried and failed; the rest were parked, untried.
  assert.equal(flaky.posts(), 4);
  for (let i = 50; i < 100; i++)
    void dispatcher.accept({ ...seedEvent(), message: `event ${String(i)}` }, 'http');
  await settle();
  assert.equal(flaky.posts(), 4);
  assert.equal(open.size, 100);
  // The queue-depth gauge counts those waiting for the receiver.
  assert.deepEqual([...dispatcher.queueDepths()], [['apps/hook', 100]]);
  // After the wait, the receiver is tried again: still down, one round of attempts only.
  await clock.tick(30_000);
  assert.equal(flaky.posts(), 8);
  down = false;
  await clock.tick(60_000);
  assert.deepEqual(
    new Set(flaky.delivered),
    new Set(Array.from({ length: 100 }, (_, i) => `event ${String(i)}`)),
  );
  assert.equal(flaky.delivered.length, 100, 'each once');
  assert.equal(open.size, 0);
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.deepEqual([summary.delivered, summary.dropped, summary.kept], [100, 0, 0]);
});

test('with a ledger a flood past the queue bound waits for room instead of being dropped', async () => {
  const held: (() => void)[] = [];
  const delivered: string[] = [];
  const notifier: Notifier = {
    post(event: FluxEvent) {
      return new Promise<void>((resolve) =>
        held.push(() => {
          delivered.push(event.message);
          resolve();
        }),
      );
    },
    close: () => Promise.resolve(),
  };
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher } = dispatcherWith(notifier, ledger, 10);
  const sent = Array.from({ length: 40 }, (_, i) => `event ${String(i)}`);
  for (const message of sent) void dispatcher.accept({ ...seedEvent(), message }, 'http');
  for (let round = 0; round < 100 && delivered.length < sent.length; round++) {
    await settle();
    for (const release of held.splice(0)) release();
  }
  assert.deepEqual(delivered, sent, 'every one, in order');
  await settle();
  assert.equal(open.size, 0);
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.deepEqual([summary.delivered, summary.dropped], [40, 0]);
});

test('on stop, what waits for a receiver that is down is kept for the next start', async () => {
  const flaky = flakyNotifier(() => true, 'HERALD_DELIVERY_FAILED');
  const { ledger, open } = memoryLedger(24 * HOUR_MS);
  const { dispatcher } = dispatcherWith(flaky.notifier, ledger);
  for (let i = 0; i < 10; i++) void dispatcher.accept(seedEvent(), 'http');
  await settle();
  const summary = await dispatcher.stop(AbortSignal.timeout(1_000));
  assert.deepEqual([summary.kept, summary.failed, summary.dropped], [10, 0, 0]);
  assert.equal(open.size, 10);
});
