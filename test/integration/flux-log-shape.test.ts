import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../apiserver/test-support.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { spawnHerald } from '../support/herald-process.js';

/** zap's ISO 8601 encoding of a UTC instant, as fluxcd/pkg's logger configures it. */
const ZAP_ISO8601_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The levels controller-runtime's zap writes, plus Flux's `trace`. */
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/**
 * What `flux logs` decodes each line into (its ControllerLogEntry): a field of the wrong JSON
 * type fails the whole decoding, and `flux logs` stops reading that pod.
 */
function assertFluxShape(line: Record<string, unknown>): void {
  const where = JSON.stringify(line);
  assert.match(String(line.ts), ZAP_ISO8601_UTC, where);
  assert.ok(LEVELS.has(String(line.level)), where);
  assert.equal(typeof line.msg, 'string', where);
  for (const key of ['error', 'logger', 'name', 'namespace', 'reconciler kind']) {
    if (key in line) assert.equal(typeof line[key], 'string', `${key} in ${where}`);
  }
  assert.ok(!('time' in line) && !('pid' in line) && !('hostname' in line), where);
}

test("every log line has the shape of Flux's, objects named by name and namespace; the first says the version", async () => {
  const receiver = await startCaptureServer({ defaultReply: { status: 400, body: 'no' } });
  const dir = await makeTempDir('herald-logs');
  await writeFile(
    join(dir.path, 'all.yaml'),
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Provider',
      'metadata: {name: hook, namespace: apps}',
      `spec: {type: generic, address: "${receiver.url}/hook"}`,
      '---',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Alert',
      'metadata: {name: on-call, namespace: apps}',
      'spec: {providerRef: {name: hook}, eventSources: [{kind: Kustomization, name: "*"}]}',
    ].join('\n'),
  );
  const herald = spawnHerald([
    '--events-addr=127.0.0.1:0',
    '--metrics-addr=127.0.0.1:0',
    '--health-addr=127.0.0.1:0',
    '--receiverAddr=127.0.0.1:0',
    `--manifests=${dir.path}`,
    '--log-level=debug',
  ]);
  try {
    const starting = await herald.waitForLog((line) => line.msg === 'Starting Herald');
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    assert.deepEqual([starting.version, starting.node], [version, process.version]);
    const started = await herald.waitForLog((line) => line.msg === 'Started servers');
    assert.equal((await post(`http://${String(started.events)}/`, seedEvent())).status, 202);
    const failed = await herald.waitForLog((line) => line.msg === 'Failed to deliver notification');
    assert.equal(failed.logger, 'event-server');
    const ready = await herald.waitForLog((line) => line.msg === 'Alert is ready');
    assert.deepEqual(
      [ready.name, ready.namespace, ready.Alert],
      ['on-call', 'apps', { name: 'on-call', namespace: 'apps' }],
    );
  } finally {
    herald.child.kill('SIGTERM');
    await herald.exited;
    await receiver.close();
    await dir.remove();
  }
  assert.ok(herald.logs.length > 5);
  for (const line of herald.logs) assertFluxShape(line);
});
