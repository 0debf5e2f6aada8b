import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { InvolvedObject } from '../../src/api/event.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import { AlertIndex, type IndexedProvider } from '../../src/pipeline/alert-index.js';
import type { DeliveryLedger, LedgerEntry } from '../../src/pipeline/delivery-ledger.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import type { Checkpoint } from '../../src/sources/checkpoint.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';
import { KubeEventIngest } from '../../src/sources/kube-event-ingest.js';
import { KubeEventMetrics } from '../../src/sources/kube-event-metrics.js';
import { podScheduledEvent, withFields, withMetadata } from '../fixtures/kube-events.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { testDispatcher } from '../support/test-dispatcher.js';
import { captureLogs } from '../support/log-capture.js';

const PROVIDER: IndexedProvider = { key: 'shop/hook', type: 'generic', suspended: false };

/** The Pod's n-th Event: its own uid, resourceVersion, time and message. */
function podEvent(n: number): CoreV1Event {
  return withFields(
    withMetadata(podScheduledEvent(), {
      name: `web.${String(n)}`,
      uid: `uid-${String(n)}`,
      resourceVersion: String(100 + n),
    }),
    { eventTime: `2024-05-01T12:00:0${String(n)}.000000Z`, message: `scheduled ${String(n)}` },
  );
}

/** A label lookup the test answers by hand, one call at a time. */
function heldLookup() {
  const calls: { resolve: (labels: Record<string, string>) => void; reject: (e: Error) => void }[] =
    [];
  const lookup = (_object: InvolvedObject) =>
    new Promise<Record<string, string>>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { lookup, calls };
}

/**
 * One native Event stream into the real intake and dispatcher, whose ledger logs what it
 * records; `checkpoints` logs each stored checkpoint with how many notifications were recorded
 * by then. Alerts: `shop/labelled` selects the Pod by `app: web`; `shop/every-pod` takes all.
 */
function streamInto(lookupLabels: (object: InvolvedObject) => Promise<Record<string, string>>) {
  const recorded: string[] = [];
  const ledger: DeliveryLedger = {
    record(entry: LedgerEntry) {
      recorded.push(`${entry.alertKey}: ${entry.notification.message}`);
      return recorded.length;
    },
    settle: () => undefined,
    retryAgeMs: 3_600_000,
  };
  const never: Notifier = {
    post: () => new Promise<void>(() => undefined),
    close: () => Promise.resolve(),
  };
  const { dispatcher, clock, registry } = testDispatcher(
    {
      index: new AlertIndex([
        indexedAlert({
          key: 'shop/labelled',
          namespace: 'shop',
          provider: PROVIDER,
          sources: [{ kind: 'Pod', name: '*', matchLabels: { app: 'web' } }],
        }),
        indexedAlert({
          key: 'shop/every-pod',
          namespace: 'shop',
          provider: PROVIDER,
          sources: [{ kind: 'Pod', name: '*' }],
        }),
      ]),
      notifiers: new Map([[PROVIDER.key, never]]),
    },
    { lookupLabels, ledger },
  );
  const limiter = new FixedWindowLimiter({ intervalMs: 60_000, maxKeys: 100 });
  const checkpoints: { resourceVersion: string | undefined; recorded: number }[] = [];
  const start: Checkpoint = {
    resourceVersion: '100',
    newestTime: '2024-05-01T12:00:00.000000Z',
    idsAtNewestTime: [],
  };
  const ingest = new KubeEventIngest({
    checkpoint: start,
    firstStart: false,
    skipControllers: FLUX_CONTROLLERS,
    intake: createEventIntake({
      limiter,
      sink: dispatcher,
      metrics: new EventApiMetrics(registry, () => limiter.size),
      now: clock.now,
    }),
    metrics: new KubeEventMetrics(registry, {
      checkpointAgeSeconds: () => 0,
      occurrenceMarks: () => 0,
    }),
    onCheckpoint: (moved) =>
      checkpoints.push({ resourceVersion: moved.resourceVersion, recorded: recorded.length }),
    logger: captureLogs().logger,
  });
  return { ingest, recorded, checkpoints };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the checkpoint does not move past an occurrence until its labelled notifications are spooled', async () => {
  const { lookup, calls } = heldLookup();
  const { ingest, recorded, checkpoints } = streamInto(lookup);
  ingest.notified('ADDED', podEvent(1));
  ingest.notified('ADDED', podEvent(2));
  ingest.bookmarked('110');
  await settle();
  assert.equal(calls.length, 2, 'both occurrences wait for the Pod labels');
  assert.deepEqual(recorded, []);
  assert.deepEqual(checkpoints, [], 'nothing stored while the lookup is held open');
  assert.equal(ingest.checkpoint.resourceVersion, '110', 'the stream itself went on');

  // The second answer first: the checkpoint still may not pass the first occurrence.
  calls[1]?.resolve({ app: 'web' });
  await settle();
  assert.equal(recorded.length, 2);
  assert.deepEqual(checkpoints, []);

  calls[0]?.resolve({ app: 'web' });
  await settle();
  assert.deepEqual(recorded.toSorted(), [
    'shop/every-pod: scheduled 1',
    'shop/every-pod: scheduled 2',
    'shop/labelled: scheduled 1',
    'shop/labelled: scheduled 2',
  ]);
  assert.deepEqual(checkpoints, [{ resourceVersion: '110', recorded: 4 }]);
  await ingest.recorded();
});

test('a failing lookup still lets the checkpoint move, once the other Alerts are recorded', async () => {
  const { lookup, calls } = heldLookup();
  const { ingest, recorded, checkpoints } = streamInto(lookup);
  ingest.notified('ADDED', podEvent(1));
  await settle();
  assert.deepEqual(checkpoints, []);
  calls[0]?.reject(new Error('pods "web" is forbidden'));
  await settle();
  assert.deepEqual(recorded, ['shop/every-pod: scheduled 1']);
  assert.deepEqual(checkpoints, [{ resourceVersion: '101', recorded: 1 }]);
});

test('an occurrence no Alert selects by labels moves the checkpoint at once', () => {
  const { ingest, recorded, checkpoints } = streamInto(() =>
    Promise.reject(new Error('not asked')),
  );
  const deployment = withFields(podEvent(1), {
    involvedObject: { kind: 'Deployment', name: 'web', namespace: 'shop', apiVersion: 'apps/v1' },
  });
  ingest.notified('ADDED', deployment);
  ingest.bookmarked('105');
  assert.deepEqual(recorded, [], 'no Alert takes a Deployment');
  assert.deepEqual(checkpoints, [
    { resourceVersion: '101', recorded: 0 },
    { resourceVersion: '105', recorded: 0 },
  ]);
});
