import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  V1ClusterRoleBinding,
  V1Container,
  V1Deployment,
  V1PolicyRule,
  V1RoleBinding,
  V1Service,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { Alert } from '../../src/api/alert.js';
import { customResourceDefinitions } from '../../src/api/crd-definitions.js';
import type { Provider } from '../../src/api/provider.js';
import { evaluateReadiness } from '../../src/api/readiness/readiness.js';
import type { Secret } from '../../src/api/secret.js';
import { formatProblem } from '../../src/api/validation/field-problem.js';
import { validateObject } from '../../src/api/validation/manifest-validator.js';
import { parseFlags } from '../../src/config/flags.js';
import { kubeModelProblems } from '../support/kube-model-validator.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NAMESPACE = 'flux-system';
const SERVICE_ACCOUNT = 'notification-controller';

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** `kubectl kustomize FOLDER`, parsed: what `kubectl apply -k FOLDER` would send. */
function build(folder: string): KubeObject[] {
  const kubectl = spawnSync('kubectl', ['kustomize', join(ROOT, folder)], { encoding: 'utf8' });
  assert.ok(
    kubectl.error === undefined,
    `kubectl is needed to build ${folder} (kubectl >= 1.27, with kustomize v5): ${String(kubectl.error)}`,
  );
  assert.equal(kubectl.status, 0, `kubectl kustomize ${folder} failed: ${kubectl.stderr}`);
  return parseAllDocuments(kubectl.stdout).map((doc) => {
    assert.deepEqual(doc.errors, [], `kubectl kustomize ${folder} printed invalid YAML`);
    return doc.toJS() as KubeObject;
  });
}

const installed = build('config/default');
const samples = build('config/samples');

function idOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

/** The one object of this kind and name; the caller names its type. */
function find(objects: readonly KubeObject[], kind: string, name: string): unknown {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  assert.equal(found.length, 1, `expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

function defined<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is not set`);
  return value;
}

describe('config/default', () => {
  test('installs the objects of a drop-in notification-controller, and no Namespace', () => {
    assert.deepEqual(installed.map(idOf).sort(), [
      'ClusterRole herald-controller',
      'ClusterRole herald-involved-objects',
      'ClusterRole herald-receiver-targets',
      'ClusterRoleBinding herald-controller',
      'ClusterRoleBinding herald-involved-objects',
      'ClusterRoleBinding herald-receiver-targets',
      'CustomResourceDefinition alerts.notification.toolkit.fluxcd.io',
      'CustomResourceDefinition providers.notification.toolkit.fluxcd.io',
      'CustomResourceDefinition receivers.notification.toolkit.fluxcd.io',
      'Deployment flux-system/notification-controller',
      'Role flux-system/herald-controller',
      'RoleBinding flux-system/herald-controller',
      'Service flux-system/notification-controller',
      'Service flux-system/webhook-receiver',
      'ServiceAccount flux-system/notification-controller',
    ]);
  });

  test('every object is valid for its Kubernetes API, with no unknown field', () => {
    for (const object of installed) {
      assert.deepEqual(kubeModelProblems(object), [], idOf(object));
    }
  });

  test('the CRDs are the ones generated from src/api', () => {
    for (const expected of customResourceDefinitions()) {
      const crd = find(installed, expected.kind, expected.metadata.name) as typeof expected;
      assert.deepEqual(crd.spec, expected.spec, `${expected.metadata.name}: npm run generate:crds`);
    }
  });
});

