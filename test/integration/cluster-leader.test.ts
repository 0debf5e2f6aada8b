import { test } from 'node:test';
import { systemClock } from '../../src/clock/clock.js';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startClusterMode } from '../../src/cluster/cluster-mode.js';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { startTestApiServer } from '../apiserver/server.js';
import { makeTempDir } from '../apiserver/test-support.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { waitFor } from '../support/wait-for.js';

const CRDS = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(import.meta.dirname, '..', '..', 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);

test('with --enable-leader-election one replica leads; a graceful stop hands over at once', async () => {
  const api = await startTestApiServer({ namespaces: ['flux-system'], crdFiles: CRDS });
  const dir = await makeTempDir('herald-leader');
  const kubeconfig = join(dir.path, 'kubeconfig');
  await api.writeKubeconfig(kubeconfig);
  const start = async (pod: string): Promise<{ herald: RunningHerald; registry: Registry }> => {
    const registry = new Registry();
    const config = testConfig([
      `--kubeconfig=${kubeconfig}`,
      '--enable-leader-election',
      '--leader-election-lease-duration=3s',
      '--leader-election-renew-deadline=2s',
      '--leader-election-retry-period=200ms',
    ]);
    const logger = captureLogs().logger;
    const mode = startClusterMode({
      config: { ...config, podName: pod },
      logger,
      registry,
      clock: systemClock,
      source: { kind: 'kubeconfig', path: kubeconfig },
      env: {},
    });
    const herald = await startHerald({ config, logger, registry, clock: systemClock, mode });
    return { herald, registry };
  };
  const leads = async (replica: { registry: Registry }) =>
    /^herald_leader 1$/m.test(await replica.registry.metrics());
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
    const lease = api.get(
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
    await api.close();
    await dir.remove();
  }
});
