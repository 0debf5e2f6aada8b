import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findKubectl, Kubectl, makeTempDir } from '../apiserver/test-support.js';
import { startRealKubeFixture, type AuditEvent, type RealKubeFixture } from './real-apiserver.js';
import { CRD_FILES } from './kube-fixture.js';
import { waitFor } from './wait-for.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Starting etcd and kube-apiserver, and the CRDs becoming Established, on a busy machine. */
export const REAL_SETUP_TIMEOUT_MS = 180_000;

export const SERVICE_ACCOUNT_USER = 'system:serviceaccount:flux-system:notification-controller';

/**
 * Who Herald runs as: the admin token (system:masters), or the ServiceAccount with exactly the
 * RBAC that `kubectl kustomize config/default` installs, as its Deployment runs.
 */
export type Identity = 'admin' | 'service-account';

/** A real kube-apiserver with Herald's CRDs, and what Herald needs to run against it. */
export interface RealCluster {
  fixture: RealKubeFixture;
  /** kubectl as admin. */
  kubectl: Kubectl;
  /** A kubeconfig with the identity's token. */
  heraldKubeconfig: string;
  /** A scratch folder, removed on close. */
  dir: string;
  close(): Promise<void>;
}

/** The real server with the CRDs, or all of config/default (CRDs, ServiceAccount and RBAC). */
export async function startRealCluster(
  identity: Identity,
  namespaces: readonly string[] = [],
): Promise<RealCluster> {
  const fixture = await startRealKubeFixture(namespaces);
  const dir = await makeTempDir('herald-real-cluster');
  const close = async () => {
    await fixture.close();
    await dir.remove();
  };
  try {
    const kubectl = new Kubectl(findKubectl(), fixture.kubeconfig, dir.path);
    // 1.20 knows no `x-kubernetes-validations` (CEL rules came in 1.23; Flux's Provider CRD
    // has one): kubectl's schema check would refuse the CRD, and the server drops the field.
    const noClientValidation = '--validate=false';
    if (identity === 'admin') {
      for (const crd of CRD_FILES) await kubectl.ok(['apply', noClientValidation, '-f', crd]);
    } else {
      // The CRDs, ServiceAccount, Roles and bindings (and a Deployment nothing runs).
      await kubectl.ok(['apply', noClientValidation, '-k', join(ROOT, 'config', 'default')]);
    }
    await kubectl.ok([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/alerts.notification.toolkit.fluxcd.io',
      'crd/providers.notification.toolkit.fluxcd.io',
    ]);
    let heraldKubeconfig = fixture.kubeconfig;
    if (identity === 'service-account') {
      const token = (
        await kubectl.ok(['create', 'token', 'notification-controller', '-n', 'flux-system'])
      ).trim();
      heraldKubeconfig = join(dir.path, 'service-account-kubeconfig');
      await fixture.writeKubeconfig(heraldKubeconfig, token);
    }
    return { fixture, kubectl, heraldKubeconfig, dir: dir.path, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A 403 as the rule config/rbac lacks, e.g. `[list] on apps/deployments in flux-system`. */
function missingRule(event: AuditEvent): string {
  const ref = event.objectRef ?? {};
  const resource = [ref.resource, ref.subresource].filter(Boolean).join('/');
  const where = ref.namespace ? `in ${ref.namespace}` : 'cluster-wide';
  return `[${event.verb}] on ${ref.apiGroup || 'core'}/${resource} ${where} (${event.requestURI})`;
}

/** Whether kube-apiserver was (re)starting, not yet answering /readyz, when `event` came in. */
function whileStarting(fixture: RealKubeFixture, event: AuditEvent): boolean {
  const at = new Date(event.requestReceivedTimestamp).getTime();
  return fixture
    .startingWindows()
    .some(({ from, to }) => at >= from.getTime() && (to === undefined || at <= to.getTime()));
}

/**
 * The rules config/rbac lacks for what the ServiceAccount asked so far: one per 403 in the audit
 * log. A 403 while kube-apiserver was starting is left out: until /readyz answers, its RBAC
 * authorizer may not have loaded the bindings yet and refuses what they allow. Throws when the
 * log has no request from the ServiceAccount at all (an empty list must mean allowed, not
 * unseen).
 */
async function forbiddenServiceAccountRules(fixture: RealKubeFixture): Promise<string[]> {
  const requests = (await fixture.auditEvents()).filter(
    (event) => event.user.username === SERVICE_ACCOUNT_USER,
  );
  if (requests.length === 0) throw new Error('no request from the ServiceAccount in the audit log');
  const forbidden = requests.filter(
    (event) => event.responseStatus?.code === 403 && !whileStarting(fixture, event),
  );
  return [...new Set(forbidden.map(missingRule))];
}

/** Fails naming each rule config/rbac lacks for what the ServiceAccount asked so far. */
export async function assertNothingForbidden(fixture: RealKubeFixture): Promise<void> {
  assert.deepEqual(
    await forbiddenServiceAccountRules(fixture),
    [],
    'config/rbac lacks these rules',
  );
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Waits for an Alert's or Provider's Ready condition to have `status`, and returns it. */
export function waitForReady(
  kubectl: Kubectl,
  kind: string,
  name: string,
  namespace: string,
  status: string,
): Promise<Condition> {
  return waitFor(async () => {
    const object = JSON.parse(
      await kubectl.ok(['get', kind, name, '-n', namespace, '-o', 'json']),
    ) as { status?: { conditions?: Condition[] } };
    const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
    return ready?.status === status ? ready : undefined;
  }, `${kind}/${name} Ready=${status}`);
}

/** A generic Provider posting to `address` and an Alert on every Pod's Events, in `namespace`. */
export function podAlertManifests(namespace: string, address: string): string {
  return `
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: ${namespace}}
spec: {type: generic, address: "${address}"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: pods, namespace: ${namespace}}
spec: {providerRef: {name: hook}, eventSources: [{kind: Pod, name: "*"}]}
`;
}
