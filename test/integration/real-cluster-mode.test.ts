import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { systemClock } from '../../src/clock/clock.js';
import { startClusterMode, type ClusterMode } from '../../src/cluster/cluster-mode.js';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { findKubectl, Kubectl, makeTempDir } from '../apiserver/test-support.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import {
  type AuditEvent,
  realApiServerSkipReason,
  startRealKubeFixture,
  type RealKubeFixture,
} from '../support/real-apiserver.js';
import { waitFor } from '../support/wait-for.js';
import { seedEvent } from '../fixtures/seed-event.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CRDS = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(ROOT, 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);
/** Starting etcd and kube-apiserver, and the CRDs becoming Established, on a busy machine. */
const SETUP_TIMEOUT_MS = 180_000;

const SERVICE_ACCOUNT_USER = 'system:serviceaccount:flux-system:notification-controller';

/**
 * Who Herald runs as: the admin token (system:masters), or the ServiceAccount with exactly the
 * RBAC that `kubectl kustomize config/default` installs, flagged and named as its Deployment is.
 */
type Identity = 'admin' | 'service-account';

/** A 403 as the rule config/rbac lacks, e.g. `[list] on apps/deployments in flux-system`. */
function missingRule(event: AuditEvent): string {
  const ref = event.objectRef ?? {};
  const resource = [ref.resource, ref.subresource].filter(Boolean).join('/');
  const where = ref.namespace ? `in ${ref.namespace}` : 'cluster-wide';
  return `[${event.verb}] on ${ref.apiGroup || 'core'}/${resource} ${where} (${event.requestURI})`;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function realClusterModeSuite(identity: Identity): void {
  describe(
    `cluster mode against a real kube-apiserver 1.20.2, as ${identity}`,
    { skip: realApiServerSkipReason() },
    () => {
      let fixture: RealKubeFixture;
      let kubectl: Kubectl;
      let receiver: CaptureServer;
      let herald: RunningHerald;
      let cluster: ClusterMode;
      let removeDir: () => Promise<void>;
      const logs = captureLogs('debug');

      const apply = (yaml: string) => kubectl.ok(['apply', '-f', '-'], yaml);
      const readyCondition = async (kind: string, name: string) => {
        const object = JSON.parse(
          await kubectl.ok(['get', kind, name, '-n', 'apps', '-o', 'json']),
        ) as { status?: { conditions?: Condition[] } };
        return object.status?.conditions?.find((c) => c.type === 'Ready');
      };
      const waitForReady = (kind: string, name: string, status: string) =>
        waitFor(async () => {
          const condition = await readyCondition(kind, name);
          return condition?.status === status ? condition : undefined;
        }, `${kind}/${name} Ready=${status}`);

      before(
        async () => {
          fixture = await startRealKubeFixture(['apps']);
          const dir = await makeTempDir('herald-real-cluster');
          removeDir = dir.remove;
          kubectl = new Kubectl(findKubectl(), fixture.kubeconfig, dir.path);
          if (identity === 'admin') {
            for (const crd of CRDS) await kubectl.ok(['apply', '-f', crd]);
          } else {
            // The CRDs, ServiceAccount, Roles and bindings (and a Deployment nothing runs).
            await kubectl.ok(['apply', '-k', join(ROOT, 'config', 'default')]);
          }
          await kubectl.ok([
            'wait',
            '--for=condition=Established',
            '--timeout=60s',
            'crd/alerts.notification.toolkit.fluxcd.io',
            'crd/providers.notification.toolkit.fluxcd.io',
            'crd/receivers.notification.toolkit.fluxcd.io',
          ]);
          receiver = await startCaptureServer();
          await apply(`
apiVersion: v1
kind: Secret
metadata: {name: webhook, namespace: apps}
stringData: {address: "${receiver.url}/from-secret"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, secretRef: {name: webhook}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: good, namespace: apps}
spec: {providerRef: {name: hook}, eventSources: [{kind: Kustomization, name: "*"}]}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: no-provider, namespace: apps}
spec: {providerRef: {name: missing}, eventSources: [{kind: Kustomization, name: "*"}]}
`);
          let heraldKubeconfig = fixture.kubeconfig;
          let config = testConfig([`--kubeconfig=${heraldKubeconfig}`, '--rate-limit-interval=0s']);
          if (identity === 'service-account') {
            const token = (
              await kubectl.ok(['create', 'token', 'notification-controller', '-n', 'flux-system'])
            ).trim();
            heraldKubeconfig = join(dir.path, 'service-account-kubeconfig');
            await fixture.writeKubeconfig(heraldKubeconfig, token);
            config = testConfig(
              [
                `--kubeconfig=${heraldKubeconfig}`,
                '--rate-limit-interval=0s',
                '--watch-all-namespaces',
                '--enable-leader-election',
              ],
              { RUNTIME_NAMESPACE: 'flux-system', POD_NAME: 'herald-real-test' },
            );
          }
          const registry = new Registry();
          cluster = startClusterMode({
            config,
            logger: logs.logger,
            registry,
            clock: systemClock,
            source: { kind: 'kubeconfig', path: heraldKubeconfig },
            env: {},
          });
          herald = await startHerald({
            config,
            clock: systemClock,
            logger: logs.logger,
            registry,
            mode: cluster,
          });
          await waitFor(() => cluster.health.ready(), 'caches to sync');
        },
        { timeout: SETUP_TIMEOUT_MS },
      );
      after(async () => {
        await herald.stop();
        await receiver.close();
        await fixture.close();
        await removeDir();
      });

      test('the Alert and its Provider become Ready, with status written', async () => {
        assert.equal((await waitForReady('provider', 'hook', 'True')).reason, 'Succeeded');
        assert.equal((await waitForReady('alert', 'good', 'True')).message, 'Alert is ready');
        assert.equal(
          (await waitForReady('alert', 'no-provider', 'False')).message,
          "Provider 'missing' not found",
        );
      });

      test('an event POSTed to Herald reaches the address from the Provider Secret', async () => {
        await waitForReady('alert', 'good', 'True');
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

      test('no request Herald made was forbidden', { skip: identity === 'admin' }, async () => {
        const forbidden = (await fixture.auditEvents()).filter(
          (event) =>
            event.user.username === SERVICE_ACCOUNT_USER && event.responseStatus?.code === 403,
        );
        assert.deepEqual(
          [...new Set(forbidden.map(missingRule))],
          [],
          'config/rbac lacks these rules',
        );
        // The audit log does record Herald: an empty list means allowed, not unseen.
        assert.ok(
          (await fixture.auditEvents()).some(
            (event) => event.user.username === SERVICE_ACCOUNT_USER,
          ),
          'no request from the ServiceAccount in the audit log',
        );
      });
    },
  );
}

realClusterModeSuite('admin');
realClusterModeSuite('service-account');
