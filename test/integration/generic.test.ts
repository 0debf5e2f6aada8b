import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { createGenericNotifier } from '../../src/notifiers/generic.js';
import { createGenericHmacNotifier } from '../../src/notifiers/generic-hmac.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const HMAC_KEY = 'shared-hmac-secret';

const trickyEvent = sampleEvent({
  severity: 'error',
  timestamp: '2024-05-01T14:30:15.999999+02:00',
  message: 'apply failed: <Deployment/web> & "friends" — ünïcødé 🚀',
  metadata: { summary: 'prod & eu', Revision: 'main@sha1:0f1e', commit_status: 'update' },
  reportingInstance: 'kustomize-controller-6c7b-x9k2',
});

const TRICKY_EVENT_GO_JSON = String.raw`{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error","timestamp":"2024-05-01T12:30:15Z","message":"apply failed: \u003cDeployment/web\u003e \u0026 \"friends\" — ünïcødé 🚀","reason":"ReconciliationSucceeded","metadata":{"Revision":"main@sha1:0f1e","commit_status":"update","summary":"prod \u0026 eu"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-6c7b-x9k2"}`;

describe('generic and generic-hmac notifiers', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: { status: 202 } });
  });
  after(() => server.close());

  test('generic posts the Go-encoded event with gotk-component and the secret headers', async () => {
    const notifier = createGenericNotifier(
      sampleTarget({
        address: `${server.url}/hook?x=1`,
        headers: { 'X-Team': 'platform', Authorization: 'Token abc' },
      }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(trickyEvent);
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.path, '/hook?x=1');
    assert.equal(request.body.toString('utf8'), TRICKY_EVENT_GO_JSON);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['gotk-component'], 'kustomize-controller');
    assert.equal(request.headers['x-team'], 'platform');
    assert.equal(request.headers.authorization, 'Token abc');
    assert.equal(request.headers['x-signature'], undefined);
    await notifier.close();
  });

  test("the secret's headers may override gotk-component, as in Flux", async () => {
    const notifier = createGenericNotifier(
      sampleTarget({ address: server.url, headers: { 'GOTK-Component': 'custom' } }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests[before]?.headers['gotk-component'], 'custom');
    await notifier.close();
  });

  test('generic-hmac signs the exact bytes it sends', async () => {
    const notifier = createGenericHmacNotifier(
      sampleTarget({ type: 'generic-hmac', address: server.url, token: HMAC_KEY }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(trickyEvent);
    const request = server.requests[before];
    assert.ok(request);
    const expected = createHmac('sha256', HMAC_KEY).update(request.body).digest('hex');
    assert.equal(request.headers['x-signature'], `sha256=${expected}`);
    assert.deepEqual(request.body, encodeFluxEventJson(trickyEvent));
    assert.equal(request.body.toString('utf8'), TRICKY_EVENT_GO_JSON);
    await notifier.close();
  });

  test('generic-hmac refuses an empty token when built', () => {
    for (const token of [undefined, '']) {
      assert.throws(
        () =>
          createGenericHmacNotifier(
            sampleTarget({
              type: 'generic-hmac',
              address: server.url,
              ...(token === undefined ? {} : { token }),
            }),
            createTestDeps().deps,
          ),
        { code: 'HERALD_PROVIDER_MISSING_TOKEN' },
      );
    }
  });

  test('close waits for deliveries in flight, then refuses new events', async () => {
    const notifier = createGenericNotifier(
      sampleTarget({ address: server.url }),
      createTestDeps().deps,
    );
    const order: string[] = [];
    server.reply({ status: 503 });
    const post = notifier.post(sampleEvent()).then(() => order.push('delivered'));
    await notifier.close();
    order.push('closed');
    await post;
    assert.deepEqual(order, ['delivered', 'closed']);
    await assert.rejects(notifier.post(sampleEvent()), { code: 'HERALD_NOTIFIER_CLOSED' });
  });

  test("close's signal aborts the deliveries in flight", async () => {
    const notifier = createGenericNotifier(
      sampleTarget({ address: server.url, timeoutMs: 10_000 }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    server.reply('hang');
    const post = notifier.post(sampleEvent());
    await server.waitForRequests(before + 1);
    const controller = new AbortController();
    const closed = notifier.close(controller.signal);
    controller.abort();
    await assert.rejects(post, { code: 'HERALD_DELIVERY_ABORTED' });
    await closed;
  });

  test('a rejection names neither the HMAC key nor the header secrets', async () => {
    const notifier = createGenericHmacNotifier(
      sampleTarget({
        type: 'generic-hmac',
        address: `${server.url}/hooks/abcdef-secret-path`,
        token: HMAC_KEY,
        headers: { 'X-Api-Key': 'header-secret-value' },
      }),
      createTestDeps().deps,
    );
    server.reply({ status: 403, body: `denied key=${HMAC_KEY} api=header-secret-value` });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 403);
      for (const secret of [HMAC_KEY, 'header-secret-value', 'abcdef-secret-path']) {
        assert.ok(!error.message.includes(secret), error.message);
      }
      return true;
    });
    await notifier.close();
  });
});