describe('the Deployment', () => {
  const deployment = find(installed, 'Deployment', 'notification-controller') as V1Deployment;
  const spec = defined(deployment.spec, 'spec');
  const pod = defined(spec.template.spec, 'the pod spec');
  const [container, ...others] = pod.containers;
  const manager: V1Container = defined(container, 'a container');
  const portOf = (name: string) => manager.ports?.find((port) => port.name === name)?.containerPort;

  test("keeps the names that Flux's objects and an in-place apply rely on", () => {
    assert.deepEqual(spec.selector.matchLabels, { app: 'notification-controller' });
    assert.equal(spec.template.metadata?.labels?.app, 'notification-controller');
    assert.equal(pod.serviceAccountName, SERVICE_ACCOUNT);
    assert.equal(manager.name, 'manager');
    assert.equal(others.length, 0, 'one container');
    assert.deepEqual(
      manager.ports?.map(({ name, containerPort, protocol }) => [name, containerPort, protocol]),
      [
        ['http', 9090, 'TCP'],
        ['http-webhook', 9292, 'TCP'],
        ['http-prom', 8080, 'TCP'],
        ['healthz', 9440, 'TCP'],
      ],
    );
  });

  test("carries Flux's labels, on the pods too, so Flux's tools and dashboards find it", () => {
    const version = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const flux = {
      'app.kubernetes.io/part-of': 'flux',
      'app.kubernetes.io/instance': 'flux-system',
      'app.kubernetes.io/component': 'notification-controller',
      'app.kubernetes.io/version': version,
    };
    for (const [where, labels] of [
      ['the Deployment', deployment.metadata?.labels],
      ['its pods', spec.template.metadata?.labels],
      [
        'the Service',
        (find(installed, 'Service', 'notification-controller') as V1Service).metadata?.labels,
      ],
    ] as const) {
      for (const [key, value] of Object.entries(flux))
        assert.equal(labels?.[key], value, `${where}: ${key}`);
    }
    assert.equal(deployment.metadata?.labels?.['control-plane'], 'controller');
  });

  test("runs as the image's non-root user, without privileges, on a read-only root", () => {
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(manager.securityContext, {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^USER 1000:1000$/m, 'runAsUser and runAsGroup are the USER');
    assert.deepEqual(manager.volumeMounts, [
      { name: 'temp', mountPath: '/tmp' },
      { name: 'data', mountPath: '/data' },
    ]);
    assert.deepEqual(pod.volumes, [
      { name: 'temp', emptyDir: {} },
      { name: 'data', emptyDir: {} },
    ]);
    // The delivery spool lives on the data volume.
    assert.ok(manager.args?.includes('--storage-path=/data'), 'the spool is on /data');
  });

  test('probes /healthz for liveness and /readyz for readiness on the healthz port', () => {
    assert.deepEqual(manager.livenessProbe, { httpGet: { path: '/healthz', port: 'healthz' } });
    assert.deepEqual(manager.readinessProbe, { httpGet: { path: '/readyz', port: 'healthz' } });
  });

  test('passes its namespace and pod name through the downward API', () => {
    assert.deepEqual(
      manager.env?.filter((variable) => variable.valueFrom !== undefined),
      [
        { name: 'RUNTIME_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
    );
  });

  test('passes only flags Herald accepts, listening where the ports say', () => {
    const env = { RUNTIME_NAMESPACE: deployment.metadata?.namespace, POD_NAME: 'pod-0' };
    const result = parseFlags(defined(manager.args, 'args'), env);
    assert.ok(result.kind === 'config', 'not --help');
    const { config } = result;
    assert.equal(config.manifests, undefined, 'cluster mode');
    assert.equal(config.watchAllNamespaces, true);
    assert.equal(config.enableLeaderElection, true);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.logEncoding, 'json');
    assert.equal(config.runtimeNamespace, NAMESPACE);
    assert.equal(config.eventsAddr.port, portOf('http'));
    assert.equal(config.metricsAddr.port, portOf('http-prom'));
    assert.equal(config.healthAddr.port, portOf('healthz'));
  });

  test('requests and limits resources, and keeps the heap below the memory limit', () => {
    assert.deepEqual(manager.resources, {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1000m', memory: '1Gi' },
    });
    const nodeOptions = manager.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value;
    const heapMib = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions ?? '')?.[1]);
    const limitMib = 1024;
    assert.ok(heapMib >= limitMib * 0.5 && heapMib <= limitMib * 0.8, `heap ${heapMib} MiB`);
  });

  test('waits for the shutdown drain, and runs the image of this version', () => {
    assert.equal(pod.terminationGracePeriodSeconds, 30);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(manager.image, `ghcr.io/herald/herald:${version}`);
  });
});

