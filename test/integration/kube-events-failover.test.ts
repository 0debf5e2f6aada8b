import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestApiServer } from '../apiserver/server.js';
import { makeTempDir } from '../apiserver/test-support.js';
import { startCaptureServer } from '../support/capture-server.js';
import { spawnHerald, type HeraldProcess } from '../support/herald-process.js';
import { bumpEvent, createEvent, tally } from '../support/kube-event-harness.js';
import { waitFor } from '../support/wait-for.js';

const CRDS = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(import.meta.dirname, '..', '..', 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);

/**
 * Native Events, checkpoints and leader failover end to end: two real Herald processes with Lease election ingest native Events;
 * the leader is SIGKILLed once its checkpoint is written, Events keep coming while nobody
 * leads, the other takes over (through a cut watch and a 410), the first comes back and takes
 * over again in a graceful handoff. Every occurrence, count bumps included, reaches the webhook
 * exactly once.
 */
test('native Events across a SIGKILLed leader, failover and restart: each occurrence exactly once', async () => {
  const api = await startTestApiServer({ namespaces: ['flux-system'], crdFiles: CRDS });
  const receiver = await startCaptureServer();
  const dir = await makeTempDir('herald-failover');
  const kubeconfig = join(dir.path, 'kubeconfig');
  await api.writeKubeconfig(kubeconfig);
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
        '--events-addr=127.0.0.1:0',
        '--metrics-addr=127.0.0.1:0',
        '--health-addr=127.0.0.1:0',
        '--receiverAddr=127.0.0.1:0',
        '--enable-leader-election',
        '--leader-election-lease-duration=3s',
        '--leader-election-renew-deadline=2s',
        '--leader-election-retry-period=200ms',
        // Shorter than the spacing of the test's occurrences: each one is a notification.
        '--rate-limit-interval=0s',
      ],
      { POD_NAME: pod, RUNTIME_NAMESPACE: 'flux-system', HOME: dir.path },
    );
    replicas.push(herald);
    return herald;
  };
  const metricsOf = async (herald: HeraldProcess): Promise<string> => {
    const started = await herald.waitForLog((line) => line.msg === 'Started servers');
    return (await fetch(`http://${String(started.metrics)}/metrics`)).text();
  };
  const leads = async (herald: HeraldProcess) => /^herald_leader 1$/m.test(await metricsOf(herald));
  const delivered = () =>
    receiver.requests.map((request) => {
      const body = JSON.parse(request.body.toString()) as { metadata?: Record<string, string> };
      return `${body.metadata?.name ?? '?'}#${body.metadata?.count ?? '?'}`;
    });
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
    await api.close();
    await dir.remove();
  }

  async function waitForMetric(herald: HeraldProcess, pattern: RegExp): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(await metricsOf(herald))) {
      if (Date.now() > deadline) throw new Error(`metric ${String(pattern)} not seen`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
