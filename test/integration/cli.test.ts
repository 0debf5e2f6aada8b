import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post } from '../support/event-api-harness.js';
import { spawnHerald } from '../support/herald-process.js';
import { seedEvent } from '../fixtures/seed-event.js';

const LOOPBACK = [
  '--events-addr=127.0.0.1:0',
  '--metrics-addr=127.0.0.1:0',
  '--health-addr=127.0.0.1:0',
];

test('--help prints every flag and exits 0', async () => {
  const herald = spawnHerald(['--help']);
  assert.equal(await herald.exited, 0);
  assert.match(herald.logs.map((line) => line.msg).join('\n'), /--rate-limit-interval/);
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
  const herald = spawnHerald(LOOPBACK, { HOME: home });
  assert.equal(await herald.exited, 1);
  assert.match(herald.stderr(), /no Kubernetes configuration found/);
  assert.match(herald.stderr(), /herald --manifests examples\/local/);
});

test('a missing manifests folder exits 1 naming it', async () => {
  const herald = spawnHerald([...LOOPBACK, '--manifests=/no/such/folder']);
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
  const herald = spawnHerald([...LOOPBACK, `--manifests=${dir}`, '--log-level=debug']);
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
