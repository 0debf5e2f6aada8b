import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ClusterMode } from '../../src/cluster/cluster-mode.js';
import type { RunningHerald } from '../../src/herald.js';
import type { TestApiServer } from '../apiserver/server.js';
import type { Kubectl } from '../apiserver/test-support.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import { routingManifests } from '../support/routing-manifests.js';
import { waitFor } from '../support/wait-for.js';
import { helmReleaseEvent, seedEvent } from '../fixtures/seed-event.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FLUX_DOCS = join(ROOT, 'test', 'fixtures', 'flux-v1beta3-docs');

/** `text` as a RegExp that matches exactly it. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The cells of `kubectl get` output by column name, cut where the header's columns start. */
function tableRows(output: string): Map<string, Record<string, string>> {
  const [header = '', ...rows] = output.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((match) => ({
    name: match[0],
    at: match.index,
  }));
  return new Map(
    rows.map((row) => {
      const cells = Object.fromEntries(
        starts.map(({ name, at }, i) => [name, row.slice(at, starts[i + 1]?.at).trim()]),
      );
      return [cells.NAME ?? '', cells];
    }),
  );
}

/** `kubectl get alerts` (or providers) as NAME → [READY, STATUS]. */
function readyColumns(output: string): Map<string, [string, string]> {
  return new Map(
    [...tableRows(output)].map(([name, cells]) => [name, [cells.READY ?? '', cells.STATUS ?? '']]),
  );
}

