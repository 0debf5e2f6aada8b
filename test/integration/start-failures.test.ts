import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from '../apiserver/test-support.js';
import { LOOPBACK_FLAGS, spawnHerald } from '../support/herald-process.js';

/** A kubeconfig that would connect: were Herald to fall back to it, the test would see it try. */
const WORKING_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: other, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: other, user: {token: other-cluster-token}}]
contexts: [{name: other, context: {cluster: other, user: other}}]
current-context: other
`;

test('an address in use exits 1 with one line naming the flag, and nothing keeps running', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  const dir = await makeTempDir('herald-port');
  try {
    const herald = spawnHerald([
      '--events-addr=127.0.0.1:0',
      `--metrics-addr=127.0.0.1:${port}`,
      '--health-addr=127.0.0.1:0',
      '--receiverAddr=127.0.0.1:0',
      `--manifests=${dir.path}`,
    ]);
    assert.equal(await herald.exited, 1);
    assert.equal(
      herald.stderr(),
      `herald: --metrics-addr=127.0.0.1:${port}: cannot listen (the address is already in use)\n`,
    );
  } finally {
    taken.close();
    await dir.remove();
  }
});

for (const [how, args, env] of [
  ['--kubeconfig', (file: string) => [`--kubeconfig=${file}`], () => ({})],
  ['KUBECONFIG', () => [], (file: string) => ({ KUBECONFIG: file })],
] as const) {
  test(`a ${how} naming a missing file exits 1 naming it, never falling back to ~/.kube/config`, async () => {
    const home = await makeTempDir('herald-home');
    try {
      await mkdir(join(home.path, '.kube'));
      await writeFile(join(home.path, '.kube', 'config'), WORKING_KUBECONFIG);
      const missing = join(home.path, 'no-such-kubeconfig');
      const herald = spawnHerald([...LOOPBACK_FLAGS, ...args(missing)], {
        HOME: home.path,
        ...env(missing),
      });
      assert.equal(await herald.exited, 1);
      assert.equal(
        herald.stderr(),
        `herald: kubeconfig ${missing}: no such file (from --kubeconfig or KUBECONFIG)\n`,
      );
      assert.ok(!herald.logs.some((line) => line.msg === 'Connecting to the cluster'));
    } finally {
      await home.remove();
    }
  });
}

test('--watch-all-namespaces=false with native Events named elsewhere exits 1 saying why', async () => {
  const dir = await makeTempDir('herald-namespaces');
  try {
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeFile(kubeconfig, WORKING_KUBECONFIG);
    const herald = spawnHerald(
      [
        ...LOOPBACK_FLAGS,
        `--kubeconfig=${kubeconfig}`,
        '--watch-all-namespaces=false',
        '--kube-events-namespaces=flux-system,apps',
      ],
      { RUNTIME_NAMESPACE: 'flux-system' },
    );
    assert.equal(await herald.exited, 1);
    assert.equal(
      herald.stderr(),
      'herald: invalid value for flag --kube-events-namespaces: apps outside RUNTIME_NAMESPACE (flux-system) while --watch-all-namespaces=false\n',
    );
  } finally {
    await dir.remove();
  }
});
