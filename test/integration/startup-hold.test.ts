import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { systemClock } from '../../src/clock/clock.js';
import { startClusterMode } from '../../src/cluster/cluster-mode.js';
import { startHerald } from '../../src/herald.js';
import { MAX_HELD_BEFORE_ROUTING } from '../../src/pipeline/startup-hold.js';
import { startTestApiServer } from '../apiserver/server.js';
import { makeTempDir } from '../apiserver/test-support.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';

const CRDS = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(import.meta.dirname, '..', '..', 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);

// Flux's controllers post as soon as Herald listens, which can be before its caches have
// listed (an API server slow or down at start): those events must not meet an empty index.
test(
  'events accepted before the caches have listed are delivered once routing is built',
  { timeout: 60_000 },
  async () => {
    const api = await startTestApiServer({ namespaces: ['apps', 'flux-system'], crdFiles: CRDS });
    const receiver = await startCaptureServer();
    const dir = await makeTempDir('herald-hold');
    const kubeconfig = join(dir.path, 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    api.create({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: 'hook', namespace: 'apps' },
      spec: { type: 'generic', address: `${receiver.url}/hook` },
    });
    api.create({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Alert',
      metadata: { name: 'on-call', namespace: 'apps' },
      spec: { providerRef: { name: 'hook' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
    });
    // The Alert list fails until the test lets it through.
    const failing = api.faults.inject({ verb: 'list', resource: 'alerts', status: 503 });
    const config = testConfig([`--kubeconfig=${kubeconfig}`, '--kube-events=false']);
    const logger = captureLogs().logger;
    const registry = new Registry();
    const mode = startClusterMode({
      config,
      logger,
      registry,
      clock: systemClock,
      source: { kind: 'kubeconfig', path: kubeconfig },
      env: {},
    });
    const herald = await startHerald({ config, logger, registry, clock: systemClock, mode });
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
      await api.close();
      await dir.remove();
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
      sink: { accept: (event) => seen.push(event.message) },
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
