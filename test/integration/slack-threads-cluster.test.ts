import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readiness } from '../../src/api/readiness/readiness.js';
import {
  THREADS_CONFIGMAP_KEY,
  THREADS_CONFIGMAP_NAME,
} from '../../src/threads/configmap-thread-store.js';
import { decodeThreads } from '../../src/threads/thread-document.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { post } from '../support/event-api-harness.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import {
  startSlackWebApi,
  threadedSlackManifests,
  type SlackWebApi,
} from '../support/slack-web-api-stand-in.js';
import { waitFor } from '../support/wait-for.js';

const API_VERSION = 'notification.toolkit.fluxcd.io/v1beta3';
const TOKEN = 'xoxb-cluster-thread-secret';

/** A second slack Provider, threading on an incoming webhook. */
const WEBHOOK_PROVIDER = `
apiVersion: ${API_VERSION}
kind: Provider
metadata: {name: webhook, namespace: apps}
spec:
  type: slack
  address: https://hooks.slack.com/services/T0/B0/XXXX
  threading: {enabled: true}
`;

let kube: KubeFixture;
let slack: SlackWebApi;
before(async () => {
  kube = await startKubeFixture(['apps']);
  slack = await startSlackWebApi({ token: TOKEN, channels: { '#ops': 'C0OPS' } });
  await kube
    .kubectl()
    .ok(['apply', '-f', '-'], `${threadedSlackManifests(slack)}---${WEBHOOK_PROVIDER}`);
});
after(async () => {
  await slack.close();
  await kube.close();
});

/** One Herald replica's life: started, its Alert ready, then `run`, then stopped. */
async function withHerald(run: (events: string) => Promise<void>): Promise<void> {
  const { herald, cluster } = await startClusterHerald(kube.kubeconfig, captureLogs().logger, [
    '--kube-events=false',
  ]);
  try {
    // The Alert named slack is ready once its Provider is.
    await waitFor(() => {
      const status = cluster.health.status?.() as { objects: Readiness[] } | undefined;
      return status?.objects.some((o) => o.kind === 'Alert' && o.name === 'slack' && o.ready);
    }, 'the Alert slack to be ready');
    await run(`http://127.0.0.1:${herald.eventsPort}/`);
  } finally {
    await herald.stop();
  }
}

function storedThreads() {
  const configMap = kube.api.get('v1', 'ConfigMap', THREADS_CONFIGMAP_NAME, 'flux-system');
  const text = (configMap?.data as Record<string, string> | undefined)?.[THREADS_CONFIGMAP_KEY];
  return text === undefined ? undefined : decodeThreads(text).threads;
}

test('cluster mode: threads are kept in the ConfigMap, so a new replica replies in the same thread', async () => {
  await withHerald(async (events) => {
    assert.equal((await post(events, seedEvent())).status, 202);
    await waitFor(() => storedThreads()?.length === 1, 'the thread in the ConfigMap');
  });
  const [[key, stored] = []] = storedThreads() ?? [];
  assert.equal(key, '["apps","slack","#ops","Kustomization/apps/webapp"]');
  assert.equal(stored?.ts, slack.messages()[0]?.ts);

  await withHerald(async (events) => {
    const recovered = { ...seedEvent(), severity: 'info', message: 'Reconciliation finished' };
    assert.equal((await post(events, recovered)).status, 202);
    await waitFor(() => storedThreads()?.[0]?.[1].notifications === 2, 'the second notification');
  });
  assert.deepEqual(
    slack.messages().map((m) => m.threadTs),
    [undefined, stored?.ts],
  );
  const configMap = JSON.stringify(
    kube.api.get('v1', 'ConfigMap', THREADS_CONFIGMAP_NAME, 'flux-system'),
  );
  assert.ok(!configMap.includes(TOKEN));
});

test('cluster mode: threading on an incoming webhook makes the Provider not Ready, saying why', async () => {
  await withHerald(async () => {
    const condition = await waitFor(() => {
      const webhook = kube.api.get(API_VERSION, 'Provider', 'webhook', 'apps') as
        | {
            status?: {
              conditions?: { type: string; status: string; reason: string; message: string }[];
            };
          }
        | undefined;
      return webhook?.status?.conditions?.find((c) => c.type === 'Ready');
    }, 'the webhook Provider status');
    assert.equal(condition.status, 'False');
    assert.equal(condition.reason, 'InvalidThreading');
    assert.match(condition.message, /an incoming webhook, which answers no message id/);
    assert.ok(!condition.message.includes('XXXX'));
  });
});
