import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import type { Checkpoint } from '../../src/sources/checkpoint.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';
import { KubeEventIngest } from '../../src/sources/kube-event-ingest.js';
import { KubeEventMetrics } from '../../src/sources/kube-event-metrics.js';
import { captureLogs } from '../support/log-capture.js';
import {
  fluxKustomizationEvent,
  nodeNotReadyEvent,
  withFields,
  withMetadata,
} from '../fixtures/kube-events.js';

/** The node event as the n-th of its kind: its own uid, name, resourceVersion and time. */
function eventAt(name: string, resourceVersion: string, time: string, count = 1): CoreV1Event {
  return withFields(
    withMetadata(nodeNotReadyEvent(), { name, uid: `uid-${name}`, resourceVersion }),
    { lastTimestamp: time, count },
  );
}

function ingestFrom(
  checkpoint: Checkpoint,
  options: { firstStart?: boolean; maxMarks?: number } = {},
) {
  const admitted: FluxEvent[] = [];
  const recorded: Checkpoint[] = [];
  const registry = new Registry();
  const logs = captureLogs();
  const ingest = new KubeEventIngest({
    checkpoint,
    firstStart: options.firstStart ?? false,
    skipControllers: FLUX_CONTROLLERS,
    intake: {
      admit(event) {
        admitted.push(event);
        return { accepted: true, resetAtMs: 0 };
      },
    },
    metrics: new KubeEventMetrics(registry, {
      checkpointAgeSeconds: () => 0,
      occurrenceMarks: () => 0,
    }),
    onCheckpoint: (moved) => recorded.push(moved),
    logger: logs.logger,
    ...(options.maxMarks === undefined ? {} : { maxMarks: options.maxMarks }),
  });
  const names = () => admitted.map((event) => event.metadata?.['event.toolkit.fluxcd.io/name']);
  const skipped = async (reason: string) =>
    (await registry.getSingleMetric('herald_kube_events_skipped_total')?.get())?.values.find(
      (value) => value.labels.reason === reason,
    )?.value ?? 0;
  return { ingest, admitted, recorded, names, skipped, logs };
}

const FIRST_START: Checkpoint = { newestTime: '2024-05-01T12:00:00.000000Z', idsAtNewestTime: [] };

test('a first-start list is judged by time against the checkpoint before it, whatever the list order', async () => {
  const { ingest, names, skipped } = ingestFrom(FIRST_START, { firstStart: true });
  ingest.listed(
    [
      eventAt('old-late-write', '300', '2024-05-01T11:00:00Z'),
      eventAt('recent', '200', '2024-05-01T12:00:01Z'),
      eventAt('old-early-write', '100', '2024-05-01T11:59:59Z'),
    ],
    '400',
  );
  assert.deepEqual(names(), ['recent']);
  assert.equal(await skipped('first-start'), 2);
  assert.equal(ingest.checkpoint.resourceVersion, '400');
  assert.equal(ingest.checkpoint.newestTime, '2024-05-01T12:00:01.000000Z');

  ingest.notified('ADDED', eventAt('live', '401', '2024-05-01T11:00:00Z'));
  assert.deepEqual(names(), ['recent', 'live'], 'after the list, resourceVersions decide');
});

test('a relist delivers in write order what the checkpoint does not cover', async () => {
  const checkpoint: Checkpoint = { ...FIRST_START, resourceVersion: '200' };
  const { ingest, names, skipped } = ingestFrom(checkpoint);
  ingest.listed(
    [
      eventAt('written-later', '250', '2024-05-01T10:00:00Z'),
      eventAt('covered', '150', '2024-05-01T13:00:00Z'),
      eventAt('written-first', '210', '2024-05-01T10:00:00Z'),
    ],
    '260',
  );
  assert.deepEqual(names(), ['written-first', 'written-later']);
  assert.equal(await skipped('covered-by-checkpoint'), 1);
});

test('a list older than the checkpoint (counter reset) is judged by time and drops the old resourceVersion', () => {
  const checkpoint: Checkpoint = { ...FIRST_START, resourceVersion: '5000' };
  const { ingest, names, logs } = ingestFrom(checkpoint);
  ingest.listed(
    [
      eventAt('before', '90', '2024-05-01T11:00:00Z'),
      eventAt('after', '95', '2024-05-01T12:30:00Z'),
    ],
    '100',
  );
  assert.deepEqual(names(), ['after']);
  assert.equal(ingest.checkpoint.resourceVersion, '100');
  assert.deepEqual(
    logs.lines().map((line) => [line.level, line.checkpoint, line.list]),
    [['warn', '5000', '100']],
  );
  ingest.notified('ADDED', eventAt('live', '101', '2024-05-01T12:31:00Z'));
  assert.deepEqual(names(), ['after', 'live']);
});

test('count bumps are occurrences; resyncs, other updates and deletions are not', async () => {
  const { ingest, names, skipped, recorded } = ingestFrom({ ...FIRST_START, resourceVersion: '1' });
  const first = eventAt('flapping', '10', '2024-05-01T12:00:05Z');
  ingest.notified('ADDED', first);
  ingest.notified(
    'MODIFIED',
    withMetadata(first, { resourceVersion: '11', annotations: { a: 'b' } }),
  );
  ingest.notified('MODIFIED', eventAt('flapping', '12', '2024-05-01T12:00:06Z', 2));
  ingest.notified('DELETED', eventAt('flapping', '13', '2024-05-01T12:00:06Z', 2));
  assert.deepEqual(names(), ['flapping', 'flapping']);
  assert.equal(await skipped('not-new-occurrence'), 1);
  assert.equal(ingest.marks, 0, 'DELETED forgets the mark');
  assert.equal(ingest.checkpoint.resourceVersion, '13');
  assert.equal(recorded.at(-1), ingest.checkpoint);
});

test("Flux controllers' Events and Events with no involved object are skipped, and still move the checkpoint", async () => {
  const { ingest, names, skipped } = ingestFrom({ ...FIRST_START, resourceVersion: '1' });
  ingest.notified(
    'ADDED',
    withMetadata(fluxKustomizationEvent(), { resourceVersion: '20', uid: 'flux' }),
  );
  ingest.notified(
    'ADDED',
    withFields(eventAt('orphan', '21', '2024-05-01T12:00:07Z'), { involvedObject: {} }),
  );
  assert.deepEqual(names(), []);
  assert.equal(await skipped('flux-controller'), 1);
  assert.equal(await skipped('involved-object-incomplete'), 1);
  assert.equal(ingest.checkpoint.resourceVersion, '21');
});

test('marks are bounded, and a relist keeps only the listed Events', () => {
  const { ingest } = ingestFrom({ ...FIRST_START, resourceVersion: '1' }, { maxMarks: 3 });
  for (let i = 0; i < 5; i++)
    ingest.notified('ADDED', eventAt(`e${i}`, `${10 + i}`, '2024-05-01T12:00:08Z'));
  assert.equal(ingest.marks, 3);
  ingest.listed([eventAt('e4', '14', '2024-05-01T12:00:08Z')], '20');
  assert.equal(ingest.marks, 1);
});