for (const [name, targetPort] of [
  ['notification-controller', 'http'],
  ['webhook-receiver', 'http-webhook'],
] as const) {
  test(`the Service ${name} is Flux's: port 80 to the pods' ${targetPort} port`, () => {
    const service = find(installed, 'Service', name) as V1Service;
    const spec = defined(service.spec, 'spec');
    assert.equal(service.metadata?.namespace, NAMESPACE);
    assert.equal(spec.type, 'ClusterIP');
    assert.deepEqual(spec.selector, { app: 'notification-controller' });
    assert.deepEqual(spec.ports, [{ name: 'http', port: 80, protocol: 'TCP', targetPort }]);
  });
}

/**
 * Every grant, one row per API group and resource. A change to RBAC has to change this table:
 * granting more is a decision, not a side effect.
 */
const GRANTS = [
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io alerts [get list watch]',
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io providers [get list watch]',
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io receivers [get list watch]',
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io alerts/status [get patch update]',
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io providers/status [get patch update]',
  'ClusterRole herald-controller: notification.toolkit.fluxcd.io receivers/status [get patch update]',
  'ClusterRole herald-controller: core secrets [get list watch]',
  'ClusterRole herald-controller: core events [create patch get list watch]',
  'ClusterRole herald-involved-objects: source.toolkit.fluxcd.io * [get]',
  'ClusterRole herald-involved-objects: source.extensions.fluxcd.io * [get]',
  'ClusterRole herald-involved-objects: kustomize.toolkit.fluxcd.io * [get]',
  'ClusterRole herald-involved-objects: helm.toolkit.fluxcd.io * [get]',
  'ClusterRole herald-involved-objects: image.toolkit.fluxcd.io * [get]',
  'ClusterRole herald-involved-objects: core pods [get]',
  'ClusterRole herald-involved-objects: core services [get]',
  'ClusterRole herald-involved-objects: core persistentvolumeclaims [get]',
  'ClusterRole herald-involved-objects: core nodes [get]',
  'ClusterRole herald-involved-objects: apps deployments [get]',
  'ClusterRole herald-involved-objects: apps statefulsets [get]',
  'ClusterRole herald-involved-objects: apps daemonsets [get]',
  'ClusterRole herald-involved-objects: apps replicasets [get]',
  'ClusterRole herald-involved-objects: batch jobs [get]',
  'ClusterRole herald-involved-objects: batch cronjobs [get]',
  'ClusterRole herald-involved-objects: autoscaling horizontalpodautoscalers [get]',
  ...[
    'source.toolkit.fluxcd.io buckets',
    'source.toolkit.fluxcd.io gitrepositories',
    'source.toolkit.fluxcd.io helmcharts',
    'source.toolkit.fluxcd.io helmrepositories',
    'source.toolkit.fluxcd.io ocirepositories',
    'source.toolkit.fluxcd.io externalartifacts',
    'source.extensions.fluxcd.io artifactgenerators',
    'kustomize.toolkit.fluxcd.io kustomizations',
    'helm.toolkit.fluxcd.io helmreleases',
    'image.toolkit.fluxcd.io imagerepositories',
    'image.toolkit.fluxcd.io imagepolicies',
    'image.toolkit.fluxcd.io imageupdateautomations',
  ].map((resource) => `ClusterRole herald-receiver-targets: ${resource} [get list patch]`),
  'Role flux-system/herald-controller: coordination.k8s.io leases [get create update patch]',
  'Role flux-system/herald-controller: core configmaps [get list watch create update patch]',
];

function grantsOf(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'ClusterRole' || object.kind === 'Role')
    .flatMap((role) =>
      (role as KubeObject & { rules: V1PolicyRule[] }).rules.flatMap((rule) => {
        assert.equal(rule.resourceNames, undefined, `${idOf(role)}: resourceNames`);
        assert.equal(rule.nonResourceURLs, undefined, `${idOf(role)}: nonResourceURLs`);
        return (rule.apiGroups ?? []).flatMap((group) =>
          (rule.resources ?? []).map(
            (resource) =>
              `${idOf(role)}: ${group === '' ? 'core' : group} ${resource} [${rule.verbs.join(' ')}]`,
          ),
        );
      }),
    );
}

