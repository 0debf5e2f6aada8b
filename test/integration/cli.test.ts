import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post } from '../support/event-api-harness.js';
import { LOOPBACK_FLAGS, spawnHerald } from '../support/herald-process.js';
import { seedEvent } from '../fixtures/seed-event.js';

test('--help prints every flag and exits 0', async () => {
  const herald = spawnHerald(['--help']);
  assert.equal(await herald.exited, 0);
  assert.match(herald.logs.map((line) => line.msg).join('\n'), /--rate-limit-interval/);
});

test('--version prints the version of package.json and exits 0', async () => {
  const { version } = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const herald = spawnHerald(['--version']);
  assert.equal(await herald.exited, 0);
  assert.deepEqual(
    herald.logs.map((line) => line.msg),
    [version],
  );
  assert.equal(herald.stderr(), '');
});

test('an unknown flag exits 1 naming the flag meant', async () => {
  const herald = spawnHerald(['--concurent=4']);
  assert.equal(await herald.exited, 1);
  assert.equal(herald.stderr(), 'herald: unknown flag --concurent (did you mean --concurrent?)\n');
});

test('a bad flag value exits 1 with one line naming the flag', async () => {
  const herald = spawnHerald(['--rate-limit-interval=soon']);
  assert.equal(await herald.exited, 1);
  assert.equal(
    herald.stderr(),
    'herald: invalid value "soon" for flag --rate-limit-interval: invalid duration "soon" (use a number and a unit: ns, us, ms, s, m, h; e.g. 30s, 5m, 1h30m)\n',
  );
});

test('no manifests and no cluster configuration exits 1 saying how to run locally', async () => {
  const home = await mkdtemp(join(tmpdir(), 'herald-home-'));
  const herald = spawnHerald(LOOPBACK_FLAGS, { HOME: home });
  assert.equal(await herald.exited, 1);
  assert.match(herald.stderr(), /no Kubernetes configuration found/);
  assert.match(herald.stderr(), /herald --manifests examples\/local/);
});

test('a missing manifests folder exits 1 naming it', async () => {
  const herald = spawnHerald([...LOOPBACK_FLAGS, '--manifests=/no/such/folder']);
  assert.equal(await herald.exited, 1);
  assert.match(herald.stderr(), /cannot read --manifests folder "\/no\/such\/folder" \(ENOENT\)/);
});

test('local mode loads good documents, reports bad ones by file and field, serves, and stops on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-manifests-'));
  await writeFile(
    join(dir, 'good.yaml'),
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Provider',
      'metadata: {name: hook, namespace: apps}',
      'spec: {type: generic, address: "http://127.0.0.1:1/hook"}',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'bad.yaml'),
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Alert',
      'metadata: {name: broken, namespace: apps}',
      'spec:',
      '  providerRef: {name: hook}',
      '  eventSources:',
      '    - name: "*"',
    ].join('\n'),
  );
  const herald = spawnHerald([...LOOPBACK_FLAGS, `--manifests=${dir}`, '--log-level=debug']);
  try {
    const rejected = await herald.waitForLog((line) =>
      String(line.msg).startsWith('Rejected manifest'),
    );
    assert.equal(rejected.file, join(dir, 'bad.yaml'));
    assert.equal(rejected.field, 'spec.eventSources[0].kind');
    const loaded = await herald.waitForLog((line) => line.msg === 'Loaded manifests');
    assert.equal(loaded.providers, 1);
    assert.equal(loaded.alerts, 0);
    assert.equal(loaded.rejected, 1);

    const started = await herald.waitForLog((line) => line.msg === 'Started servers');
    const eventsUrl = `http://${String(started.events)}/`;
    assert.equal((await post(eventsUrl, seedEvent())).status, 202);
    await herald.waitForLog((line) => line.msg === 'Discarded event: no Alert took it');
    const healthUrl = `http://${String(started.health)}`;
    const status = (await (await fetch(`${healthUrl}/status`)).json()) as { objects: unknown[] };
    assert.deepEqual(status.objects, [
      {
        kind: 'Provider',
        namespace: 'apps',
        name: 'hook',
        ready: true,
        reason: 'Succeeded',
        message: 'Provider is ready',
      },
    ]);
  } finally {
    herald.child.kill('SIGTERM');
  }
  assert.equal(await herald.exited, 0);
  assert.ok(herald.logs.some((line) => line.msg === 'Stopped'));
});

