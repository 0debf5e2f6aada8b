import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectKubeClient } from '../../src/kube/kube-client.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { createManualClock } from '../support/manual-clock.js';

describe('--kube-api-qps and --kube-api-burst in the Kubernetes client', () => {
  let kube: KubeFixture;
  before(async () => {
    kube = await startKubeFixture();
  });
  after(() => kube.close());

  test("lists, watches and typed calls wait their turn until an answer shows the server's APF", async () => {
    const clock = createManualClock();
    const client = connectKubeClient(
      { kind: 'kubeconfig', path: kube.kubeconfig },
      { env: {} },
      { rateLimit: { qps: 1, burst: 1, clock } },
    );
    const signal = AbortSignal.timeout(10_000);
    await client.listWatch.list('/api/v1/namespaces', {}, signal);
    let second = false;
    const listed = client.listWatch.list('/api/v1/namespaces', {}, signal).then(() => {
      second = true;
    });
    await clock.tick(0);
    assert.deepEqual(clock.sleeps, [1000], 'the second list waits for a token');
    assert.equal(second, false);
    await clock.tick(1000);
    await listed;

    // The test API server answers with APF's headers, as kube-apiserver does: from then on
    // nothing waits, as Flux's client never throttles a server with APF.
    const typed = client.core.listNamespace();
    await clock.tick(1000);
    await typed;
    const waits = clock.sleeps.length;
    await Promise.all([
      ...Array.from({ length: 5 }, () => client.core.listNamespace()),
      ...Array.from({ length: 5 }, () => client.listWatch.list('/api/v1/namespaces', {}, signal)),
    ]);
    assert.equal(clock.sleeps.length, waits, 'no wait after APF was seen');
  });
});
