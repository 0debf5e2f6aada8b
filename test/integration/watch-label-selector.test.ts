import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { systemClock } from '../../src/clock/clock.js';
import { startClusterMode, type ClusterMode } from '../../src/cluster/cluster-mode.js';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { LEASE_NAME, leaseNameFor } from '../../src/kube/leader-election.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { findKubectl, Kubectl, makeTempDir } from '../apiserver/test-support.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CRDS = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(ROOT, 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);
const SELECTOR = 'example.com/shard in (a)';
const API_VERSION = 'notification.toolkit.fluxcd.io/v1beta3';

/** Two shards' Alerts and Providers, and one unlabelled Secret both Providers reference. */
const OBJECTS = ['a', 'b']
  .map(
    (shard) => `
apiVersion: ${API_VERSION}
kind: Provider
metadata: {name: hook-${shard}, namespace: apps, labels: {example.com/shard: ${shard}}}
spec: {type: generic, secretRef: {name: webhook}}
---
apiVersion: ${API_VERSION}
kind: Alert
metadata: {name: alert-${shard}, namespace: apps, labels: {example.com/shard: ${shard}}}
spec: {providerRef: {name: hook-${shard}}, eventSources: [{kind: Kustomization, name: "*"}]}
`,
  )
  .concat(
    `
apiVersion: v1
kind: Secret
metadata: {name: webhook, namespace: apps}
stringData: {address: "http://127.0.0.1:1/hook"}
`,
  )
  .join('---');

describe('--watch-label-selector: one shard of Alerts and Providers', () => {
  let api: TestApiServer;
  let cluster: ClusterMode;
  let herald: RunningHerald;
  let removeDir: () => Promise<void>;
  const logs = captureLogs();

  before(async () => {
    api = await startTestApiServer({ namespaces: ['apps', 'flux-system'] });
    const dir = await makeTempDir('herald-shard');
    removeDir = dir.remove;
    const kubeconfig = join(dir.path, 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    const kubectl = new Kubectl(findKubectl(), kubeconfig, dir.path);
    for (const crd of CRDS) await kubectl.ok(['apply', '-f', crd]);
    await kubectl.ok(['apply', '-f', '-'], OBJECTS);
    const config = testConfig([
      `--kubeconfig=${kubeconfig}`,
      `--watch-label-selector=${SELECTOR}`,
      '--enable-leader-election',
      '--kube-events=false',
    ]);
    const registry = new Registry();
    cluster = startClusterMode({
      config,
      logger: logs.logger,
      registry,
      clock: systemClock,
      source: { kind: 'kubeconfig', path: kubeconfig },
      env: {},
    });
    herald = await startHerald({
      config,
      clock: systemClock,
      logger: logs.logger,
      registry,
      mode: cluster,
    });
    await waitFor(() => cluster.health.ready(), 'caches to sync', 30_000);
  });
  after(async () => {
    await herald.stop();
    await api.close();
    await removeDir();
  });

  test('lists and watches Alerts and Providers with the selector, Secrets without', () => {
    const selectorOf = (plural: string) =>
      api.requests
        .filter((request) => request.path.endsWith(`/${plural}`) && request.method === 'GET')
        .map((request) => new URLSearchParams(request.query).get('labelSelector'));
    assert.ok(selectorOf('alerts').length > 0);
    assert.ok(selectorOf('alerts').every((selector) => selector === SELECTOR));
    assert.ok(selectorOf('providers').every((selector) => selector === SELECTOR));
    assert.ok(selectorOf('secrets').length > 0);
    assert.ok(selectorOf('secrets').every((selector) => selector === null));
  });

  test("the shard's own leader writes the status of its objects only", async () => {
    await waitFor(
      () => api.get(API_VERSION, 'Alert', 'alert-a', 'apps')?.status !== undefined,
      "status on the shard's Alert",
      30_000,
    );
    const ready = (kind: string, name: string) =>
      (
        api.get(API_VERSION, kind, name, 'apps')?.status as
          { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions?.find((condition) => condition.type === 'Ready')?.status;
    await waitFor(() => ready('Provider', 'hook-a') === 'True', 'the Provider ready', 30_000);
    assert.equal(ready('Alert', 'alert-a'), 'True');
    assert.equal(api.get(API_VERSION, 'Alert', 'alert-b', 'apps')?.status, undefined);
    assert.equal(api.get(API_VERSION, 'Provider', 'hook-b', 'apps')?.status, undefined);
    const names = (cluster.health.status?.() as { objects: { name: string }[] }).objects.map(
      (object) => object.name,
    );
    assert.deepEqual(names.sort(), ['alert-a', 'hook-a']);

    const lease = leaseNameFor(SELECTOR);
    assert.match(lease, new RegExp(`^${LEASE_NAME}-[0-9a-f]{10}$`));
    assert.equal(leaseNameFor(undefined), LEASE_NAME);
    const held = api.get('coordination.k8s.io/v1', 'Lease', lease, 'flux-system') as
      { spec?: { holderIdentity?: string } } | undefined;
    assert.equal(held?.spec?.holderIdentity, 'herald');
    assert.equal(api.get('coordination.k8s.io/v1', 'Lease', LEASE_NAME, 'flux-system'), undefined);
  });
});
