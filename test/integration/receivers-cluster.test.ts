import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { RunningHerald } from '../../src/herald.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { findKubectl, Kubectl, makeTempDir } from '../apiserver/test-support.js';
import { CRD_FILES } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'a1b2c3d4e5f6a7b8c9d0';

/** Flux's GitRepository CRD, cut to what the test needs: a namespaced kind of any spec. */
const GIT_REPOSITORY_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gitrepositories.source.toolkit.fluxcd.io}
spec:
  group: source.toolkit.fluxcd.io
  names: {kind: GitRepository, listKind: GitRepositoryList, plural: gitrepositories, singular: gitrepository}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
      subresources: {status: {}}
`;

/** `kubectl get receivers` as NAME → its cells by column. */
function table(output: string): Map<string, Record<string, string>> {
  const [header = '', ...rows] = output.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+/g)].map((match) => ({ name: match[0], at: match.index }));
  return new Map(
    rows.map((row) => {
      const cells = Object.fromEntries(
        starts.map(({ name, at }, i) => [name, row.slice(at, starts[i + 1]?.at).trim()]),
      );
      return [cells.NAME ?? '', cells];
    }),
  );
}

describe('Receivers in cluster mode, against the test API server with kubectl', () => {
  let api: TestApiServer;
  let kubectl: Kubectl;
  let herald: RunningHerald;
  let removeDir: () => Promise<void>;
  const logs = captureLogs('debug');
  const apply = (yaml: string) => kubectl.ok(['apply', '-f', '-'], yaml);
  /** One field of an object in flux-system, by kubectl's JSONPath. */
  const field = async (kind: string, name: string, path: string) =>
    (await kubectl.ok(['get', kind, name, '-n', 'flux-system', '-o', `jsonpath={${path}}`])).trim();
  const requestedAt = (name: string) =>
    field('gitrepository', name, '.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt');
  const webhookPath = (name: string) => field('receiver', name, '.status.webhookPath');

  before(async () => {
    api = await startTestApiServer({ namespaces: ['flux-system'] });
    const dir = await makeTempDir('herald-receivers');
    removeDir = dir.remove;
    const kubeconfig = join(dir.path, 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    kubectl = new Kubectl(findKubectl(), kubeconfig, dir.path);
    for (const crd of CRD_FILES) await kubectl.ok(['apply', '-f', crd]);
    await apply(GIT_REPOSITORY_CRD);
    await apply(`
apiVersion: v1
kind: Secret
metadata: {name: receiver-token, namespace: flux-system}
stringData: {token: ${TOKEN}}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {url: "https://github.com/org/fleet"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: app-a, namespace: flux-system, labels: {team: apps}}
spec: {url: "https://github.com/org/a"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: app-b, namespace: flux-system, labels: {team: apps}}
spec: {url: "https://github.com/org/b"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: infra, namespace: flux-system, labels: {team: infra}}
spec: {url: "https://github.com/org/infra"}
---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata: {name: github-receiver, namespace: flux-system}
spec:
  type: github
  events: ["ping", "push"]
  secretRef: {name: receiver-token}
  resources:
    - apiVersion: source.toolkit.fluxcd.io/v1
      kind: GitRepository
      name: flux-system
---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata: {name: apps, namespace: flux-system}
spec:
  type: generic
  secretRef: {name: receiver-token}
  resources:
    - kind: GitRepository
      name: "*"
      matchLabels: {team: apps}
---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata: {name: no-secret, namespace: flux-system}
spec:
  type: gitlab
  secretRef: {name: missing}
  resources: [{kind: GitRepository, name: flux-system}]
`);
    ({ herald } = await startClusterHerald(kubeconfig, logs.logger));
  });

  after(async () => {
    await herald.stop();
    await api.close();
    await removeDir();
  });

  test('a Receiver becomes Ready with its webhook path; kubectl get receivers shows READY/STATUS', async () => {
    const expected = `/hook/${createHash('sha256').update(`${TOKEN}github-receiverflux-system`).digest('hex')}`;
    await waitFor(
      async () => (await webhookPath('github-receiver')) === expected,
      'the webhook path',
    );
    await waitFor(
      () =>
        api.get('notification.toolkit.fluxcd.io/v1', 'Receiver', 'no-secret', 'flux-system')
          ?.status !== undefined,
      'status on the Receiver without Secret',
    );
    const rows = table(await kubectl.ok(['get', 'receivers', '-n', 'flux-system']));
    assert.deepEqual(Object.keys(rows.get('github-receiver') ?? {}), [
      'NAME',
      'AGE',
      'READY',
      'STATUS',
    ]);
    assert.equal(rows.get('github-receiver')?.READY, 'True');
    assert.equal(rows.get('github-receiver')?.STATUS, `Receiver initialized for path: ${expected}`);
    assert.equal(rows.get('no-secret')?.READY, 'False');
    assert.match(
      rows.get('no-secret')?.STATUS ?? '',
      /unable to read token from secret 'flux-system\/missing'/,
    );
    const stored = api.get(
      'notification.toolkit.fluxcd.io/v1',
      'Receiver',
      'github-receiver',
      'flux-system',
    );
    const status = stored?.status as {
      observedGeneration?: number;
      conditions?: { reason: string }[];
    };
    assert.equal(status.observedGeneration, 1);
    assert.equal(status.conditions?.[0]?.reason, 'Succeeded');
  });

  test('a signed GitHub push sets reconcile.fluxcd.io/requestedAt on the named GitRepository', async () => {
    const path = await waitFor(async () => (await webhookPath('github-receiver')) || false, 'path');
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const signature = `sha256=${createHmac('sha256', TOKEN).update(body).digest('hex')}`;
    const url = `http://127.0.0.1:${String(herald.webhookPort)}${path}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': signature,
      },
      body,
    });
    assert.equal(response.status, 200);
    assert.match(await requestedAt('flux-system'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(await requestedAt('app-a'), '');
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': 'sha256=00',
      },
      body,
    });
    assert.equal(forged.status, 400);
    assert.ok(!logs.text().includes(TOKEN), 'the token is never logged');
  });

  test("name '*' with matchLabels sets it on every labelled GitRepository, and only those", async () => {
    const path = await waitFor(async () => (await webhookPath('apps')) || false, 'path');
    const response = await fetch(`http://127.0.0.1:${String(herald.webhookPort)}${path}`, {
      method: 'POST',
    });
    assert.equal(response.status, 200);
    assert.notEqual(await requestedAt('app-a'), '');
    assert.notEqual(await requestedAt('app-b'), '');
    assert.equal(await requestedAt('infra'), '');
  });

  test('changing the token moves the path; the old one is 404', async () => {
    const old = await webhookPath('github-receiver');
    await kubectl.ok([
      '-n',
      'flux-system',
      'patch',
      'secret',
      'receiver-token',
      '-p',
      '{"stringData":{"token":"rotated"}}',
    ]);
    await waitFor(async () => (await webhookPath('github-receiver')) !== old, 'a new path');
    const response = await fetch(`http://127.0.0.1:${String(herald.webhookPort)}${old}`, {
      method: 'POST',
    });
    assert.equal(response.status, 404);
  });
});
