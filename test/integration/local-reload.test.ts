import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startHerald } from '../../src/herald.js';
import { startLocalMode } from '../../src/local/local-mode.js';
import { makeTempDir } from '../apiserver/test-support.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';

const provider = (address: string) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, address: "${address}"}
`;
const alert = (sources: string) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: on-call, namespace: apps}
spec: {providerRef: {name: hook}, eventSources: ${sources}}
`;

test('a file that turns invalid keeps its last good Alert, and /status says why', async () => {
  const receiver = await startCaptureServer();
  const dir = await makeTempDir('herald-reload');
  await writeFile(join(dir.path, 'provider.yaml'), provider(`${receiver.url}/hook`));
  await writeFile(join(dir.path, 'alert.yaml'), alert('[{kind: Kustomization, name: "*"}]'));
  const config = testConfig([`--manifests=${dir.path}`, '--rate-limit-interval=0s']);
  const clock = createManualClock();
  const logs = captureLogs();
  const local = await startLocalMode({
    dir: dir.path,
    config,
    logger: logs.logger,
    registry: new Registry(),
    clock,
  });
  const herald = await startHerald({ config, logger: logs.logger, clock, mode: local });
  const events = `http://127.0.0.1:${herald.eventsPort}/`;
  const status = async () =>
    (await (await fetch(`http://127.0.0.1:${herald.healthPort}/status`)).json()) as {
      objects: { kind: string; name: string }[];
      problems: { file: string; message: string }[];
    };
  try {
    // Mid-edit: the kind is missing, so the document is invalid.
    await writeFile(join(dir.path, 'alert.yaml'), alert('[{name: "*"}]'));
    await local.reload();
    const broken = await status();
    assert.ok(
      broken.objects.some((object) => object.kind === 'Alert'),
      'the Alert is kept',
    );
    assert.deepEqual(
      broken.problems.map((problem) => problem.message),
      [
        'spec.eventSources[0].kind: is required',
        'Alert/apps/on-call keeps its last good version until this file loads again',
      ],
    );
    assert.equal((await post(events, seedEvent())).status, 202);
    await receiver.waitForRequests(1);

    // Fixed, and the Alert now gone from its file: it goes.
    await writeFile(join(dir.path, 'alert.yaml'), '');
    await local.reload();
    const fixed = await status();
    assert.deepEqual(fixed.problems, []);
    assert.ok(!fixed.objects.some((object) => object.kind === 'Alert'));
  } finally {
    await herald.stop();
    await receiver.close();
    await dir.remove();
  }
});
