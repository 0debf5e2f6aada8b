import { PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Alert } from '../../src/api/alert.js';
import type { Secret } from '../../src/api/secret.js';
import type { Sleep } from '../../src/clock/clock.js';
import {
  superviseInformer,
  type InformerOptions,
  type SupervisedInformer,
} from '../../src/kube/informer-supervisor.js';
import type { KubeClient } from '../../src/kube/kube-client.js';
import type { CacheChange } from '../../src/kube/object-cache.js';
import { BASE_RESTART_DELAY_MS } from '../../src/kube/restart-backoff.js';
import type { JsonObject } from '../apiserver/json.js';
import { alert, secret } from '../support/api-objects.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';

interface ConfigMap extends KubernetesObject {
  data?: Record<string, string>;
}

const CONFIGMAPS = '/api/v1/namespaces/apps/configmaps';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Records each backoff delay and lets the API server's answers in before the retry, so a retry
 * loop neither spins nor drags; every other timer waits for the test's clock.
 */
function briefSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      for (let turn = 0; turn < 20 && signal?.aborted !== true; turn++)
        await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

describe('superviseInformer against the test API server', () => {
  let kube: KubeFixture;
  let client: KubeClient;
  let logs: ReturnType<typeof captureLogs>;
  let backoff: ReturnType<typeof briefSleep>;
  let clock: ManualClock;
  const informers: SupervisedInformer<KubernetesObject>[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  const configMap = (name: string, value = '1'): void => {
    kube.api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'apps' },
      data: { value },
    });
  };
  const seed = (object: Alert | Secret): void => {
    kube.api.create(object as unknown as JsonObject);
  };
  const patchConfigMap = (name: string, value: string) =>
    client.core.patchNamespacedConfigMap(
      { name, namespace: 'apps', body: { data: { value } } },
      MERGE_PATCH,
    );
  const inform = <T extends KubernetesObject>(
    path: string,
    options: Partial<InformerOptions> = {},
  ): { informer: SupervisedInformer<T>; changes: string[] } => {
    const informer = superviseInformer<T>({
      transport: client.listWatch,
      path,
      logger: logs.logger,
      clock: { ...clock, sleep: backoff.sleep },
      ...options,
    });
    informers.push(informer);
    const changes: string[] = [];
    informer.cache.onChange((change: CacheChange, object: T) => {
      changes.push(`${change} ${object.metadata?.name ?? ''}`);
    });
    return { informer, changes };
  };
  const cached = (informer: SupervisedInformer<ConfigMap>): string[] =>
    informer.cache
      .list()
      .map((cm) => `${cm.metadata?.name ?? ''}=${cm.data?.value ?? ''}`)
      .sort();
  const onServer = (): string[] =>
    kube.api
      .list('v1', 'ConfigMap', 'apps')
      .filter((cm) => cm.metadata.name !== 'kube-root-ca.crt')
      .map((cm) => `${cm.metadata.name}=${String((cm.data as { value?: string }).value)}`)
      .sort();
  const requests = (verb: 'list' | 'watch', path = CONFIGMAPS) =>
    kube.api.requests.filter((r) => r.verb === verb && r.path === path).length;
  const failureLines = () =>
    logs.lines().filter((line) => line.level === 'error' && line.path === CONFIGMAPS);

  beforeEach(async () => {
    kube = await startKubeFixture(['apps', 'other']);
    client = kube.client();
    logs = captureLogs();
    backoff = briefSleep();
    clock = createManualClock();
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    await Promise.all(informers.splice(0).map((informer) => informer.stop()));
    await waitFor(() => kube.api.openWatches() === 0, 'every watch to close', 20_000);
    process.off('unhandledRejection', onRejection);
    await kube.close();
    assert.deepEqual(rejections, [], 'no unhandled rejection');
  });

  test('lists, then streams additions, updates and deletions into the cache', async () => {
    configMap('before');
    const { informer, changes } = inform<ConfigMap>(CONFIGMAPS);
    assert.equal(informer.cache.synced(), false);
    await informer.start();
    assert.equal(informer.cache.synced(), true, 'start() resolves once the list is in');
    assert.deepEqual(cached(informer), ['before=1']);
    const listed = informer.cache.get('apps', 'before');
    assert.equal(listed?.kind, 'ConfigMap', 'list items carry their kind, as watched ones do');
    assert.equal(listed.apiVersion, 'v1');

    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    configMap('live');
    await patchConfigMap('before', '2');
    kube.api.delete('v1', 'ConfigMap', 'live', 'apps');
    await waitFor(() => changes.includes('deleted live'), 'the deletion', 20_000);
    assert.deepEqual(changes, ['added before', 'added live', 'updated before', 'deleted live']);
    assert.deepEqual(cached(informer), ['before=2']);
    assert.equal(informer.cache.get('apps', 'before')?.data?.value, '2');
    assert.deepEqual(failureLines(), []);
  });

  test('lists page by page', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) configMap(name);
    const { informer } = inform<ConfigMap>(CONFIGMAPS, { tuning: { listPageSize: 2 } });
    await informer.start();
    assert.deepEqual(cached(informer), ['a=1', 'b=1', 'c=1', 'd=1', 'e=1']);
    assert.equal(requests('list'), 3);
  });

  test('a namespaced path sees its namespace only; a cluster-wide one all of them', async () => {
    seed(secret('slack', { token: 'xoxb-secret-value' }));
    seed(secret('loki', { password: 'hunter2' }, 'other'));
    const all = inform('/api/v1/secrets').informer;
    const one = inform('/api/v1/namespaces/other/secrets').informer;
    await Promise.all([all.start(), one.start()]);
    const names = (informer: SupervisedInformer<KubernetesObject>) =>
      informer.cache
        .list()
        .map((s) => `${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`)
        .sort();
    assert.deepEqual(names(all), ['apps/slack', 'other/loki']);
    assert.deepEqual(names(one), ['other/loki']);
    assert.equal(all.cache.get('apps', 'slack')?.kind, 'Secret');
    assert.ok(!logs.text().includes('xoxb-secret-value'), 'no secret value logged');
    assert.ok(
      !logs.text().includes(Buffer.from('xoxb-secret-value').toString('base64')),
      'no encoded secret value logged',
    );
  });

  test('watches Alerts of every namespace through their collection path', async () => {
    seed(alert('on-call'));
    const { informer, changes } = inform('/apis/notification.toolkit.fluxcd.io/v1beta3/alerts');
    await informer.start();
    seed(alert('ops', {}, 'other'));
    await waitFor(() => changes.includes('added ops'), 'the watched Alert', 20_000);
    assert.equal(informer.cache.get('other', 'ops')?.kind, 'Alert');
  });

  test('a cut watch resumes from its resourceVersion and loses nothing done while it was down', async () => {
    configMap('stays');
    configMap('goes');
    const { informer, changes } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    for (let round = 1; round <= 3; round++) {
      await waitFor(() => kube.api.openWatches() === 1, `watch ${round}`, 20_000);
      // Refused until the changes below are made, so they happen with no watch open.
      const down = kube.api.faults.inject({ verb: 'watch', status: 503 });
      assert.equal(kube.api.faults.cutWatches(), 1);
      configMap(`new-${round}`);
      await patchConfigMap('stays', String(round + 1));
      if (round === 1) kube.api.delete('v1', 'ConfigMap', 'goes', 'apps');
      await waitFor(() => down.hits > 0, 'a refused watch', 20_000);
      down.remove();
    }
    await waitFor(() => changes.includes('added new-3'), 'the last change', 20_000);
    await waitFor(
      () => cached(informer).join() === onServer().join(),
      'the cache to match',
      20_000,
    );
    assert.deepEqual(cached(informer), ['new-1=1', 'new-2=1', 'new-3=1', 'stays=4']);
    assert.ok(changes.includes('deleted goes'), changes.join());
    assert.equal(requests('list'), 1, 'resumed from the resourceVersion, never listed again');
    assert.ok(failureLines().length > 0, 'each refused watch was logged');
  });

  test('a 410 relists, and what was deleted while disconnected is deleted from the cache', async () => {
    configMap('kept');
    configMap('removed');
    const { informer, changes } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    const down = kube.api.faults.inject({ verb: 'watch', status: 503 });
    kube.api.faults.cutWatches();
    kube.api.delete('v1', 'ConfigMap', 'removed', 'apps');
    configMap('added-meanwhile');
    kube.api.faults.expireResourceVersions();
    down.remove();
    await waitFor(() => changes.includes('deleted removed'), 'the relist', 20_000);
    await waitFor(() => changes.includes('added added-meanwhile'), 'the new object', 20_000);
    assert.equal(requests('list'), 2, 'listed again after 410');
    assert.deepEqual(cached(informer), ['added-meanwhile=1', 'kept=1']);
    assert.ok(
      logs.lines().some((line) => line.msg === 'Watch expired; listing again'),
      'the relist is logged',
    );
    await waitFor(() => kube.api.openWatches() === 1, 'watching again', 20_000);
    configMap('after');
    await waitFor(
      () => changes.includes('added after'),
      'a watched change after the relist',
      20_000,
    );
  });

  test('an API server error burst is retried with growing delays, one log line per failure', async () => {
    configMap('a');
    kube.api.faults.inject({ verb: 'list', resource: 'configmaps', status: 500, times: 4 });
    const { informer } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    assert.deepEqual(cached(informer), ['a=1']);
    assert.equal(BASE_RESTART_DELAY_MS, 1_000);
    assert.deepEqual(backoff.delays, [1_000, 2_000, 4_000, 8_000]);
    const failures = failureLines();
    assert.equal(failures.length, 4);
    assert.deepEqual(
      failures.map((line) => [line.msg, line.status, line.retryInMs]),
      [1_000, 2_000, 4_000, 8_000].map((ms) => ['List failed; retrying', 500, ms]),
    );

    // Watches failing in a row back off too; a frame received resets the delay.
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    backoff.delays.length = 0;
    kube.api.faults.inject({ verb: 'watch', resource: 'configmaps', status: 500, times: 3 });
    kube.api.faults.cutWatches({ mode: 'reset' });
    await waitFor(() => kube.api.openWatches() === 1, 'the watch back', 20_000);
    assert.deepEqual(backoff.delays, [1_000, 2_000, 4_000, 8_000]);
    configMap('b');
    await waitFor(() => informer.cache.get('apps', 'b') !== undefined, 'a change', 20_000);
  });

  test('asks for bookmarks, and resumes from the resourceVersion a bookmark brought', async () => {
    const { informer } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    // Changes elsewhere move the server's resourceVersion past anything this watch has seen.
    kube.api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'other' },
    });
    const current = kube.api.list('v1', 'ConfigMap', 'other')[0]?.metadata.resourceVersion;
    // The bookmark goes out before the stream ends, so the informer reads it before the end.
    kube.api.faults.sendBookmarks();
    kube.api.faults.cutWatches();
    const watches = () =>
      kube.api.requests.filter((r) => r.verb === 'watch' && r.path === CONFIGMAPS);
    await waitFor(() => watches().length === 2, 'the resumed watch', 20_000);
    const query = new URLSearchParams(watches()[1]?.query);
    assert.equal(query.get('allowWatchBookmarks'), 'true');
    assert.equal(query.get('resourceVersion'), current);
  });

  test('an API server restart is waited out, and what changed while it was down is seen', async () => {
    configMap('before');
    const { informer, changes } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    await kube.api.faults.restart({
      whileDown: async () => {
        configMap('while-down');
        await waitFor(() => failureLines().length > 0, 'a refused connection', 20_000);
      },
    });
    await waitFor(() => changes.includes('added while-down'), 'the change made while down', 20_000);
    assert.deepEqual(cached(informer), ['before=1', 'while-down=1']);
  });

  test('a silent watch is restarted', async () => {
    const { informer, changes } = inform<ConfigMap>(CONFIGMAPS, {
      tuning: { silentWatchTimeoutMs: 300 },
    });
    await informer.start();
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    clock.advance(299);
    assert.ok(!logs.lines().some((line) => line.msg === 'Restarting a silent watch'));
    clock.advance(1);
    await waitFor(
      () => logs.lines().some((line) => line.msg === 'Restarting a silent watch'),
      'the silent watch to be restarted',
      20_000,
    );
    await waitFor(() => requests('watch') >= 2, 'a new watch', 20_000);
    configMap('heard');
    await waitFor(() => changes.includes('added heard'), 'a change on the new watch', 20_000);
    assert.equal(requests('list'), 1);
  });

  test('stop() closes the watch, ends a pending retry, and start() after it does nothing', async () => {
    const { informer } = inform<ConfigMap>(CONFIGMAPS);
    await informer.start();
    await waitFor(() => kube.api.openWatches() === 1, 'the watch', 20_000);
    await informer.stop();
    await waitFor(() => kube.api.openWatches() === 0, 'the watch to close', 20_000);
    await informer.start();
    assert.equal(kube.api.openWatches(), 0);

    // Stopped while waiting out a backoff that the clock never ends: the wait is cut short.
    kube.api.faults.inject({ verb: 'list', resource: 'configmaps', status: 500 });
    const stuck = inform<ConfigMap>(CONFIGMAPS, { clock }).informer;
    const started = stuck.start();
    await waitFor(() => failureLines().length > 0, 'a failed list', 20_000);
    await stuck.stop();
    await started;
    assert.equal(stuck.cache.synced(), false);
  });
});
