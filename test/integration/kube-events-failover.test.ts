import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTempDir } from '../apiserver/test-support.js';
import { startCaptureServer } from '../support/capture-server.js';
import {
  leads,
  LOOPBACK_FLAGS,
  waitForMetric,
  spawnHerald,
  type HeraldProcess,
} from '../support/herald-process.js';
import { bumpEvent, createEvent, postedOccurrences, tally } from '../support/kube-event-harness.js';
import { startKubeFixture } from '../support/kube-fixture.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Native Events, checkpoints and leader failover end to end: two real Herald processes with Lease election ingest native Events;
 * the leader is SIGKILLed once its checkpoint is written, Events keep coming while nobody
 * leads, the other takes over (through a cut watch and a 410), the first comes back and takes
 * over again in a graceful handoff. Every occurrence, count bumps included, reaches the webhook
 * exactly once.
 */
test('native Events across a SIGKILLed leader, failover and restart: each occurrence exactly once', async () => {
  const kube = await startKubeFixture();
  const { api, kubeconfig } = kube;
  const receiver = await startCaptureServer();
  const home = await makeTempDir('herald-failover');
  api.create({
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: { name: 'hook', namespace: 'default' },
    spec: { type: 'generic', address: `${receiver.url}/hook` },
  });
  api.create({
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Alert',
    metadata: { name: 'pods', namespace: 'default' },
    spec: { providerRef: { name: 'hook' }, eventSources: [{ kind: 'Pod', name: '*' }] },
  });

  const replicas: HeraldProcess[] = [];
  const start = (pod: string): HeraldProcess => {
    const herald = spawnHerald(
      [
        `--kubeconfig=${kubeconfig}`,
        ...LOOPBACK_FLAGS,
        '--enable-leader-election',
        '--leader-election-lease-duration=3s',
        '--leader-election-renew-deadline=2s',
        '--leader-election-retry-period=200ms',
        // Shorter than the spacing of the test's occurrences: each one is a notification.
        '--rate-limit-interval=0s',
      ],
      { POD_NAME: pod, RUNTIME_NAMESPACE: 'flux-system', HOME: home.path },
    );
    replicas.push(herald);
    return herald;
  };
  const delivered = () => postedOccurrences(receiver);
  const waitForDelivered = (expected: string[]) =>
    waitFor(
      () => expected.every((occurrence) => delivered().includes(occurrence)),
      `delivery of ${expected.join(', ')}`,
      60_000,
    );
  const lease = () =>
    (
      api.get(
        'coordination.k8s.io/v1',
        'Lease',
        'notification-controller-leader-election',
        'flux-system',
      ) as { spec?: { holderIdentity?: string } } | undefined
    )?.spec?.holderIdentity;

  try {
    const a = start('herald-a');
    await waitFor(() => lease() === 'herald-a', 'herald-a to lead', 60_000);
    const b = start('herald-b');
    await b.waitForLog((line) => line.msg === 'Caches synced', 60_000);
    assert.ok(await leads(a));
    assert.ok(!(await leads(b)));
    // Events that happen after the first start (the retained backlog is not replayed).
    await waitFor(
      () => a.logs.some((line) => line.msg === 'Started watching Kubernetes Events'),
      'the watch',
      60_000,
    );
    createEvent(api, 'e1');
    createEvent(api, 'e2');
    await waitForDelivered(['e1#1', 'e2#1']);
    await bumpEvent(api, 'e1', 2);
    await waitForDelivered(['e1#2']);

    // Hard stop once the checkpoint holds everything delivered: no release, no final write.
    await waitForMetric(a, /^herald_kube_events_checkpoint_age_seconds 0$/m);
    a.child.kill('SIGKILL');
    await a.exited;
    createEvent(api, 'e3');
    await bumpEvent(api, 'e2', 2);
    await waitFor(
      () => lease() === 'herald-b',
      'herald-b to take over after the Lease expired',
      60_000,
    );
    await waitForDelivered(['e3#1', 'e2#2']);

    // A cut watch and an expired resourceVersion (410) while herald-b leads.
    api.faults.cutWatches({ mode: 'reset' });
    api.faults.expireResourceVersions();
    createEvent(api, 'e4');
    await bumpEvent(api, 'e3', 2);
    await waitForDelivered(['e4#1', 'e3#2']);

    const restarted = start('herald-a');
    await restarted.waitForLog((line) => line.msg === 'Caches synced', 60_000);
    // A graceful handoff: herald-b writes its checkpoint and releases the Lease.
    b.child.kill('SIGTERM');
    assert.equal(await b.exited, 0);
    await waitFor(() => lease() === 'herald-a', 'the restarted herald-a to lead', 60_000);
    createEvent(api, 'e5');
    await bumpEvent(api, 'e1', 3);
    await waitForDelivered(['e5#1', 'e1#3']);

    const counts = tally(delivered());
    assert.deepEqual(
      [...counts].filter(([, count]) => count !== 1),
      [],
      `every occurrence once: ${JSON.stringify([...counts])}`,
    );
    assert.deepEqual([...counts.keys()].sort(), [
      'e1#1',
      'e1#2',
      'e1#3',
      'e2#1',
      'e2#2',
      'e3#1',
      'e3#2',
      'e4#1',
      'e5#1',
    ]);
  } finally {
    for (const herald of replicas) herald.child.kill('SIGTERM');
    await Promise.all(replicas.map((herald) => herald.exited));
    await receiver.close();
    await kube.close();
    await home.remove();
  }
});
