import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningHerald } from '../../src/herald.js';
import { startKubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import { waitFor } from '../support/wait-for.js';

test('with --enable-leader-election one replica leads; a graceful stop hands over at once', async () => {
  const kube = await startKubeFixture();
  const start = (pod: string) =>
    startClusterHerald(
      kube.kubeconfig,
      captureLogs().logger,
      [
        '--enable-leader-election',
        '--leader-election-lease-duration=3s',
        '--leader-election-renew-deadline=2s',
        '--leader-election-retry-period=200ms',
      ],
      { env: { POD_NAME: pod }, waitForCaches: false },
    );
  const leads = async (replica: { herald: RunningHerald }) =>
    /^herald_leader 1$/m.test(await replica.herald.registry.metrics());
  const a = await start('herald-a');
  const b = await start('herald-b');
  let leaders: boolean[] = [];
  const polling = new AbortController();
  const poller = (async () => {
    // Reads both replicas' gauges in the background for the waits below.
    while (!polling.signal.aborted) {
      leaders = [await leads(a), await leads(b)];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    await waitFor(() => leaders.filter(Boolean).length === 1, 'exactly one leader', 30_000);
    const [leader, follower] = leaders[0] === true ? [a, b] : [b, a];
    const lease = kube.api.get(
      'coordination.k8s.io/v1',
      'Lease',
      'notification-controller-leader-election',
      'flux-system',
    ) as { spec?: { holderIdentity?: string } } | undefined;
    assert.equal(lease?.spec?.holderIdentity, leader === a ? 'herald-a' : 'herald-b');
    await leader.herald.stop();
    // Within a few retry periods, well before the 3 s lease could expire on its own.
    await waitFor(
      () => leaders[follower === a ? 0 : 1] === true,
      'the follower to take over',
      30_000,
    );
  } finally {
    polling.abort();
    await poller;
    await Promise.allSettled([a.herald.stop(), b.herald.stop()]);
    await kube.close();
  }
});
