import type { CoreV1Event } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Registry } from 'prom-client';
import { KubeRequestError } from '../../src/kube/kube-request-error.js';
import type { ListWatchSupervisor } from '../../src/kube/list-watch-supervisor.js';
import { KubeEventMetrics } from '../../src/sources/kube-event-metrics.js';
import {
  EVENT_WATCH_TIMEOUT_SECONDS,
  RELIST_AFTER_FAILURES,
  superviseKubeEvents,
} from '../../src/sources/kube-event-watcher.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { ScriptedTransport, listPage } from '../support/scripted-transport.js';

const running: ListWatchSupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((watcher) => watcher.stop()));
});

function watchEvents(
  namespace: string | undefined,
  resourceVersion: string | undefined,
  listResourceVersion = '90',
) {
  const transport = new ScriptedTransport();
  transport.defaultList = listPage([], listResourceVersion);
  const clock = createManualClock();
  const registry = new Registry();
  const metrics = new KubeEventMetrics(registry, {
    checkpointAgeSeconds: () => 0,
    occurrenceMarks: () => 0,
  });
  const listed: string[] = [];
  const watcher = superviseKubeEvents({
    transport,
    namespace,
    resourceVersion,
    ingest: {
      listed: (_events: readonly CoreV1Event[], at) => listed.push(at),
      notified: () => undefined,
      bookmarked: () => undefined,
    },
    logger: captureLogs().logger,
    metrics,
    clock,
  });
  running.push(watcher);
  watcher.start();
  const restarts = async () =>
    Object.fromEntries(
      (
        (await registry.getSingleMetric('herald_kube_events_watch_restarts_total')?.get())
          ?.values ?? []
      ).map((value) => [String(value.labels.reason), value.value]),
    );
  return { transport, clock, listed, restarts };
}

test('a namespace is watched from its checkpoint, with the server asked to end each watch', async () => {
  const { transport, clock } = watchEvents('apps', '42');
  await clock.tick(0);
  assert.deepEqual(transport.lists, [], 'a checkpoint needs no list');
  assert.equal(transport.latest.path, '/api/v1/namespaces/apps/events');
  assert.equal(transport.latest.query.resourceVersion, '42');
  assert.equal(transport.latest.query.timeoutSeconds, String(EVENT_WATCH_TIMEOUT_SECONDS));
});

test('every namespace is one stream, listed first without a checkpoint', async () => {
  const { transport, clock, listed } = watchEvents(undefined, undefined, '7');
  await clock.tick(0);
  assert.equal(transport.latest.path, '/api/v1/events');
  assert.deepEqual(listed, ['7']);
});

test('restarts are counted by reason, and failures in a row end in a list', async () => {
  const { transport, clock, listed, restarts } = watchEvents('apps', '42');
  await clock.tick(0);
  transport.latest.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
  await clock.tick(0);
  assert.deepEqual(listed, ['90']);
  for (let failure = 1; failure <= RELIST_AFTER_FAILURES; failure++) {
    transport.latest.end(new KubeRequestError('HTTP 504: Too large resource version', 504));
    await clock.tick(60_000);
  }
  assert.deepEqual(listed, ['90', '90'], 'listed again after the third failure in a row');
  assert.deepEqual(await restarts(), { expired: 1, error: RELIST_AFTER_FAILURES });
});
