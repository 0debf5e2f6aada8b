import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningHerald } from '../../src/herald.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import { realApiServerSkipReason } from '../support/real-apiserver.js';
import { postedOccurrences } from '../support/kube-event-harness.js';
import { createEventWithKubectl } from '../support/kubectl-events.js';
import {
  assertNothingForbidden,
  REAL_SETUP_TIMEOUT_MS,
  startRealCluster,
  waitForReady,
  type Identity,
  type RealCluster,
} from '../support/real-cluster.js';
import { routingManifests } from '../support/routing-manifests.js';
import { waitFor } from '../support/wait-for.js';
import { seedEvent } from '../fixtures/seed-event.js';

function realClusterModeSuite(identity: Identity): void {
  describe(
    `cluster mode against a real kube-apiserver 1.20.2, as ${identity}`,
    { skip: realApiServerSkipReason() },
    () => {
      let cluster: RealCluster;
      let receiver: CaptureServer;
      let herald: RunningHerald;
      const logs = captureLogs('debug');

      const apply = (yaml: string) => cluster.kubectl.ok(['apply', '-f', '-'], yaml);
      const waitForAppsReady = (kind: string, name: string, status: string) =>
        waitForReady(cluster.kubectl, kind, name, 'apps', status);

      before(
        async () => {
          cluster = await startRealCluster(identity, ['apps']);
          receiver = await startCaptureServer();
          await apply(routingManifests(receiver.url));
          // As the ServiceAccount, flagged as config/'s Deployment runs it.
          const flags =
            identity === 'admin'
              ? ['--rate-limit-interval=0s']
              : ['--rate-limit-interval=0s', '--watch-all-namespaces', '--enable-leader-election'];
          ({ herald } = await startClusterHerald(cluster.heraldKubeconfig, logs.logger, flags));
        },
        { timeout: REAL_SETUP_TIMEOUT_MS },
      );
      after(async () => {
        await herald.stop();
        await receiver.close();
        await cluster.close();
      });

      test('the Alert and its Provider become Ready, with status written', async () => {
        assert.equal((await waitForAppsReady('provider', 'hook', 'True')).reason, 'Succeeded');
        assert.equal((await waitForAppsReady('alert', 'good', 'True')).message, 'Alert is ready');
        assert.equal(
          (await waitForAppsReady('alert', 'no-provider', 'False')).message,
          "Provider 'missing' not found",
        );
      });

      test('an event POSTed to Herald reaches the address from the Provider Secret', async () => {
        await waitForAppsReady('alert', 'good', 'True');
        const response = await post(`http://127.0.0.1:${herald.eventsPort}/`, {
          ...seedEvent(),
          message: 'delivered through a real API server',
        });
        assert.equal(response.status, 202);
        const delivery = await waitFor(
          () => receiver.requests.find((request) => request.path === '/from-secret'),
          'the delivery',
        );
        assert.match(delivery.body.toString(), /delivered through a real API server/);
      });

      test("a native Event reaches an Alert whose matchLabels select its Pod's labels", async () => {
        // No controller-manager: the namespace's default ServiceAccount is made by hand, and the
        // Pods (never scheduled) mount no token.
        await apply(`
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: apps}
---
apiVersion: v1
kind: Pod
metadata: {name: pod-web, namespace: apps, labels: {app: web}}
spec: {automountServiceAccountToken: false, containers: [{name: web, image: web}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pod-db, namespace: apps, labels: {app: db}}
spec: {automountServiceAccountToken: false, containers: [{name: db, image: db}]}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: labels, namespace: apps}
spec: {type: generic, address: "${receiver.url}/labels"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: web-pods, namespace: apps}
spec: {providerRef: {name: labels}, eventSources: [{kind: Pod, name: "*", matchLabels: {app: web}}]}
`);
        await waitForAppsReady('alert', 'web-pods', 'True');
        await createEventWithKubectl(cluster.kubectl, 'db', 'apps');
        await createEventWithKubectl(cluster.kubectl, 'web', 'apps');
        await waitFor(
          () => receiver.requests.some((request) => request.path === '/labels'),
          'the Event on pod-web',
        );
        assert.deepEqual(
          postedOccurrences({
            requests: receiver.requests.filter((request) => request.path === '/labels'),
          }),
          ['web#1'],
        );
      });

      test('no request Herald made was forbidden', { skip: identity === 'admin' }, async () => {
        await assertNothingForbidden(cluster.fixture);
      });
    },
  );
}

realClusterModeSuite('admin');
realClusterModeSuite('service-account');
