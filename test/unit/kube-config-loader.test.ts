import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import {
  KubeConfigError,
  loadKubeConfig,
  type KubeConfigErrorCode,
} from '../../src/kube/kube-config-loader.js';
import { kubeconfigYaml } from '../apiserver/kubeconfig.js';
import { makeTempDir } from '../apiserver/test-support.js';

function kubeconfig(cluster: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
    ...extra,
  });
}

function fails(code: KubeConfigErrorCode, ...fragments: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof KubeConfigError, String(error));
    assert.equal(error.code, code);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
    return true;
  };
}

describe('loadKubeConfig', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const file = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const load = (path: string) => loadKubeConfig({ kind: 'kubeconfig', path }, { env: {} });

  before(async () => {
    ({ path: dir, remove } = await makeTempDir('kubeconfig-loader'));
  });
  after(() => remove());

  test("loads the test API server's kubeconfig", async () => {
    const path = await file('test-server', kubeconfigYaml('http://127.0.0.1:6443'));
    const loaded = load(path);
    assert.equal(loaded.origin, `kubeconfig ${path}`);
    assert.equal(loaded.kubeConfig.getCurrentCluster()?.server, 'http://127.0.0.1:6443');
  });

  const invalid: [name: string, content: string, problem: string][] = [
    ['empty', '\n', 'is empty'],
    ['no-server', kubeconfig({}), 'clusters[0].cluster.server is missing'],
    [
      'no-context',
      kubeconfig({ server: 'https://k8s' }, { 'current-context': '' }),
      'current-context is not set',
    ],
    [
      'unknown-context',
      kubeconfig({ server: 'https://k8s' }, { 'current-context': 'prod' }),
      'current-context "prod" is not among its contexts',
    ],
    [
      'plain-http',
      kubeconfig({ server: 'http://k8s:8080' }),
      'unless the cluster sets insecure-skip-tls-verify: true',
    ],
    ['bad-url', kubeconfig({ server: 'k8s:6443' }), 'server "k8s:6443", not an http(s) URL'],
  ];
  for (const [name, content, problem] of invalid) {
    test(`names the file and what is wrong with it: ${name}`, async () => {
      const path = await file(name, content);
      assert.throws(() => load(path), fails('HERALD_KUBECONFIG_INVALID', path, problem));
    });
  }

  test('a missing file, or nothing found at all, is said so', () => {
    const missing = join(dir, 'missing');
    assert.throws(() => load(missing), fails('HERALD_KUBECONFIG_UNREADABLE', missing));
    assert.throws(
      () => loadKubeConfig({ kind: 'none', looked: ['/a', '/b'] }, { env: {} }),
      fails('HERALD_NO_CLUSTER_CONFIG', '/a, /b'),
    );
  });

  test('never puts the credentials of the file in its messages', async () => {
    const path = await file('secret', kubeconfig({ server: 'http://k8s' }));
    assert.throws(
      () => load(path),
      (error: unknown) => error instanceof Error && !error.message.includes('not-a-real-token'),
    );
  });

  test('merges a KUBECONFIG list as kubectl does: missing files skipped, first definition wins', async () => {
    const first = await file('first', kubeconfig({ server: 'https://first' }));
    const second = await file(
      'second',
      stringify({
        clusters: [
          { name: 'c', cluster: { server: 'https://second' } },
          { name: 'other', cluster: { server: 'https://other' } },
        ],
        contexts: [{ name: 'other-ctx', context: { cluster: 'other', user: 'u' } }],
        users: [],
        'current-context': 'other-ctx',
      }),
    );
    const loaded = load([join(dir, 'absent'), first, second].join(':'));
    assert.equal(loaded.kubeConfig.getCurrentContext(), 'ctx');
    assert.equal(loaded.kubeConfig.getCurrentCluster()?.server, 'https://first');
    assert.equal(loaded.kubeConfig.getCluster('other')?.server, 'https://other');
    assert.equal(loaded.origin, `kubeconfig ${first}:${second}`);
  });

  test('reads certificate paths relative to the kubeconfig file', async () => {
    const path = await file(
      'relative',
      kubeconfig({ server: 'https://k8s', 'certificate-authority': 'ca.pem' }),
    );
    assert.equal(load(path).kubeConfig.getCurrentCluster()?.caFile, join(dir, 'ca.pem'));
  });

  test('in-cluster: the service host and port, the mounted token and CA', async () => {
    const account = join(dir, 'serviceaccount');
    await mkdir(account);
    const inCluster = (env: Record<string, string>) =>
      loadKubeConfig({ kind: 'in-cluster' }, { env, serviceAccountDir: account });
    assert.throws(
      () => inCluster({}),
      fails('HERALD_IN_CLUSTER_UNAVAILABLE', 'KUBERNETES_SERVICE_HOST'),
    );
    assert.throws(
      () => inCluster({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }),
      fails('HERALD_IN_CLUSTER_UNAVAILABLE', join(account, 'token')),
    );
    await writeFile(join(account, 'token'), 'sa-token');
    await writeFile(join(account, 'ca.crt'), 'not really a certificate');
    await writeFile(join(account, 'namespace'), 'flux-system\n');
    const loaded = inCluster({
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    assert.equal(loaded.origin, 'in-cluster');
    const { kubeConfig } = loaded;
    assert.equal(kubeConfig.getCurrentCluster()?.server, 'https://10.0.0.1:443');
    assert.equal(kubeConfig.getCurrentCluster()?.caFile, join(account, 'ca.crt'));
    assert.deepEqual(kubeConfig.getCurrentUser()?.authProvider, {
      name: 'tokenFile',
      config: { tokenFile: join(account, 'token') },
    });
    assert.equal(
      kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace,
      'flux-system',
    );
    const ipv6 = inCluster({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' });
    assert.equal(ipv6.kubeConfig.getCurrentCluster()?.server, 'https://[fd00::1]:6443');
  });
});
