import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningHerald } from '../../src/herald.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { captureLogs } from '../support/log-capture.js';
import { metricValue } from '../support/metric-value.js';
import { startClusterHerald } from '../support/mode-harness.js';
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

/** A kube-apiserver restart, and Herald's reconnect backoff after it, on a busy machine. */
const RECOVERY_TIMEOUT_MS = 120_000;

/**
 * Faults only a real server has: kube-apiserver restarted under a running Herald (etcd kept),
 * and etcd compacted past the resourceVersion Herald's checkpoint resumes from, so the resume
 * gets a real 410 Gone. Herald runs as the ServiceAccount with config/'s RBAC.
 */
describe(
  'a real kube-apiserver restarted and etcd compacted under Herald, as the ServiceAccount',
  { skip: realApiServerSkipReason() },
  () => {
    let cluster: RealCluster;
    let receiver: CaptureServer;
    let herald: RunningHerald;
    let logs: ReturnType<typeof captureLogs>;
    let events: KubectlOccurrences;

    const startWatching = async () => {
      logs = captureLogs('debug');
      ({ herald } = await startClusterHerald(cluster.heraldKubeconfig, logs.logger, [
        '--rate-limit-interval=0s',
      ]));
      await waitFor(
        () => logs.lines().some((line) => line.msg === 'Started watching Kubernetes Events'),
        'the native Event watch',
        RECOVERY_TIMEOUT_MS,
      );
    };
    const watchRestarts = (reason?: string) =>
      metricValue(
        herald.registry,
        'herald_kube_events_watch_restarts_total',
        reason === undefined ? {} : { reason },
      );

    before(
      async () => {
        cluster = await startRealCluster('service-account', ['apps', 'late']);
        receiver = await startCaptureServer();
        events = new KubectlOccurrences(cluster.kubectl, receiver, RECOVERY_TIMEOUT_MS);
        await cluster.kubectl.ok(['apply', '-f', '-'], podAlertManifests('apps', receiver.url));
        await startWatching();
        await waitForReady(cluster.kubectl, 'alert', 'pods', 'apps', 'True');
      },
      { timeout: REAL_SETUP_TIMEOUT_MS },
    );
    after(async () => {
      await herald.stop();
      await receiver.close();
      await cluster.close();
    });

    test('kube-apiserver restarted: informers and the Event watch resume, nothing is posted twice', async () => {
      await events.occur('r1', 'apps');
      await events.occur('r2', 'apps');
      await events.waitForPosted(['r1#1', 'r2#1']);

      await cluster.fixture.restartApiServer();
      // Informers resumed: an Alert and Provider made after the restart are seen and reconciled.
      await cluster.kubectl.ok(['apply', '-f', '-'], podAlertManifests('late', receiver.url));
      await waitForReady(cluster.kubectl, 'alert', 'pods', 'late', 'True');
      await events.occur('r3', 'apps');
      await events.occur('r1', 'apps', 2);
      await events.occur('l1', 'late');
      await events.waitForPosted(['r3#1', 'r1#2', 'l1#1']);
      events.assertEachPostedOnce();
      assert.ok((await watchRestarts()) > 0, 'the restart did not end the Event watch');
    });

    test('etcd compacted while Herald is stopped: its resume gets a real 410 and lists again, losing and repeating nothing', async () => {
      await herald.stop();
      assert.ok(
        logs
          .lines()
          .some((line) => line.msg === 'Stopped watching Kubernetes Events; checkpoint written'),
      );
      const resumeFrom = Number(await checkpointedResourceVersion(cluster.kubectl));
      await events.occur('k1', 'apps');
      await events.occur('r2', 'apps', 2);
      const compactedAt = await cluster.fixture.compactEtcd();
      assert.ok(
        compactedAt > resumeFrom,
        `compacted at ${compactedAt}, resuming from ${resumeFrom}`,
      );

      await startWatching();
      await events.waitForPosted(['k1#1', 'r2#2']);
      assert.ok((await watchRestarts('expired')) >= 1, 'no 410 on the resumed Event watch');
      await events.occur('k2', 'apps');
      await events.waitForPosted(['k2#1']);
      events.assertEachPostedOnce();
    });

    test('no request Herald made was forbidden by config/rbac', async () => {
      await assertNothingForbidden(cluster.fixture);
    });
  },
);
