import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDatadogNotifier } from '../../src/notifiers/datadog.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import type { CapturedRequest, Reply } from '../support/capture-server.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { assertRejected } from '../support/delivery-rejection.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const API_KEY = 'dd0123456789abcdef0123456789abcd';

/**
 * Datadog's Events API v1 as documented (https://docs.datadoghq.com/api/latest/events/): 202
 * with the stored event for a known key, 403 `{"errors":["Forbidden"]}` for another, 400 for a
 * body without title or text.
 */
function datadogEventsApi(request: CapturedRequest): Reply {
  if (request.method !== 'POST' || request.path !== '/api/v1/events') {
    return { status: 404, body: '{"errors":["Not found"]}' };
  }
  if (request.headers['dd-api-key'] !== API_KEY) {
    return { status: 403, body: '{"errors":["Forbidden"]}' };
  }
  const body = JSON.parse(request.body.toString('utf8')) as { title?: string; text?: string };
  if (typeof body.title !== 'string' || typeof body.text !== 'string') {
    return { status: 400, body: '{"errors":["Event title and text are required"]}' };
  }
  return {
    status: 202,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'ok', event: { id: 1, title: body.title } }),
  };
}

const datadogTarget = (server: CaptureServer, overrides: Partial<ProviderTarget> = {}) =>
  sampleTarget({
    type: 'datadog',
    address: `${server.url}/ignored/path`,
    token: API_KEY,
    ...overrides,
  });

describe('datadog notifier', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: datadogEventsApi });
  });
  after(() => server.close());

  test("posts Flux's event to /api/v1/events of the site, with the API key", async () => {
    const { deps } = createTestDeps();
    const notifier = createDatadogNotifier(datadogTarget(server), deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'Health check <failed>',
        reason: 'HealthCheckFailed',
        metadata: { Revision: 'Main@sha1:ABC', cluster: 'Prod' },
      }),
    );
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.path, '/api/v1/events');
    assert.equal(request.headers['dd-api-key'], API_KEY);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.accept, 'application/json');
    // The Datadog Go client writes its map in key order, with Go's escaping.
    assert.equal(
      request.body.toString('utf8'),
      '{"alert_type":"error","date_happened":1714564800,"source_type_name":"fluxcd",' +
        '"tags":["flux_reporting_controller:kustomize-controller",' +
        '"flux_reason:healthcheckfailed","kube_kind:kustomization","kube_name:apps",' +
        '"kube_namespace:flux-system","revision:main@sha1:abc","cluster:prod"],' +
        '"text":"Health check \\u003cfailed\\u003e",' +
        '"title":"Events from the Kustomization apps/flux-system"}',
    );
    await notifier.close();
  });

  test('info events are alert_type info', async () => {
    const notifier = createDatadogNotifier(datadogTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    const body = JSON.parse(server.requests[before]?.body.toString('utf8') ?? '') as Record<
      string,
      unknown
    >;
    assert.equal(body.alert_type, 'info');
    assert.equal(body.text, 'Reconciliation finished');
    await notifier.close();
  });

  test("a message beyond Datadog's 4,000 characters is cut, marked, and accepted", async () => {
    const notifier = createDatadogNotifier(datadogTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ message: 'x'.repeat(10_000) }));
    const body = JSON.parse(server.requests[before]?.body.toString('utf8') ?? '') as {
      text: string;
    };
    assert.equal(body.text.length, 4_000);
    assert.ok(body.text.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a 429 waits for X-RateLimit-Reset, then delivers', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createDatadogNotifier(datadogTarget(server), deps);
    server.reply({
      status: 429,
      headers: {
        'X-RateLimit-Limit': '1000',
        'X-RateLimit-Period': '60',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '7',
      },
      body: '{"errors":["Rate limit of 1000 requests in 60 seconds reached."]}',
    });
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [7_000]);
    await notifier.close();
  });

  test('a wrong API key is a final 403 that never shows the key', async () => {
    const notifier = createDatadogNotifier(
      datadogTarget(server, { token: 'wrong-key-0123456789' }),
      createTestDeps().deps,
    );
    await assertRejected(notifier.post(sampleEvent()), {
      status: 403,
      attempts: 1,
      hides: ['wrong-key-0123456789'],
    });
    await notifier.close();
  });

  test('no API key fails when the notifier is built', () => {
    assert.throws(
      () => createDatadogNotifier(datadogTarget(server, { token: '' }), createTestDeps().deps),
      { code: 'HERALD_PROVIDER_MISSING_TOKEN' },
    );
  });
});
