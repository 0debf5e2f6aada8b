import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import type { DeliveryContext, Notifier } from '../../src/notifiers/notifier.js';
import { AlertIndex, type IndexedProvider } from '../../src/pipeline/alert-index.js';
import type { DeliveryLedger } from '../../src/pipeline/delivery-ledger.js';
import { Dispatcher, type DispatchResult } from '../../src/pipeline/dispatcher.js';
import type { GroupingSpec } from '../../src/storm/event-grouper.js';
import type { PacingSpec } from '../../src/storm/destination-pacer.js';
import { SUMMARY_METADATA } from '../../src/storm/event-summary.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function recordingNotifier() {
  const posts: { event: FluxEvent; context: DeliveryContext | undefined }[] = [];
  const notifier: Notifier = {
    post(event, _signal, context) {
      posts.push({ event, context });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { notifier, posts };
}

function stormDispatcher(options: { grouping?: GroupingSpec; pacing?: PacingSpec }) {
  const clock = createManualClock();
  const { notifier, posts } = recordingNotifier();
  const open = new Set<number>();
  let next = 1;
  const ledger: DeliveryLedger = {
    record() {
      open.add(next);
      return next++;
    },
    settle(id) {
      open.delete(id);
    },
    retryAgeMs: 3_600_000,
  };
  const provider: IndexedProvider = {
    key: 'apps/slack',
    type: 'slack',
    suspended: false,
    ...(options.pacing === undefined ? {} : { pacing: options.pacing }),
  };
  const alert = indexedAlert({
    provider,
    ...(options.grouping === undefined ? {} : { grouping: options.grouping }),
  });
  const results: DispatchResult[] = [];
  const registry = new Registry();
  const dispatcher: Dispatcher = new Dispatcher(
    {
      logger: captureLogs().logger,
      metrics: new DeliveryMetrics(registry, () => dispatcher.queueDepths()),
      clock,
      options: {
        noCrossNamespaceRefs: false,
        maxQueuedPerProvider: 1_000,
        concurrencyPerProvider: 4,
      },
      ledger,
      onDispatched: (_alert, result) => results.push(result),
    },
    { index: new AlertIndex([alert]), notifiers: new Map([[provider.key, notifier]]) },
  );
  const send = (object: string, message: string) => {
    const seed = seedEvent();
    void dispatcher.accept(
      { ...seed, involvedObject: { ...seed.involvedObject, name: object }, message },
      'http',
    );
  };
  return { clock, dispatcher, posts, open, results, send, registry };
}

test('an Alert that groups sends one summary per object after the wait, and settles every event', async () => {
  const { clock, posts, open, results, send, registry } = stormDispatcher({
    grouping: { by: ['object'], waitMs: 30_000, intervalMs: 300_000 },
  });
  for (let i = 0; i < 22; i++) send('webapp', `upgrade failed (${String(i % 2)})`);
  send('backend', 'upgrade failed');
  await settle();
  assert.equal(posts.length, 0);
  assert.equal(open.size, 23, 'every event is recorded while its group waits');
  clock.advance(30_000);
  await settle();
  assert.equal(posts.length, 2);
  const [webapp, backend] = posts;
  assert.equal(webapp?.event.metadata?.[SUMMARY_METADATA.events], '22');
  assert.match(webapp.event.message, /^22 events from /);
  assert.equal(webapp.context?.threadKey, 'Kustomization/apps/webapp');
  assert.equal(backend?.event.message, 'upgrade failed', 'a group of one is the event itself');
  assert.equal(open.size, 0);
  assert.deepEqual(results, [{ ok: true }, { ok: true }]);
  const summarised = await registry
    .getSingleMetric('herald_notification_summarised_events_total')
    ?.get();
  assert.equal(summarised?.values[0]?.value, 22);
});

test('a paced Provider sends at its rate and merges what waited too long', async () => {
  const { clock, posts, open, send } = stormDispatcher({
    pacing: { destination: 'd', perSecond: 1, burst: 1, maxWaitMs: 5_000 },
  });
  for (let i = 0; i < 100; i++) send(`object-${String(i % 10)}`, `event ${String(i)}`);
  await settle();
  assert.equal(posts.length, 1);
  for (let second = 0; second < 20; second++) {
    clock.advance(1_000);
    await settle();
  }
  const represented = posts.reduce(
    (sum, { event }) => sum + Number(event.metadata?.[SUMMARY_METADATA.events] ?? 1),
    0,
  );
  assert.equal(represented, 100);
  const messages: number = posts.length;
  assert.ok(messages <= 7, `${String(messages)} messages`);
  assert.equal(open.size, 0);
});

test('stopping sends what groups and paced destinations still hold', async () => {
  const { dispatcher, posts, open, send } = stormDispatcher({
    grouping: { by: ['object'], waitMs: 30_000, intervalMs: 300_000 },
    pacing: { destination: 'd', perSecond: 1, burst: 1, maxWaitMs: 5_000 },
  });
  for (let i = 0; i < 10; i++) send(`object-${String(i % 3)}`, `event ${String(i)}`);
  const summary = await dispatcher.stop(AbortSignal.timeout(10_000));
  assert.equal(summary.delivered, 10);
  assert.equal(open.size, 0);
  const represented = posts.reduce(
    (sum, { event }) => sum + Number(event.metadata?.[SUMMARY_METADATA.events] ?? 1),
    0,
  );
  assert.equal(represented, 10);
});

test('without grouping or pacing, every event is its own notification at once', async () => {
  const { posts, send } = stormDispatcher({});
  for (let i = 0; i < 5; i++) send('webapp', `event ${String(i)}`);
  await settle();
  assert.equal(posts.length, 5);
  assert.equal(posts[0]?.context?.threadKey, undefined);
});
