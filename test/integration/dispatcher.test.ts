import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { DeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createGenericNotifier } from '../../src/notifiers/generic.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import type { InvolvedObject } from '../../src/api/event.js';
import { AlertIndex, type IndexedAlert } from '../../src/pipeline/alert-index.js';
import { Dispatcher, type DispatchResult } from '../../src/pipeline/dispatcher.js';
import { QUEUE_FULL_MESSAGE } from '../../src/pipeline/queue-full-log.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { captureLogs } from '../support/log-capture.js';
import type { ManualClock } from '../support/manual-clock.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleTarget } from '../support/sample-target.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { waitFor } from '../support/wait-for.js';

const HOOK = { key: 'apps/hook', type: 'generic' as const, suspended: false };

describe('Dispatcher over a real socket', () => {
  let receiver: CaptureServer;
  let dispatcher: Dispatcher;
  let registry: Registry;
  let logs: ReturnType<typeof captureLogs>;
  let outcomes: { alert: string; result: DispatchResult }[];
  let delays: number[];
  let clock: ManualClock;

  let unavailable: string[];

  function start(
    alerts: IndexedAlert[],
    options: {
      maxQueued?: number;
      labels?: (object: InvolvedObject) => Promise<Record<string, string>>;
    } = {},
  ): void {
    unavailable = [];
    const test = createTestDeps();
    delays = test.delays;
    clock = test.clock;
    const notifier: Notifier = createGenericNotifier(
      sampleTarget({ name: 'hook', namespace: 'apps', address: `${receiver.url}/hook` }),
      test.deps,
    );
    registry = new Registry();
    logs = captureLogs();
    outcomes = [];
    const metrics = new DeliveryMetrics(registry, () => dispatcher.queueDepths());
    dispatcher = new Dispatcher(
      {
        logger: logs.logger,
        metrics,
        clock: test.clock,
        options: {
          noCrossNamespaceRefs: false,
          maxQueuedPerProvider: options.maxQueued ?? 100,
          concurrencyPerProvider: 1,
        },
        onDispatched: (alert, result) => outcomes.push({ alert: alert.key, result }),
        ...(options.labels !== undefined && { lookupLabels: options.labels }),
        onLabelsUnavailable: (alert, object, error) =>
          unavailable.push(`${alert} ${object.name}: ${error}`),
      },
      { index: new AlertIndex(alerts), notifiers: new Map([[HOOK.key, notifier]]) },
    );
  }

  beforeEach(async () => {
    receiver = await startCaptureServer();
  });
  afterEach(async () => {
    await dispatcher.stop(new AbortController().signal);
    await receiver.close();
  });

  test('a matched event is delivered once, with merged metadata', async () => {
    start([indexedAlert({ provider: HOOK, summary: 'prod', eventMetadata: { env: 'eu' } })]);
    void dispatcher.accept(seedEvent(), 'http');
    await receiver.waitForRequests(1);
    const body = JSON.parse(receiver.requests[0]?.body.toString() ?? '') as {
      metadata: Record<string, string>;
    };
    assert.deepEqual(body.metadata, {
      env: 'eu',
      summary: 'prod',
      revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    });
    assert.deepEqual(await dispatcher.stop(new AbortController().signal), {
      delivered: 1,
      failed: 0,
      dropped: 0,
      leftAtDeadline: 0,
      kept: 0,
    });
    assert.deepEqual(outcomes, [{ alert: 'apps/on-call', result: { ok: true } }]);
    assert.match(
      await registry.metrics(),
      /^herald_notifications_total\{provider_type="generic",result="delivered"\} 1$/m,
    );
  });

  test('an event no Alert takes is not delivered and is counted', async () => {
    start([indexedAlert({ provider: HOOK, severity: 'error' })]);
    void dispatcher.accept({ ...seedEvent(), severity: 'info' }, 'http');
    await dispatcher.stop(new AbortController().signal);
    assert.equal(receiver.requests.length, 0);
    assert.match(await registry.metrics(), /^herald_events_unmatched_total 1$/m);
    const drop = logs.lines().find((line) => line.msg === 'Alerts did not take event');
    assert.deepEqual(drop?.drops, [{ alert: 'apps/on-call', reason: 'SeverityBelowAlert' }]);
  });

  test('a provider that fails twice with 503 then succeeds gets the event exactly once', async () => {
    start([indexedAlert({ provider: HOOK })]);
    receiver.reply({ status: 503 }, { status: 503 });
    void dispatcher.accept(seedEvent(), 'http');
    await receiver.waitForRequests(3);
    await dispatcher.stop(new AbortController().signal);
    assert.equal(receiver.requests.length, 3, 'two failures and one success');
    assert.deepEqual(delays, [2_000, 4_000], 'exponential backoff from 2 s');
    assert.deepEqual(outcomes, [{ alert: 'apps/on-call', result: { ok: true } }]);
  });

  test('a 400 is final: not retried, logged and reported', async () => {
    start([indexedAlert({ provider: HOOK })]);
    receiver.reply({ status: 400, body: 'bad payload' });
    void dispatcher.accept(seedEvent(), 'http');
    await receiver.waitForRequests(1);
    const summary = await dispatcher.stop(new AbortController().signal);
    assert.deepEqual(summary, { delivered: 0, failed: 1, dropped: 0, leftAtDeadline: 0, kept: 0 });
    assert.equal(receiver.requests.length, 1);
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]?.result.ok, false);
    const failure = logs.lines().find((line) => line.msg === 'Failed to deliver notification');
    assert.ok(failure);
    assert.deepEqual([failure.namespace, failure.name], ['apps', 'on-call']);
    assert.equal(failure.provider, 'apps/hook');
    assert.match(
      await registry.metrics(),
      /^herald_notifications_total\{provider_type="generic",result="failed"\} 1$/m,
    );
  });

  test('a full queue drops and counts; each line says how many since the last, and stop the rest', async () => {
    start([indexedAlert({ provider: HOOK })], { maxQueued: 2 });
    receiver.reply('hang', 'hang');
    const send = (count: number) => {
      for (let i = 0; i < count; i++)
        void dispatcher.accept({ ...seedEvent(), message: `e${i}` }, 'http');
    };
    const dropLines = () =>
      logs
        .lines()
        .filter((line) => line.msg === QUEUE_FULL_MESSAGE)
        .map((line) => [line.provider, line.dropped, line.droppedSinceStart, line.queued]);
    send(5);
    const metrics = await registry.metrics();
    assert.match(
      metrics,
      /^herald_notifications_total\{provider_type="generic",result="dropped"\} 3$/m,
    );
    assert.match(metrics, /^herald_notification_queue_depth\{provider="apps\/hook"\} 2$/m);
    // The first drop is logged at once; the two after it wait for the end of the interval.
    assert.deepEqual(dropLines(), [['apps/hook', 1, 1, 2]]);
    clock.advance(10_000);
    assert.deepEqual(dropLines(), [
      ['apps/hook', 1, 1, 2],
      ['apps/hook', 2, 3, 2],
    ]);
    // A quiet interval ends the window: the next drop is logged at once again.
    clock.advance(10_000);
    send(1);
    assert.equal(dropLines().length, 3);
    assert.deepEqual(dropLines()[2], ['apps/hook', 1, 4, 2]);
    send(3);
    assert.equal(dropLines().length, 3);

    const summary = await dispatcher.stop(AbortSignal.abort());
    assert.deepEqual(dropLines()[3], ['apps/hook', 3, 7, 2], 'what was not logged yet, at stop');
    assert.deepEqual(summary, { delivered: 0, failed: 0, dropped: 7, leftAtDeadline: 2, kept: 0 });
    assert.match(
      await registry.metrics(),
      /^herald_notifications_total\{provider_type="generic",result="dropped"\} 8$/m,
      'the one aborted in flight counts as dropped too',
    );
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  test('matchLabels: the involved object is looked up and its labels route the event', async () => {
    const byLabel = { kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } };
    start([indexedAlert({ provider: HOOK, sources: [byLabel] })], {
      labels: (object) =>
        Promise.resolve(object.name === 'webapp' ? { team: 'web' } : { team: 'db' }),
    });
    void dispatcher.accept(seedEvent(), 'http');
    void dispatcher.accept(
      { ...seedEvent(), involvedObject: { ...seedEvent().involvedObject, name: 'database' } },
      'http',
    );
    await receiver.waitForRequests(1);
    await dispatcher.stop(new AbortController().signal);
    assert.equal(receiver.requests.length, 1);
    assert.match(receiver.requests[0]?.body.toString() ?? '', /"name":"webapp"/);
  });

  test('matchLabels: a failed lookup is no match, and the Alert is told why', async () => {
    const byLabel = { kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } };
    start([indexedAlert({ provider: HOOK, sources: [byLabel] })], {
      labels: () => Promise.reject(new Error('forbidden: cannot get kustomizations')),
    });
    void dispatcher.accept(seedEvent(), 'http');
    await waitFor(() => unavailable.length === 1, 'the Alert to be told the lookup failed');
    await dispatcher.stop(new AbortController().signal);
    assert.equal(receiver.requests.length, 0);
    assert.deepEqual(unavailable, ['apps/on-call webapp: forbidden: cannot get kustomizations']);
  });
});
