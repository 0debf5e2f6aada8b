import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { objectLabelLookup } from '../../src/kube/object-labels.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';

let kube: KubeFixture;
before(async () => {
  kube = await startKubeFixture(['apps']);
  kube.api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'labelled', namespace: 'apps', labels: { team: 'web' } },
  });
});
after(() => kube.close());

const configMap = { kind: 'ConfigMap', apiVersion: 'v1', name: 'labelled', namespace: 'apps' };

test("reads the involved object's labels", async () => {
  const lookup = objectLabelLookup(kube.client().objects);
  assert.deepEqual(await lookup(configMap), { team: 'web' });
});

// The reason goes into a Kubernetes Event on the Alert: one line saying what failed, not the
// client library's message with every response header in it.
test('a failed read is one line naming the status and the server message', async () => {
  const lookup = objectLabelLookup(kube.client().objects);
  const denied = kube.api.faults.inject({
    verb: 'get',
    resource: 'configmaps',
    status: 403,
    message: 'configmaps "labelled" is forbidden: User "herald" cannot get resource',
  });
  try {
    await assert.rejects(lookup(configMap), (error: unknown) => {
      const message = error instanceof Error ? error.message : '';
      assert.equal(
        message,
        'HTTP 403: configmaps "labelled" is forbidden: User "herald" cannot get resource',
      );
      return true;
    });
  } finally {
    denied.remove();
  }
});