describe('cluster mode against the test API server, driven by kubectl', () => {
  let kube: KubeFixture;
  let api: TestApiServer;
  let kubectl: Kubectl;
  let receiver: CaptureServer;
  let cluster: ClusterMode;
  let herald: RunningHerald;
  const logs = captureLogs('debug');

  const apply = (yaml: string) => kubectl.ok(['apply', '-f', '-'], yaml);
  const alertsTable = async () => readyColumns(await kubectl.ok(['get', 'alerts', '-n', 'apps']));
  const providersTable = async () =>
    readyColumns(await kubectl.ok(['get', 'providers', '-n', 'apps']));
  const eventsUrl = () => `http://127.0.0.1:${herald.eventsPort}/`;
  const alertReady = (name: string) =>
    waitFor(
      () =>
        (cluster.health.status?.() as { objects: { name: string; ready: boolean }[] }).objects.some(
          (o) => o.name === name && o.ready,
        ),
      `the Alert ${name}`,
      30_000,
    );

  before(async () => {
    kube = await startKubeFixture(['apps', 'flagger-system', 'desired-namespace']);
    api = kube.api;
    kubectl = kube.kubectl();
    receiver = await startCaptureServer();
    await apply(`${routingManifests(receiver.url)}---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: no-secret, namespace: apps}
spec: {type: slack, secretRef: {name: slack-url}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: bad-regex, namespace: apps}
spec: {providerRef: {name: hook}, eventSources: [{kind: Kustomization, name: "*"}], exclusionList: ["(unclosed"]}
`);
    ({ herald, cluster } = await startClusterHerald(kube.kubeconfig, logs.logger, [
      '--rate-limit-interval=0s',
    ]));
  });
  after(async () => {
    await herald.stop();
    await receiver.close();
    await kube.close();
  });

  test('kubectl get alerts shows which work, and why the others do not', async () => {
    await waitFor(
      () =>
        api
          .list('notification.toolkit.fluxcd.io/v1beta3', 'Alert', 'apps')
          .every((alert) => alert.status !== undefined),
      'status on every Alert',
      30_000,
    );
    const alerts = await alertsTable();
    assert.deepEqual(alerts.get('good'), ['True', 'Alert is ready']);
    assert.deepEqual(alerts.get('no-provider'), ['False', "Provider 'missing' not found"]);
    assert.equal(alerts.get('bad-regex')?.[0], 'False');
    assert.match(
      alerts.get('bad-regex')?.[1] ?? '',
      /spec\.exclusionList\[0\] is not a valid RE2 regular expression/,
    );
    await waitFor(
      () =>
        api.get('notification.toolkit.fluxcd.io/v1beta3', 'Provider', 'no-secret', 'apps')
          ?.status !== undefined,
      'Provider status',
      30_000,
    );
    assert.deepEqual((await providersTable()).get('no-secret'), [
      'False',
      "Secret 'slack-url' not found",
    ]);
  });

  test('fixing the cause turns it Ready without a restart', async () => {
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: missing, namespace: apps}
spec: {type: generic, address: "${receiver.url}/fixed"}
`);
    await waitFor(
      () => {
        const alert = api.get(
          'notification.toolkit.fluxcd.io/v1beta3',
          'Alert',
          'no-provider',
          'apps',
        ) as { status?: { conditions?: { status: string }[] } } | undefined;
        return alert?.status?.conditions?.[0]?.status === 'True';
      },
      'the Alert to turn Ready',
      30_000,
    );
    assert.deepEqual((await alertsTable()).get('no-provider'), ['True', 'Alert is ready']);
  });

  test('an event POSTed to Herald reaches the address from the Provider Secret', async () => {
    assert.equal(
      (await post(eventsUrl(), { ...seedEvent(), message: 'delivered through a custom resource' }))
        .status,
      202,
    );
    await waitFor(
      () => receiver.requests.some((request) => request.path === '/from-secret'),
      'the delivery',
      30_000,
    );
  });

  test('deleting the Alert stops delivery', async () => {
    await kubectl.ok(['delete', 'alert', 'good', '-n', 'apps']);
    await kubectl.ok(['delete', 'alert', 'no-provider', '-n', 'apps']);
    await waitFor(
      () =>
        !(cluster.health.status?.() as { objects: { name: string }[] }).objects.some(
          (o) => o.name === 'good',
        ),
      'the Alert to leave the index',
      30_000,
    );
    const before = receiver.requests.length;
    assert.equal(
      (await post(eventsUrl(), { ...seedEvent(), message: 'nobody listens' })).status,
      202,
    );
    const metrics = await herald.registry.metrics();
    assert.match(metrics, /^herald_events_unmatched_total [1-9]/m);
    assert.equal(receiver.requests.length, before);
  });

  test('matchLabels routes by the involved object labels, looked up in the cluster', async () => {
    await kubectl.ok(['create', 'configmap', 'web-settings', '-n', 'apps']);
    await kubectl.ok(['label', 'configmap', 'web-settings', '-n', 'apps', 'team=web']);
    await kubectl.ok(['create', 'configmap', 'db-settings', '-n', 'apps']);
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: by-label, namespace: apps}
spec: {type: generic, address: "${receiver.url}/by-label"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: web-team, namespace: apps}
spec: {providerRef: {name: by-label}, eventSources: [{kind: ConfigMap, name: "*", matchLabels: {team: web}}]}
`);
    await alertReady('web-team');
    const configMapEvent = (name: string) => ({
      ...seedEvent(),
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'apps' },
      metadata: {},
      message: `changed ${name}`,
    });
    assert.equal((await post(eventsUrl(), configMapEvent('db-settings'))).status, 202);
    assert.equal((await post(eventsUrl(), configMapEvent('web-settings'))).status, 202);
    await waitFor(
      () => receiver.requests.some((request) => request.path === '/by-label'),
      'the labelled delivery',
      30_000,
    );
    const delivered = receiver.requests
      .filter((request) => request.path === '/by-label')
      .map((request) => request.body.toString());
    assert.equal(delivered.length, 1);
    assert.match(delivered[0] ?? '', /web-settings/);
  });

  test("an involved object that cannot be read is Flux's SourceFetchFailed Warning Event", async () => {
    // Needs the web-team Alert of the matchLabels test above.
    const gone = {
      ...seedEvent(),
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', namespace: 'apps' },
      metadata: {},
    };
    assert.equal((await post(eventsUrl(), gone)).status, 202);
    const described = await waitFor(async () => {
      const text = await kubectl.ok(['describe', 'alert', 'web-team', '-n', 'apps']);
      return text.includes('SourceFetchFailed') ? text : undefined;
    }, 'the Warning Event');
    assert.match(described, /Warning\s+SourceFetchFailed\s.*ConfigMap apps\/gone/);
  });

  test("Flux's own v1beta3 Alerts and Providers from its documentation apply unchanged", async () => {
    const output = await kubectl.ok(['apply', '-f', FLUX_DOCS]);
    assert.match(output, /alert\.notification\.toolkit\.fluxcd\.io\/\S+ created/);
    assert.match(output, /provider\.notification\.toolkit\.fluxcd\.io\/\S+ created/);
  });

  test('a failed delivery is a Warning Event that kubectl describe alert shows', async () => {
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: refusing, namespace: apps}
spec: {type: generic, address: "${receiver.url}/refusing"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: refused, namespace: apps}
spec: {providerRef: {name: refusing}, eventSources: [{kind: HelmRelease, name: "*"}]}
`);
    await alertReady('refused');
    receiver.reply({ status: 403, body: 'forbidden' });
    const helmEvent = helmReleaseEvent();
    assert.equal((await post(eventsUrl(), helmEvent)).status, 202);
    const described = await waitFor(async () => {
      const text = await kubectl.ok(['describe', 'alert', 'refused', '-n', 'apps']);
      return text.includes('NotificationDispatchFailed') ? text : undefined;
    }, 'the Warning Event');
    assert.match(described, /Warning\s+NotificationDispatchFailed/);
    assert.match(described, /403/);
    // Configured right (READY True) yet not delivering: the last dispatch column says so.
    const listed = await waitFor(async () => {
      const row = tableRows(await kubectl.ok(['get', 'alert', 'refused', '-n', 'apps'])).get(
        'refused',
      );
      return row?.['LAST DISPATCH'] === 'Failed' ? row : undefined;
    }, 'the last dispatch column');
    assert.equal(listed.READY, 'True');
  });

  test("a metadata key two sources set is Flux's MetadataAppendFailed Warning Event", async () => {
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: annotated, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: OCIRepository, name: "*"}]
  summary: from the summary
  eventMetadata: {summary: from eventMetadata}
`);
    await alertReady('annotated');
    const ociEvent = {
      ...helmReleaseEvent(),
      involvedObject: {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        name: 'podinfo',
        namespace: 'apps',
      },
    };
    assert.equal((await post(eventsUrl(), ociEvent)).status, 202);
    const described = await waitFor(async () => {
      const text = await kubectl.ok(['describe', 'alert', 'annotated', '-n', 'apps']);
      return text.includes('MetadataAppendFailed') ? text : undefined;
    }, 'the Warning Event');
    assert.match(described, /Warning\s+MetadataAppendFailed\s.*summary/);
  });

  test('the index survives a cut watch, an expired resourceVersion and an API server restart', async () => {
    api.faults.cutWatches({ mode: 'reset' });
    api.faults.expireResourceVersions();
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: after-faults, namespace: apps}
spec: {providerRef: {name: hook}, eventSources: [{kind: GitRepository, name: "*"}]}
`);
    await waitFor(
      () =>
        (cluster.health.status?.() as { objects: { name: string }[] }).objects.some(
          (o) => o.name === 'after-faults',
        ),
      'the Alert created during the faults',
      30_000,
    );
    await api.faults.restart({ keepState: true });
    await kubectl.ok(['delete', 'alert', 'after-faults', '-n', 'apps']);
    await waitFor(
      () =>
        !(cluster.health.status?.() as { objects: { name: string }[] }).objects.some(
          (o) => o.name === 'after-faults',
        ),
      'the deletion after the restart',
      30_000,
    );
  });

  test('a native Kubernetes Event reaches an Alert on its kind', async () => {
    await apply(`
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: pods, namespace: apps}
spec: {type: generic, address: "${receiver.url}/pods"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: pod-trouble, namespace: apps}
spec: {providerRef: {name: pods}, eventSeverity: error, eventSources: [{kind: Pod, name: "*"}]}
`);
    await alertReady('pod-trouble');
    const now = new Date().toISOString();
    await apply(`
