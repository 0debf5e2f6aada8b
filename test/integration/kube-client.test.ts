import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createKubeClient, type KubeClient } from '../../src/kube/kube-client.js';
import { loadKubeConfig } from '../../src/kube/kube-config-loader.js';
import { kubeRequestErrorOf } from '../../src/kube/kube-request-error.js';
import { withRequestTimeout } from '../../src/kube/request-timeout.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';

describe('KubeClient against the test API server', () => {
  let kube: KubeFixture;
  let client: KubeClient;

  before(async () => {
    kube = await startKubeFixture(['apps']);
    client = kube.client();
  });
  after(() => kube.close());

  test('reaches the server through every client it builds', async () => {
    assert.equal(client.server, kube.api.url);
    assert.equal(client.origin, `kubeconfig ${kube.kubeconfig}`);
    const namespaces = await client.core.listNamespace();
    assert.ok(
      namespaces.items.some((ns) => ns.metadata?.name === 'flux-system'),
      'the namespaces listed',
    );
    const alerts = (await client.customObjects.listClusterCustomObject({
      group: 'notification.toolkit.fluxcd.io',
      version: 'v1beta3',
      plural: 'alerts',
    })) as { items: unknown[] };
    assert.deepEqual(alerts.items, []);
    const leases = await client.coordination.listNamespacedLease({ namespace: 'flux-system' });
    assert.deepEqual(leases.items, []);
    const page = await client.listWatch.list('/api/v1/namespaces', {}, AbortSignal.timeout(10_000));
    assert.notEqual(page.resourceVersion, '');
    assert.equal(page.kind, 'Namespace');
  });

  test('an unanswered request times out, by default or per call', async () => {
    const slow = createKubeClient(
      loadKubeConfig({ kind: 'kubeconfig', path: kube.kubeconfig }, { env: {} }),
      { requestTimeoutMs: 200 },
    );
    const fault = kube.api.faults.inject({ resource: 'namespaces', latencyMs: 5_000 });
    try {
      await assert.rejects(slow.core.listNamespace(), /abort/i);
      await assert.rejects(
        // A fraction of a millisecond, as a leader's time left comes: rounded up, not thrown.
        client.core.listNamespace({}, withRequestTimeout(199.5)),
        /abort/i,
        'a per-call timeout shortens the default',
      );
    } finally {
      fault.remove();
    }
  });

  test('HTTP errors become KubeRequestErrors with the status and the Status message', async () => {
    const error = await client.core
      .readNamespacedSecret({ name: 'absent', namespace: 'apps' })
      .then(
        () => undefined,
        (e: unknown) => kubeRequestErrorOf(e),
      );
    assert.equal(error?.status, 404);
    assert.equal(error.reason, 'NotFound');
    assert.equal(error.message, 'HTTP 404: secrets "absent" not found');
    await assert.rejects(
      client.listWatch.list('/api/v1/namespaces/apps/widgets', {}, AbortSignal.timeout(10_000)),
      (e: unknown) => kubeRequestErrorOf(e).status === 404,
    );
  });
});
