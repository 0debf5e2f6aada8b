// client-node's generated models are plain data classes; its own examples pass object literals.
import * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/wait-for.js';
import { startTestApiServer, type TestApiServer } from './server.js';
import { makeTempDir } from './test-support.js';

const WIDGETS_CRD = join(import.meta.dirname, 'fixtures', 'crds', 'widgets.yaml');
const GROUP = { group: 'example.com', version: 'v1', plural: 'widgets' };
const MERGE_PATCH = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

interface Widget extends k8s.KubernetesObject {
  spec: { size: number; color?: string };
  status?: { observedGeneration?: number };
}

function widgetBody(name: string, size: number): Widget {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec: { size } };
}

function statusCodeOf(error: unknown): number | undefined {
  return error instanceof k8s.ApiException ? error.code : undefined;
}

describe('@kubernetes/client-node 1.4 against the test API server', () => {
  let api: TestApiServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let custom: k8s.CustomObjectsApi;
  let removeDir: () => Promise<void>;

  before(async () => {
    api = await startTestApiServer({ crdFiles: [WIDGETS_CRD], namespaces: ['apps', 'inf'] });
    const dir = await makeTempDir('client-node');
    removeDir = dir.remove;
    const file = join(dir.path, 'kubeconfig');
    await api.writeKubeconfig(file);
    kc = new k8s.KubeConfig();
    kc.loadFromFile(file);
    core = kc.makeApiClient(k8s.CoreV1Api);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
  });
  after(async () => {
    await api.close();
    await removeDir();
  });

  test('CoreV1Api creates, reads, lists, replaces and deletes', async () => {
    const secret = await core.createNamespacedSecret({
      namespace: 'apps',
      body: { metadata: { name: 'slack' }, stringData: { token: 'xoxb-1' } },
    });
    assert.deepEqual(secret.data, { token: Buffer.from('xoxb-1').toString('base64') });
    const list = await core.listNamespacedSecret({ namespace: 'apps' });
    assert.ok(list.metadata?.resourceVersion);
    assert.deepEqual(
      list.items.map((s) => s.metadata?.name),
      ['slack'],
    );
    const cm = await core.createNamespacedConfigMap({
      namespace: 'apps',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'cfg',
      namespace: 'apps',
      body: Object.assign(structuredClone(cm), { data: { a: '2' } }),
    });
    assert.equal(replaced.data?.a, '2');
    await assert.rejects(
      core.replaceNamespacedConfigMap({
        name: 'cfg',
        namespace: 'apps',
        body: Object.assign(structuredClone(cm), { data: { a: '3' } }),
      }),
      (e: unknown) => statusCodeOf(e) === 409,
    );
    await core.deleteNamespacedConfigMap({ name: 'cfg', namespace: 'apps' });
    await assert.rejects(
      core.readNamespacedConfigMap({ name: 'cfg', namespace: 'apps' }),
      (e: unknown) => statusCodeOf(e) === 404,
    );
    const event = await core.createNamespacedEvent({
      namespace: 'apps',
      body: {
        metadata: { name: 'e1' },
        involvedObject: { kind: 'Widget', name: 'w', namespace: 'apps' },
        reason: 'Tested',
        message: 'hello',
        type: 'Normal',
        lastTimestamp: new Date('2025-01-02T03:04:05.678Z'),
      },
    });
    assert.deepEqual(
      event.lastTimestamp,
      new Date('2025-01-02T03:04:05Z'),
      'metav1.Time keeps whole seconds',
    );
    const leases = kc.makeApiClient(k8s.CoordinationV1Api);
    const lease = await leases.createNamespacedLease({
      namespace: 'apps',
      body: {
        metadata: { name: 'leader' },
        spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
      },
    });
    assert.equal(lease.spec?.holderIdentity, 'a');
  });

  test('CustomObjectsApi creates, merge-patches (content type set explicitly) and writes status', async () => {
    await custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: 'apps',
      body: widgetBody('w1', 2),
    });
    const patched = (await custom.patchNamespacedCustomObject(
      { ...GROUP, namespace: 'apps', name: 'w1', body: { spec: { size: 4 } } },
      MERGE_PATCH,
    )) as Widget;
    assert.equal(patched.spec.size, 4);
    assert.equal(patched.metadata?.generation, 2);
    const status = (await custom.patchNamespacedCustomObjectStatus(
      { ...GROUP, namespace: 'apps', name: 'w1', body: { status: { observedGeneration: 2 } } },
      MERGE_PATCH,
    )) as Widget;
    assert.deepEqual(status.status, { observedGeneration: 2 });
    assert.equal(status.metadata?.generation, 2);
    // Without the header client-node sends application/json-patch+json, which wants an array.
    await assert.rejects(
      custom.patchNamespacedCustomObject({
        ...GROUP,
        namespace: 'apps',
        name: 'w1',
        body: { spec: { size: 5 } },
      }),
      (e: unknown) => statusCodeOf(e) === 400,
    );
    await assert.rejects(
      custom.createNamespacedCustomObject({
        ...GROUP,
        namespace: 'apps',
        body: widgetBody('bad', 0),
      }),
      (e: unknown) => statusCodeOf(e) === 422,
    );
    const list = (await custom.listNamespacedCustomObject({
      ...GROUP,
      namespace: 'apps',
    })) as k8s.KubernetesListObject<Widget>;
    assert.deepEqual(
      list.items.map((w) => w.metadata?.name),
      ['w1'],
    );
  });

  test('an informer lists, watches, survives a cut watch and relists after 410', async () => {
    const create = (name: string) =>
      custom.createNamespacedCustomObject({
        ...GROUP,
        namespace: 'inf',
        body: widgetBody(name, 1),
      });
    await create('before');
    const informer = k8s.makeInformer<Widget>(
      kc,
      '/apis/example.com/v1/namespaces/inf/widgets',
      () =>
        custom.listNamespacedCustomObject({ ...GROUP, namespace: 'inf' }) as Promise<
          k8s.KubernetesListObject<Widget>
        >,
    );
    const seen: string[] = [];
    const errors: unknown[] = [];
    let stopping = false;
    informer.on('add', (w) => seen.push(`add ${w.metadata?.name ?? ''}`));
    informer.on('update', (w) => seen.push(`update ${w.metadata?.name ?? ''}`));
    informer.on('delete', (w) => seen.push(`delete ${w.metadata?.name ?? ''}`));
    informer.on('error', (e) => {
      if (!stopping) errors.push(e);
    });
    const watchesOpen = (n: number) =>
      waitFor(() => api.openWatches() === n, `${n} open watch(es)`);
    const lists = () =>
      api.requests.filter((r) => r.verb === 'list' && r.path.endsWith('/inf/widgets')).length;
    try {
      await informer.start();
      await waitFor(() => seen.includes('add before'), 'the listed widget');
      await watchesOpen(1);
      await create('live');
      await waitFor(() => seen.includes('add live'), 'a watched add');

      assert.equal(api.faults.cutWatches(), 1);
      await watchesOpen(1);
      await create('after-cut');
      await waitFor(() => seen.includes('add after-cut'), 'an add after the watch was cut');
      assert.equal(lists(), 1, 'a cut watch resumes from its resourceVersion without listing');

      // Behind the informer's back: the watch ends, an object goes, and history is compacted.
      api.faults.cutWatches();
      api.delete('example.com/v1', 'Widget', 'live', 'inf');
      api.faults.expireResourceVersions();
      await waitFor(() => seen.includes('delete live'), 'the relist to notice the deletion');
      assert.equal(lists(), 2, 'the 410 made the informer list again');
      await watchesOpen(1);
      await create('after-relist');
      await waitFor(() => seen.includes('add after-relist'), 'watching again after the relist');
      assert.deepEqual(errors, []);

      api.faults.cutWatches({ mode: 'reset' });
      await waitFor(() => errors.length > 0, 'the informer to report the reset connection');
    } finally {
      stopping = true;
      await informer.stop();
    }
  });
});