describe('RBAC', () => {
  test('grants exactly the table, and nothing else', () => {
    assert.deepEqual(grantsOf(installed).sort(), [...GRANTS].sort());
  });

  test('binds each role, by its own name, to the notification-controller ServiceAccount alone', () => {
    const subjects = [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: NAMESPACE }];
    const roles = installed.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
    const bindings = installed.filter(
      (o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding',
    );
    assert.equal(bindings.length, roles.length);
    for (const role of roles) {
      const binding = find(bindings, `${role.kind}Binding`, role.metadata.name) as
        V1ClusterRoleBinding | V1RoleBinding;
      assert.equal(binding.metadata?.namespace, role.metadata.namespace);
      assert.deepEqual(binding.roleRef, {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: role.kind,
        name: role.metadata.name,
      });
      assert.deepEqual(binding.subjects, subjects, idOf(role));
    }
  });
});

test("config/flux turns Flux's bootstrap into Flux with Herald, same names, nothing else changed", () => {
  const fixture = 'test/fixtures/flux-bootstrap';
  const flux = ['gotk-components.yaml', 'gotk-sync.yaml'].flatMap((file) =>
    parseAllDocuments(readFileSync(join(ROOT, fixture, file), 'utf8')).map(
      (doc) => doc.toJS() as KubeObject,
    ),
  );
  const herald = new Map(installed.map((object) => [idOf(object), object]));
  const expected = new Map(flux.map((object) => [idOf(object), object]));
  const replaced = [...herald.keys()].filter((id) => expected.has(id)).sort();
  for (const [id, object] of herald) expected.set(id, object);

  const built = build(fixture);
  assert.deepEqual(built.map(idOf).sort(), [...expected.keys()].sort());
  for (const object of built) assert.deepEqual(object, expected.get(idOf(object)), idOf(object));
  // Replaced, not pruned: kept in the Kustomization's inventory under the same names.
  assert.deepEqual(replaced, [
    'CustomResourceDefinition alerts.notification.toolkit.fluxcd.io',
    'CustomResourceDefinition providers.notification.toolkit.fluxcd.io',
    'CustomResourceDefinition receivers.notification.toolkit.fluxcd.io',
    'Deployment flux-system/notification-controller',
    'Service flux-system/notification-controller',
    'Service flux-system/webhook-receiver',
    'ServiceAccount flux-system/notification-controller',
  ]);
});

describe('config/samples', () => {
  test('every document is valid for Kubernetes and for Herald', () => {
    for (const object of samples) {
      if (object.kind === 'Secret') {
        assert.deepEqual(kubeModelProblems(object), [], idOf(object));
      }
      const result = validateObject(object);
      if (result.kind === 'invalid')
        assert.fail(`${idOf(object)}: ${result.problems.map(formatProblem).join('; ')}`);
      if (result.kind === 'ignored') assert.fail(`${idOf(object)}: ${result.why}`);
      assert.deepEqual(result.warnings, [], idOf(object));
    }
  });

  test('every Alert and Provider is Ready with the Secrets beside them', () => {
    const objects = { alerts: [] as Alert[], providers: [] as Provider[], secrets: [] as Secret[] };
    for (const sample of samples) {
      const result = validateObject(sample);
      assert.ok(result.kind === 'valid', `${idOf(sample)} is valid`);
      const { object } = result;
      if (object.kind === 'Alert') objects.alerts.push(object);
      else if (object.kind === 'Provider') objects.providers.push(object);
      else if (object.kind === 'Secret') objects.secrets.push(object);
    }
    assert.deepEqual(
      evaluateReadiness(objects)
        .filter((readiness) => !readiness.ready)
        .map(({ kind, name, message }) => `${kind} ${name}: ${message}`),
      [],
    );
    assert.deepEqual(
      [objects.alerts.length, objects.providers.length, objects.secrets.length],
      [2, 3, 3],
    );
  });

  test('every kind that an Alert selects by matchLabels is one Herald may read', () => {
    const readable = grantsOf(installed)
      .filter((grant) => grant.startsWith('ClusterRole herald-involved-objects:'))
      .map((grant) => grant.split(' ')[3]);
    const selected = samples
      .filter((object): object is KubeObject & Alert => object.kind === 'Alert')
      .flatMap((alert) => alert.spec.eventSources)
      .filter((source) => source.matchLabels !== undefined)
      .map((source) => `${source.kind.toLowerCase()}s`);
    assert.ok(selected.length > 0, 'a sample uses matchLabels');
    for (const resource of selected) assert.ok(readable.includes(resource), resource);
  });
});
