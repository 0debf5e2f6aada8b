import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { ZOOM_PROVIDER } from '../../src/providers/zoom.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const TOKEN = 'zVerificationToken0123456789';
const HOOK_PATH = '/chat/webhooks/incomingwebhook/secretHookId42';

describe('zoom notifier against an Incoming Webhook stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: { status: 200, body: '' } });
  });
  after(() => server.close());

  const zoom = (address: string) => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({ type: 'zoom', address, token: TOKEN });
    return { notifier: ZOOM_PROVIDER.createNotifier(target, deps), delays };
  };

  test("POSTs Flux's full-format message with the raw token as Authorization", async () => {
    const { notifier } = zoom(`${server.url}${HOOK_PATH}`);
    const first = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'health check <failed>',
        metadata: { summary: 'Production cluster', revision: 'main@sha1:abc' },
      }),
    );
    const request = server.requests[first];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `${HOOK_PATH}?format=full`);
    assert.equal(request.headers.authorization, TOKEN);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body.toString('utf8'),
      '{"content":{"head":{"text":"kustomization/apps.flux-system","sub_head":{"text":"error"}},' +
        '"body":[{"type":"message","text":"health check \\u003cfailed\\u003e"},' +
        '{"type":"fields","items":[{"key":"revision","value":"main@sha1:abc"},' +
        '{"key":"summary","value":"Production cluster"}]}]}}',
    );
    await notifier.close();
  });

  test('no metadata, no fields item; the query is written again in Go order', async () => {
    const { notifier } = zoom(`${server.url}${HOOK_PATH}?b=2&a=1`);
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    const request = server.requests[first];
    assert.equal(request?.path, `${HOOK_PATH}?a=1&b=2&format=full`);
    assert.equal(
      request.body.toString('utf8'),
      '{"content":{"head":{"text":"kustomization/apps.flux-system","sub_head":{"text":"info"}},' +
        '"body":[{"type":"message","text":"Reconciliation finished"}]}}',
    );
    await notifier.close();
  });

  test('a format the address names is kept', async () => {
    const { notifier } = zoom(`${server.url}${HOOK_PATH}?format=message`);
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests[first]?.path, `${HOOK_PATH}?format=message`);
    await notifier.close();
  });

  test('a 429 is retried, honouring Retry-After', async () => {
    const { notifier, delays } = zoom(`${server.url}${HOOK_PATH}`);
    server.reply({ status: 429, headers: { 'Retry-After': '3' }, body: '' });
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [3_000]);
    await notifier.close();
  });

  test('a refused token is a final rejection that names neither token nor hook', async () => {
    const { notifier } = zoom(`${server.url}${HOOK_PATH}`);
    server.reply({ status: 401, body: `{"error":"invalid token ${TOKEN} for ${HOOK_PATH}"}` });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 401);
      assert.ok(!error.message.includes(TOKEN), error.message);
      assert.ok(!error.message.includes('secretHookId42'), error.message);
      return true;
    });
    await notifier.close();
  });
});
