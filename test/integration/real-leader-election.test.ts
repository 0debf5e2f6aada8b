import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeClient } from '../../src/kube/kube-client.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import {
  leads,
  LOOPBACK_FLAGS,
  spawnHerald,
  waitForMetric,
  type HeraldProcess,
} from '../support/herald-process.js';
import { realApiServerSkipReason } from '../support/real-apiserver.js';
import { checkpointedResourceVersion, KubectlOccurrences } from '../support/kubectl-events.js';
import {
  assertNothingForbidden,
  podAlertManifests,
  REAL_SETUP_TIMEOUT_MS,
  startRealCluster,
  waitForReady,
  type RealCluster,
} from '../support/real-cluster.js';
import { waitFor } from '../support/wait-for.js';

const LEASE = 'notification-controller-leader-election';
/** Process start (tsx compiles the sources), Lease expiry and takeover, on a busy machine. */
const PROCESS_TIMEOUT_MS = 90_000;

/**
 * Two Herald processes with the ServiceAccount's token and config/'s RBAC, on one Lease of a real
 * kube-apiserver: one leads and ingests native Events; a graceful stop hands over at once; a
 * SIGKILLed leader's Lease expires before the other takes over. Every occurrence reaches the
 * receiver once.
 */
describe(
  'leader election and native Events against a real kube-apiserver, as the ServiceAccount',
  { skip: realApiServerSkipReason() },
  () => {
    let cluster: RealCluster;
    let admin: KubeClient;
    let receiver: CaptureServer;
    const replicas: HeraldProcess[] = [];
    let events: KubectlOccurrences;

    const start = (pod: string): HeraldProcess => {
      const herald = spawnHerald(
        [
          `--kubeconfig=${cluster.heraldKubeconfig}`,
          ...LOOPBACK_FLAGS,
          '--enable-leader-election',
          // Short enough to wait for; long enough that a busy machine renews in time.
          '--leader-election-lease-duration=8s',
          '--leader-election-renew-deadline=6s',
          '--leader-election-retry-period=1s',
          '--rate-limit-interval=0s',
        ],
        { POD_NAME: pod, RUNTIME_NAMESPACE: 'flux-system', HOME: cluster.dir },
      );
      replicas.push(herald);
      return herald;
    };
    const holder = async () => {
      try {
        const lease = await admin.coordination.readNamespacedLease({
          name: LEASE,
          namespace: 'flux-system',
        });
        return lease.spec?.holderIdentity;
      } catch {
        return undefined; // not created yet
      }
    };
    const waitForHolder = (pod: string, why: string) =>
      waitFor(async () => (await holder()) === pod, why, PROCESS_TIMEOUT_MS);
    const occur = (name: string, count = 1) => events.occur(name, 'apps', count);

    let first: HeraldProcess;
    let second: HeraldProcess;

    before(
      async () => {
        cluster = await startRealCluster('service-account', ['apps']);
        admin = cluster.fixture.client();
        receiver = await startCaptureServer();
        events = new KubectlOccurrences(cluster.kubectl, receiver, PROCESS_TIMEOUT_MS);
        await cluster.kubectl.ok(['apply', '-f', '-'], podAlertManifests('apps', receiver.url));
      },
      { timeout: REAL_SETUP_TIMEOUT_MS },
    );
    after(async () => {
      for (const herald of replicas) herald.child.kill('SIGTERM');
      await Promise.all(replicas.map((herald) => herald.exited));
      await receiver.close();
      await cluster.close();
    });

    test('one replica takes the Lease and leads; the other follows', async () => {
      first = start('herald-a');
      await waitForHolder('herald-a', 'herald-a to take the Lease');
      second = start('herald-b');
      await second.waitForLog((line) => line.msg === 'Caches synced', PROCESS_TIMEOUT_MS);
      assert.ok(await leads(first));
      assert.ok(!(await leads(second)));
      // Only the leader writes status.
      await waitForReady(cluster.kubectl, 'alert', 'pods', 'apps', 'True');
    });

    test('a core/v1 Event created with kubectl is posted once; the checkpoint is written', async () => {
      await first.waitForLog(
        (line) => line.msg === 'Started watching Kubernetes Events',
        PROCESS_TIMEOUT_MS,
      );
      await occur('e1');
      await events.waitForPosted(['e1#1']);
      await occur('e1', 2);
      await events.waitForPosted(['e1#2']);
      await waitFor(
        () => checkpointedResourceVersion(cluster.kubectl),
        'the checkpoint ConfigMap in flux-system',
      );
      events.assertEachPostedOnce();
    });

    test('a leader that stops releases the Lease; the follower takes over', async () => {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
      await waitForHolder('herald-b', 'herald-b to take the released Lease');
      await waitFor(() => leads(second), 'herald-b to lead');
      await occur('e2');
      await events.waitForPosted(['e2#1']);
      events.assertEachPostedOnce();
    });

    test("a SIGKILLed leader's Lease expires; a restarted replica takes over and misses nothing", async () => {
      const restarted = start('herald-a');
      await restarted.waitForLog((line) => line.msg === 'Caches synced', PROCESS_TIMEOUT_MS);
      // Killed once its checkpoint holds all it handled: no release, no final write.
      await waitForMetric(second, /^herald_kube_events_checkpoint_age_seconds 0$/m);
      second.child.kill('SIGKILL');
      await second.exited;
      // While nobody leads: these wait in the API server for the next leader.
      await occur('e3');
      await occur('e2', 2);
      await waitForHolder('herald-a', 'herald-a to take the Lease once it expired');
      await events.waitForPosted(['e3#1', 'e2#2']);
      await occur('e4');
      await events.waitForPosted(['e4#1']);
      events.assertEachPostedOnce();
    });

    test('no request Herald made was forbidden by config/rbac', async () => {
      await assertNothingForbidden(cluster.fixture);
    });
  },
);
