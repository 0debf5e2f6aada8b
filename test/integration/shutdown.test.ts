import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { spawnHerald } from '../support/herald-process.js';

const LOOPBACK = [
  '--events-addr=127.0.0.1:0',
  '--metrics-addr=127.0.0.1:0',
  '--health-addr=127.0.0.1:0',
  '--receiverAddr=127.0.0.1:0',
];

function manifests(loki: string, hook: string): string {
  const provider = (name: string, type: string, address: string) =>
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Provider',
      `metadata: {name: ${name}, namespace: apps}`,
      `spec: {type: ${type}, address: "${address}", timeout: 30s}`,
    ].join('\n');
  const alert = (name: string, providerName: string) =>
    [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3',
      'kind: Alert',
      `metadata: {name: ${name}, namespace: apps}`,
      `spec: {providerRef: {name: ${providerName}}, eventSources: [{kind: Kustomization, name: "*"}]}`,
    ].join('\n');
  return [
    provider('loki', 'loki', loki),
    provider('hook', 'generic', hook),
    alert('to-loki', 'loki'),
    alert('to-hook', 'hook'),
  ].join('\n---\n');
}

// A Loki that answers 503 retries for minutes and a webhook that never answers holds its
// deliveries for the whole provider timeout: SIGTERM must still end Herald within its deadline.
test(
  'SIGTERM with failing providers exits 0 within the shutdown deadline and counts what it could not deliver',
  { timeout: 60_000 },
  async () => {
    const loki = await startCaptureServer({ defaultReply: { status: 503 } });
    const hook = await startCaptureServer({ defaultReply: 'hang' });
    const dir = await mkdtemp(join(tmpdir(), 'herald-shutdown-'));
    await writeFile(join(dir, 'providers.yaml'), manifests(loki.url, `${hook.url}/hook`));
    const herald = spawnHerald([
      ...LOOPBACK,
      `--manifests=${dir}`,
      '--graceful-shutdown-timeout=2s',
      '--rate-limit-interval=0s',
    ]);
    try {
      const started = await herald.waitForLog((line) => line.msg === 'Started servers');
      const events = `http://${String(started.events)}/`;
      for (let i = 0; i < 6; i++) {
        const response = await post(events, { ...seedEvent(), message: `event ${i}` });
        assert.equal(response.status, 202);
      }
      await loki.waitForRequests(1);
      await hook.waitForRequests(4);

      const signalledAt = performance.now();
      herald.child.kill('SIGTERM');
      const code = await herald.exited;
      const tookMs = performance.now() - signalledAt;
      assert.equal(code, 0, herald.stderr());
      // The deadline is 2 s; a few more for a busy machine, far below the minutes retries take.
      assert.ok(tookMs < 8_000, `stopped in ${Math.round(tookMs)} ms`);
      const undelivered = herald.logs.find(
        (line) => line.msg === 'Stopped with notifications undelivered',
      );
      // 6 events, each to both providers: every one of the 12 was still queued or in flight.
      assert.equal(undelivered?.undelivered, 12, JSON.stringify(herald.logs.slice(-5)));
      assert.ok(herald.logs.some((line) => line.msg === 'Stopped'));
    } finally {
      herald.child.kill('SIGKILL');
      await Promise.all([loki.close(), hook.close()]);
    }
  },
);