apiVersion: v1
kind: Event
metadata: {name: web-1.backoff, namespace: apps}
involvedObject: {apiVersion: v1, kind: Pod, name: web-1, namespace: apps}
type: Warning
reason: BackOff
message: Back-off restarting failed container app in pod web-1
count: 1
firstTimestamp: "${now}"
lastTimestamp: "${now}"
source: {component: kubelet, host: node-1}
`);
    await waitFor(
      () => receiver.requests.some((request) => request.path === '/pods'),
      'the native Event',
      30_000,
    );
    const body = JSON.parse(
      receiver.requests.find((request) => request.path === '/pods')?.body.toString() ?? '{}',
    ) as { reason?: string; severity?: string; reportingController?: string };
    assert.equal(body.reason, 'BackOff');
    assert.equal(body.severity, 'error');
    assert.equal(body.reportingController, 'kubelet');
  });

  test("/metrics serves controller-runtime's families after a reconcile, and passes promtool", async () => {
    const url = `http://127.0.0.1:${herald.metricsPort}/metrics`;
    await waitFor(
      async () =>
        /^controller_runtime_reconcile_total\{controller="alert",result="success"\} [1-9]/m.test(
          await (await fetch(url)).text(),
        ),
      'an Alert reconcile to be counted',
    );
    const text = await (await fetch(url)).text();
    for (const family of [
      'controller_runtime_reconcile_errors_total{controller="provider"}',
      'controller_runtime_reconcile_time_seconds_count{controller="alert"}',
      'workqueue_adds_total{name="alert",controller="alert"}',
      'workqueue_depth{name="provider",controller="provider"}',
      'workqueue_longest_running_processor_seconds{name="alert",controller="alert"}',
    ])
      assert.ok(text.includes(`\n${family} `), family);
    // Every list, watch and status write Herald made to the API server, by its answer.
    const host = new URL(api.url).host;
    for (const request of [
      `rest_client_requests_total{code="200",host="${host}",method="GET"}`,
      `rest_client_requests_total{code="200",host="${host}",method="PATCH"}`,
    ])
      assert.match(text, new RegExp(`^${escapeRegExp(request)} [1-9]`, 'm'), request);
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(promtool.status, 0, `${promtool.stdout}${promtool.stderr}`);
  });

  test('no secret value reached a log line', () => {
    assert.ok(!logs.text().includes('/from-secret'));
  });
});