/**
 * The arguments of the notification-controller Deployment of Flux v2.9 (`flux install`, whose
 * kustomization sets the first to `--watch-all-namespaces=true`), then one of every other flag
 * of notification-controller v1.9, as a user's patches would add them.
 */
const FLUX_DEFAULT_ARGS = [
  '--watch-all-namespaces=true',
  '--log-level=info',
  '--log-encoding=json',
  '--enable-leader-election',
];
/** Flags that mean something in Herald: no warning. */
const FLUX_FLAGS_WITH_EFFECT = [
  '--no-cross-namespace-refs=false',
  '--rate-limit-interval=5m0s',
  '--kube-api-qps=50',
  '--kube-api-burst=100',
  '--leader-election-release-on-cancel=true',
  '--leader-election-lease-duration=35s',
  '--leader-election-renew-deadline=30s',
  '--leader-election-retry-period=5s',
  '--watch-label-selector=sharding.fluxcd.io/shard notin (shard1)',
  '--export-http-path-metrics',
  '--receiverAddr=127.0.0.1:0',
];
/** Flags Herald accepts and ignores, as a patch might set them (pflag's forms, both). */
const FLUX_FLAGS_IGNORED: [string, string[]][] = [
  ['concurrent', ['--concurrent=10']],
  ['watch-configs-label-selector', ['--watch-configs-label-selector', 'owner!=helm']],
  ['feature-gates', ['--feature-gates=CacheSecretsAndConfigMaps=true,DisableConfigWatchers=true']],
  ['min-retry-delay', ['--min-retry-delay=1s']],
  ['max-retry-delay', ['--max-retry-delay=10m']],
  ['token-cache-max-size', ['--token-cache-max-size=0']],
  ['token-cache-max-duration', ['--token-cache-max-duration=30m']],
  ['default-service-account', ['--default-service-account=default']],
];

test("Flux's default arguments and every other Flux flag start Herald, which warns once per ignored flag", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-flux-args-'));
  await writeFile(
    join(dir, 'hook.yaml'),
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Provider',
      'metadata: {name: hook, namespace: apps}',
      'spec: {type: generic, address: "http://127.0.0.1:1/hook"}',
    ].join('\n'),
  );
  const herald = spawnHerald(
    [
      ...FLUX_DEFAULT_ARGS,
      ...FLUX_FLAGS_WITH_EFFECT,
      ...FLUX_FLAGS_IGNORED.flatMap(([, args]) => args),
      ...LOOPBACK_FLAGS,
      `--manifests=${dir}`,
      // Last, so it is the level that counts: `trace` shows every line.
      '--log-level=trace',
    ],
    { POD_NAME: 'herald-0' },
  );
  try {
    const started = await herald.waitForLog((line) => line.msg === 'Started servers');
    assert.equal((await post(`http://${String(started.events)}/`, seedEvent())).status, 202);
    const metrics = await (await fetch(`http://${String(started.metrics)}/metrics`)).text();
    assert.match(metrics, /^herald_build_info\{version="[^"]+",node_version="v\d+[^"]*"\} 1$/m);
    const health = await fetch(`http://${String(started.health)}/readyz`);
    assert.equal(health.status, 200);

    const warnings = herald.logs.filter((line) => line.level === 'warn');
    assert.deepEqual(
      warnings.map((line) => line.flag).sort(),
      FLUX_FLAGS_IGNORED.map(([flag]) => flag).sort(),
      'one warning for each ignored flag set, none for the others',
    );
    for (const line of warnings) {
      assert.match(
        String(line.msg),
        new RegExp(`^--${String(line.flag)} has no effect in Herald: `),
      );
    }
    assert.ok(
      warnings.every((line) => herald.logs.indexOf(line) < herald.logs.indexOf(started)),
      'the warnings come at start',
    );
  } finally {
    herald.child.kill('SIGTERM');
  }
  assert.equal(await herald.exited, 0);
  assert.equal(herald.stderr(), '');
});
