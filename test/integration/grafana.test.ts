import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { createGrafanaNotifier } from '../../src/notifiers/grafana.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { grafanaAnnotationsApi, type StoredAnnotation } from '../support/grafana-stand-in.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const TOKEN = 'glsa_serviceaccount_secret_token';
const BASIC = `Basic ${Buffer.from('admin:grafana-pass').toString('base64')}`;

describe('grafana notifier against a stand-in for the annotations API', () => {
  let server: CaptureServer;
  const stored: StoredAnnotation[] = [];
  const grafanaTarget = (overrides: Partial<ProviderTarget>) =>
    sampleTarget({ type: 'grafana', address: `${server.url}/api/annotations`, ...overrides });
  before(async () => {
    server = await startCaptureServer({
      defaultReply: grafanaAnnotationsApi([`Bearer ${TOKEN}`, BASIC], stored),
    });
  });
  after(() => server.close());

  test("posts Flux's annotation, byte for byte, with the token", async () => {
    const notifier = createGrafanaNotifier(grafanaTarget({ token: TOKEN }), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        timestamp: '2024-05-01T12:00:00.9+02:00',
        metadata: { summary: 'Production <eu>', revision: 'main@sha1:abc' },
      }),
    );
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/api/annotations');
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(
      request.body.toString('utf8'),
      '{"when":1714557600,"text":"kustomization/apps.flux-system",' +
        '"tags":["flux","kustomize-controller","revision: main@sha1:abc",' +
        '"summary: Production \\u003ceu\\u003e","kind: Kustomization","name: apps",' +
        '"namespace: flux-system"]}',
    );
    assert.equal(stored.at(-1)?.text, 'kustomization/apps.flux-system');
    await notifier.close();
  });

  test('the token wins over a username and password; without a token, basic auth', async () => {
    const both = createGrafanaNotifier(
      grafanaTarget({ token: TOKEN, username: 'admin', password: 'grafana-pass' }),
      createTestDeps().deps,
    );
    const basic = createGrafanaNotifier(
      grafanaTarget({ username: 'admin', password: 'grafana-pass' }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await both.post(sampleEvent());
    await basic.post(sampleEvent());
    assert.equal(server.requests[before]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(server.requests[before + 1]?.headers.authorization, BASIC);
    await both.close();
    await basic.close();
  });

  test("Grafana's 401 is final, and its error shows no credential", async () => {
    const notifier = createGrafanaNotifier(
      grafanaTarget({ username: 'admin', password: 'wrong-pass' }),
      createTestDeps().deps,
    );
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 401);
      assert.ok(!error.message.includes('wrong-pass'), error.message);
      return true;
    });
    await notifier.close();
  });

  test('a 429 (Grafana Cloud) waits as its Retry-After says; a 503 is retried', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createGrafanaNotifier(grafanaTarget({ token: TOKEN }), deps);
    server.reply(
      { status: 429, headers: { 'Retry-After': '7' }, body: '{"message":"Too Many Requests"}' },
      { status: 503, body: '{"message":"Service unavailable"}' },
    );
    const before = stored.length;
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [7_000, 4_000]);
    assert.equal(stored.length, before + 1);
    await notifier.close();
  });
});
