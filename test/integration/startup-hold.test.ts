import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../src/clock/clock.js';
import { startHerald } from '../../src/herald.js';
import { MAX_HELD_BEFORE_ROUTING } from '../../src/pipeline/startup-hold.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { startKubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';

// Flux's controllers post as soon as Herald listens, which can be before its caches have
// listed (an API server slow or down at start): those events must not meet an empty index.
test(
  'events accepted before the caches have listed are delivered once routing is built',
  { timeout: 60_000 },
  async () => {
    const kube = await startKubeFixture(['apps']);
    const receiver = await startCaptureServer();
    kube.api.create({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: 'hook', namespace: 'apps' },
      spec: { type: 'generic', address: `${receiver.url}/hook` },
    });
    kube.api.create({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Alert',
      metadata: { name: 'on-call', namespace: 'apps' },
      spec: { providerRef: { name: 'hook' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
    });
    // The Alert list fails until the test lets it through.
    const failing = kube.api.faults.inject({ verb: 'list', resource: 'alerts', status: 503 });
    const { herald, cluster: mode } = await startClusterHerald(
      kube.kubeconfig,
      captureLogs().logger,
      ['--kube-events=false'],
      { waitForCaches: false },
    );
    try {
      const events = `http://127.0.0.1:${herald.eventsPort}/`;
      assert.equal((await post(events, seedEvent())).status, 202);
      assert.equal(mode.health.ready(), false, 'the caches have not listed yet');
      assert.equal(receiver.requests.length, 0);
      failing.remove();
      await receiver.waitForRequests(1);
      assert.equal(receiver.requests[0]?.path, '/hook');
    } finally {
      await herald.stop();
      await receiver.close();
      await kube.close();
    }
  },
);

test('while routing is not built and the hold is full, the Event API answers 503 with Retry-After', async () => {
  const seen: string[] = [];
  let release: () => void = () => undefined;
  const routingReady = new Promise<void>((resolve) => {
    release = resolve;
  });
  const config = testConfig(['--rate-limit-interval=0s']);
  const herald = await startHerald({
    config,
    logger: captureLogs().logger,
    clock: systemClock,
    mode: {
      sink: {
        accept: (event) => {
          seen.push(event.message);
          return undefined;
        },
      },
      health: { ready: () => true },
      routingReady,
    },
  });
  try {
    const events = `http://127.0.0.1:${herald.eventsPort}/`;
    for (let i = 0; i < MAX_HELD_BEFORE_ROUTING; i++)
      assert.equal((await post(events, { ...seedEvent(), message: `held ${i}` })).status, 202);
    const refused = await post(events, { ...seedEvent(), message: 'one too many' });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.equal(seen.length, 0);
    release();
    await routingReady;
    assert.equal(seen.length, MAX_HELD_BEFORE_ROUTING);
    assert.equal(seen[0], 'held 0');
    assert.equal((await post(events, { ...seedEvent(), message: 'one too many' })).status, 202);
  } finally {
    await herald.stop();
  }
});
