import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ALWAYS_LEADER, type Leadership } from '../../src/kube/leadership.js';
import { createSlackNotifier } from '../../src/notifiers/slack.js';
import {
  openConfigMapThreadStore,
  THREADS_CONFIGMAP_KEY,
  THREADS_CONFIGMAP_NAME,
} from '../../src/threads/configmap-thread-store.js';
import { decodeThreads, encodeThreads } from '../../src/threads/thread-document.js';
import type { ThreadStore } from '../../src/threads/thread-store.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { FlagLeadership } from '../support/flag-leadership.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock, MANUAL_CLOCK_START_MS } from '../support/manual-clock.js';
import { sampleThread } from '../support/sample-thread.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import {
  startSlackWebApi,
  threadedSlackTarget,
  type SlackWebApi,
} from '../support/slack-web-api-stand-in.js';

const NAMESPACE = 'flux-system';
const NAME = THREADS_CONFIGMAP_NAME;
const TOKEN = 'xoxb-configmap-thread-secret';

let api: TestApiServer;
before(async () => {
  api = await startTestApiServer({ namespaces: [NAMESPACE] });
});
beforeEach(() => {
  api.faults.clear();
  api.delete('v1', 'ConfigMap', NAME, NAMESPACE);
});
after(() => api.close());

/** One replica's store: its own client, as another Herald process would have. */
function replica(leadership: Leadership = ALWAYS_LEADER) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(api.kubeconfig());
  const logs = captureLogs();
  const store = openConfigMapThreadStore({
    core: kubeConfig.makeApiClient(CoreV1Api),
    namespace: NAMESPACE,
    clock: createManualClock(),
    logger: logs.logger,
    leadership,
  });
  return { store, logs };
}

/** The keys of the threads the ConfigMap holds, oldest first. */
function storedKeys(): string[] | undefined {
  const configMap = api.get('v1', 'ConfigMap', NAME, NAMESPACE);
  const text = (configMap?.data as Record<string, string> | undefined)?.[THREADS_CONFIGMAP_KEY];
  return text === undefined ? undefined : decodeThreads(text).threads.map(([key]) => key);
}

const writes = () =>
  api.requests
    .filter((r) => r.path.includes(`/configmaps`) && ['POST', 'PUT'].includes(r.method))
    .map((r) => r.verb);

test('creates the ConfigMap, then replaces it; another replica reads it', async () => {
  const { store } = replica();
  const from = writes().length;
  await store.save('a', sampleThread('1.1'));
  await store.save('b', sampleThread('1.2'));
  assert.deepEqual(writes().slice(from), ['create', 'update']);
  assert.deepEqual(storedKeys(), ['a', 'b']);

  const other = replica();
  assert.equal((await other.store.find('b'))?.ts, '1.2');
  await store.close();
  await other.store.close();
});

test('two replicas writing at once: the one that lost the race reads the other in and writes both', async () => {
  const first = replica();
  const second = replica();
  assert.equal(await first.store.find('x'), undefined);
  assert.equal(await second.store.find('x'), undefined);
  await first.store.save('a', sampleThread('1.1'));
  const from = api.requests.length;
  await second.store.save('b', sampleThread('1.2'));
  assert.deepEqual(
    api.requests.slice(from).map((r) => `${r.verb} ${String(r.status)}`),
    ['create 409', 'get 200', 'update 200'],
  );
  assert.deepEqual(storedKeys()?.sort(), ['a', 'b']);
  // Each keeps its own later thread for a key both wrote.
  await first.store.save('b', sampleThread('2.2', MANUAL_CLOCK_START_MS + 10));
  assert.equal((await replica().store.find('b'))?.ts, '2.2');
});

test('a replica gaining leadership reads what the last leader wrote', async () => {
  const leadership = new FlagLeadership(false);
  const standby = replica(leadership);
  assert.equal(await standby.store.find('a'), undefined);
  const leader = replica();
  await leader.store.save('a', sampleThread('1.1'));
  assert.equal(await standby.store.find('a'), undefined, 'not read again while standing by');
  leadership.set(true);
  assert.equal((await standby.store.find('a'))?.ts, '1.1');
  await standby.store.close();
});

test('an unreadable document: a warning, no threads, and the next write replaces it', async () => {
  api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: NAME, namespace: NAMESPACE },
    data: { [THREADS_CONFIGMAP_KEY]: encodeThreads([['a', sampleThread('1.1')]]).slice(0, 30) },
  });
  const { store, logs } = replica();
  assert.equal(await store.find('a'), undefined);
  const warnings = logs.lines().filter((line) => line.level === 'warn');
  assert.deepEqual(
    warnings.map((line) => [line.code, line.configMap]),
    [['HERALD_THREADS_UNREADABLE', `${NAMESPACE}/${NAME}`]],
  );
  await store.save('b', sampleThread('1.2'));
  assert.deepEqual(storedKeys(), ['b']);
});

test('a failed write is logged and kept in memory; the next one writes it; a deleted ConfigMap is made again', async () => {
  const { store, logs } = replica();
  await store.save('a', sampleThread('1.1'));
  api.faults.inject({ resource: 'configmaps', verb: 'update', status: 500, times: 1 });
  await store.save('b', sampleThread('1.2'));
  assert.ok(logs.lines().some((line) => line.msg === 'Failed to write the Slack threads'));
  assert.deepEqual(storedKeys(), ['a']);
  assert.equal((await store.find('b'))?.ts, '1.2');

  api.delete('v1', 'ConfigMap', NAME, NAMESPACE);
  await store.save('c', sampleThread('1.3'));
  assert.deepEqual(storedKeys(), ['a', 'b', 'c']);
});

test('a Slack thread survives a restart: a new notifier and store read the ConfigMap', async () => {
  const slack: SlackWebApi = await startSlackWebApi({
    token: TOKEN,
    channels: { '#ops': 'C0OPS' },
  });
  try {
    const target = threadedSlackTarget(slack);
    const run = async (store: ThreadStore, severity: 'error' | 'info') => {
      const notifier = createSlackNotifier(target, { ...createTestDeps().deps, threads: store });
      await notifier.post(sampleEvent({ severity }));
      await notifier.close();
      await store.close();
    };
    await run(replica().store, 'error');
    const parent = slack.messages()[0];
    await run(replica().store, 'info');
    assert.deepEqual(
      slack.messages().map((m) => m.threadTs),
      [undefined, parent?.ts],
    );
    const stored = JSON.stringify(api.get('v1', 'ConfigMap', NAME, NAMESPACE));
    assert.ok(!stored.includes(TOKEN));
  } finally {
    await slack.close();
  }
});
