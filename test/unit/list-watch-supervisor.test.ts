import type { KubernetesObject } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { KubeRequestError } from '../../src/kube/kube-request-error.js';
import {
  SHORT_WATCH_MS,
  superviseListWatch,
  type ListWatchOptions,
  type ListWatchSupervisor,
  type RestartReason,
} from '../../src/kube/list-watch-supervisor.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { ScriptedTransport, bookmark, configMap, listPage } from '../support/scripted-transport.js';

const PATH = '/api/v1/namespaces/apps/configmaps';
const GONE = new KubeRequestError('HTTP 410: too old resource version', 410, 'Expired');
const UNAVAILABLE = new KubeRequestError('HTTP 503: unavailable', 503);
const TUNING = {
  restartDelayBaseMs: 100,
  restartDelayMaxMs: 1_000,
  silentWatchTimeoutMs: 10_000,
  listPageTimeoutMs: 5_000,
};

/** Lets the supervisor's promise callbacks run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++)
    await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('superviseListWatch', () => {
  let transport: ScriptedTransport;
  let clock: ManualClock;
  let logs: ReturnType<typeof captureLogs>;
  let told: string[];
  let restarts: RestartReason[];
  let supervisor: ListWatchSupervisor | undefined;

  const name = (object: KubernetesObject) =>
    `${object.metadata?.name ?? ''}@${object.metadata?.resourceVersion ?? ''}`;
  const supervise = async (
    options: Partial<ListWatchOptions<KubernetesObject>> = {},
  ): Promise<ListWatchSupervisor> => {
    supervisor = superviseListWatch({
      transport,
      path: PATH,
      logger: logs.logger,
      clock,
      tuning: TUNING,
      onRestart: (reason) => restarts.push(reason),
      consumer: {
        listed: (objects, resourceVersion) => {
          told.push(`listed ${objects.map(name).join(',')} at ${resourceVersion}`);
        },
        notified: (change, object) => {
          told.push(`${change} ${name(object)}`);
        },
        bookmarked: (resourceVersion) => {
          told.push(`bookmark ${resourceVersion}`);
        },
      },
      ...options,
    });
    supervisor.start();
    await settle();
    return supervisor;
  };
  const watchedFrom = () => transport.watches.map((watch) => watch.query.resourceVersion);
  const errorLines = () => logs.lines().filter((line) => line.level === 'error');

  beforeEach(() => {
    transport = new ScriptedTransport();
    clock = createManualClock();
    logs = captureLogs();
    told = [];
    restarts = [];
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  test('lists every page, then watches from the list with bookmarks, and resumes where it got', async () => {
    transport.listAnswers.push(listPage(['a@5'], '9', 'next'), listPage(['b@7'], '9'));
    await supervise({ labelSelector: 'app=x', watchTimeoutSeconds: 300 });
    assert.deepEqual(
      transport.lists.map((query) => [query.continue, query.limit, query.labelSelector]),
      [
        [undefined, '500', 'app=x'],
        ['next', '500', 'app=x'],
      ],
    );
    assert.deepEqual(transport.latest.query, {
      labelSelector: 'app=x',
      resourceVersion: '9',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '300',
    });
    transport.latest.send('ADDED', configMap('c@10'));
    transport.latest.send('BOOKMARK', bookmark('12'));
    transport.latest.send('MODIFIED', configMap('a@13'));
    transport.latest.send('DELETED', configMap('b@14'));
    clock.advance(SHORT_WATCH_MS);
    transport.latest.end();
    await settle();
    assert.deepEqual(told, [
      'listed a@5,b@7 at 9',
      'ADDED c@10',
      'bookmark 12',
      'MODIFIED a@13',
      'DELETED b@14',
    ]);
    assert.deepEqual(watchedFrom(), ['9', '14']);
    assert.deepEqual(restarts, ['closed']);
    assert.equal(transport.lists.length, 2, 'resumed, not listed again');
    assert.deepEqual(clock.sleeps, [], 'a closed stream resumes at once');
  });

  test('resumes from a given resourceVersion without listing', async () => {
    await supervise({ resourceVersion: '42' });
    assert.deepEqual(transport.lists, []);
    assert.deepEqual(watchedFrom(), ['42']);
    assert.deepEqual(told, []);
  });

  test('a 410 on a resumed watch lists again at once', async () => {
    await supervise({ resourceVersion: '42' });
    transport.defaultList = listPage(['a@50'], '60');
    transport.latest.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    await settle();
    assert.deepEqual(told, ['listed a@50 at 60']);
    assert.deepEqual(watchedFrom(), ['42', '60']);
    assert.deepEqual(restarts, ['expired']);
    assert.deepEqual(clock.sleeps, []);
    assert.ok(logs.lines().some((line) => line.msg === 'Watch expired; listing again'));
  });

  test('a 410 straight after a fresh list, or on the list itself, backs off before listing', async () => {
    transport.listAnswers.push(listPage([], '5'), GONE, listPage([], '7'));
    await supervise();
    transport.latest.end(GONE);
    await clock.tick(100);
    assert.equal(transport.lists.length, 2);
    await clock.tick(200);
    assert.deepEqual(clock.sleeps, [100, 200]);
    assert.deepEqual(restarts, ['expired', 'expired']);
    assert.deepEqual(watchedFrom(), ['5', '7']);
  });

  test('failures back off, doubling to the cap; a frame ends the row', async () => {
    await supervise({ resourceVersion: '1' });
    for (let failure = 0; failure < 6; failure++) {
      transport.latest.end(UNAVAILABLE);
      await clock.tick(1_000);
    }
    assert.deepEqual(clock.sleeps, [100, 200, 400, 800, 1_000, 1_000]);
    assert.deepEqual(
      errorLines().map((line) => [line.msg, line.status, line.failures, line.retryInMs]),
      [100, 200, 400, 800, 1_000, 1_000].map((ms, i) => [
        'Watch failed; restarting',
        503,
        i + 1,
        ms,
      ]),
    );
    transport.latest.send('BOOKMARK', bookmark('2'));
    transport.latest.end(UNAVAILABLE);
    await clock.tick(1_000);
    assert.equal(clock.sleeps.at(-1), 100);
    assert.deepEqual(transport.lists, [], 'never listed: no relist policy');
    assert.deepEqual(watchedFrom().at(-1), '2');
  });

  test('relistAfterFailures lists instead of resuming from that many failures in a row on, and the row goes on', async () => {
    await supervise({ resourceVersion: '1', relistAfterFailures: 3 });
    transport.defaultList = listPage([], '30');
    for (let failure = 0; failure < 4; failure++) {
      transport.latest.end(UNAVAILABLE);
      await clock.tick(1_000);
    }
    assert.equal(transport.lists.length, 2, 'listed after the third failure and the fourth');
    assert.deepEqual(watchedFrom(), ['1', '1', '1', '30', '30']);
    assert.deepEqual(clock.sleeps, [100, 200, 400, 800], 'the forced list did not end the row');
    assert.deepEqual(
      errorLines().map((line) => line.relist),
      [undefined, undefined, true, true],
    );
  });

  test('a watch that ends as soon as it opens, with no frame, is a failure', async () => {
    await supervise({ resourceVersion: '1' });
    transport.latest.end();
    await clock.tick(100);
    assert.deepEqual(restarts, ['error']);
    assert.deepEqual(clock.sleeps, [100]);
    clock.advance(SHORT_WATCH_MS);
    transport.latest.end();
    await settle();
    assert.deepEqual(restarts, ['error', 'closed'], 'a quiet watch that lasted is a normal close');
    assert.deepEqual(watchedFrom(), ['1', '1', '1']);
  });

  test('a watch silent for the timeout is restarted; a frame puts the deadline back', async () => {
    await supervise({ resourceVersion: '1' });
    clock.advance(6_000);
    transport.latest.send('BOOKMARK', bookmark('2'));
    clock.advance(9_999);
    await settle();
    assert.equal(transport.watches.length, 1);
    clock.advance(1);
    await settle();
    assert.deepEqual(restarts, ['silent']);
    assert.equal(transport.watches[0]?.closed, true, 'the silent watch was closed');
    assert.deepEqual(watchedFrom(), ['1', '2']);
    assert.ok(logs.lines().some((line) => line.msg === 'Restarting a silent watch'));
  });

  test('a list page left unanswered fails after the page timeout', async () => {
    transport.listAnswers.push('hang');
    await supervise();
    clock.advance(4_999);
    await settle();
    assert.deepEqual(errorLines(), []);
    clock.advance(1);
    await settle();
    assert.match(String(errorLines()[0]?.error), /not answered within 5000 ms/);
    assert.equal(errorLines()[0]?.msg, 'List failed; retrying');
    await clock.tick(100);
    assert.equal(transport.watches.length, 1, 'the retried list went through');
  });

  test('a consumer that throws is logged, and the stream moves past the object', async () => {
    await supervise({
      resourceVersion: '1',
      consumer: {
        listed: () => undefined,
        notified: () => {
          throw new Error('no room');
        },
        bookmarked: () => undefined,
      },
    });
    transport.latest.send('ADDED', configMap('a@3'));
    clock.advance(SHORT_WATCH_MS);
    transport.latest.end();
    await settle();
    assert.deepEqual(
      errorLines().map((line) => [line.msg, line.object, line.error]),
      [['Failed to handle a watched object', 'apps/a', 'no room']],
    );
    assert.deepEqual(watchedFrom(), ['1', '3']);
  });

  test('halt() tells the consumer nothing more, closes the watch, and ends a backoff', async () => {
    const halted = await supervise({ resourceVersion: '1' });
    const watch = transport.latest;
    halted.halt();
    watch.send('ADDED', configMap('late@2'));
    assert.equal(watch.closed, true);
    assert.deepEqual(told, []);
    await halted.stop();
    halted.start();
    await settle();
    assert.equal(transport.watches.length, 1, 'start() after a halt does nothing');

    transport.listAnswers.push(UNAVAILABLE);
    const backingOff = await supervise();
    assert.deepEqual(clock.sleeps, [100]);
    await backingOff.stop();
    assert.equal(clock.pending, 0, 'no timer left behind');
  });
});
