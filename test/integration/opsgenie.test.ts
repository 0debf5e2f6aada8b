import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { createOpsgenieNotifier } from '../../src/notifiers/opsgenie.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { OPSGENIE_THROTTLED, opsgenieAlertApi } from '../support/opsgenie-stand-in.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const API_KEY = 'eb243592-faa2-4ba2-a551q-1afdf565c889';

describe('opsgenie notifier against a stand-in for the Alert API', () => {
  let server: CaptureServer;
  let target: ProviderTarget;
  before(async () => {
    server = await startCaptureServer({ defaultReply: opsgenieAlertApi(API_KEY) });
    target = sampleTarget({ type: 'opsgenie', address: `${server.url}/v2/alerts`, token: API_KEY });
  });
  after(() => server.close());

  test("creates Flux's alert, byte for byte, with the GenieKey", async () => {
    const notifier = createOpsgenieNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'apply failed: <Deployment/web> & more',
        metadata: { severity: 'overridden', revision: 'main@sha1:abc', 'a b': 'c' },
      }),
    );
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v2/alerts');
    assert.equal(request.headers.authorization, `GenieKey ${API_KEY}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body.toString('utf8'),
      '{"message":"Kustomization/apps",' +
        '"description":"apply failed: \\u003cDeployment/web\\u003e \\u0026 more",' +
        '"details":{"a b":"c","revision":"main@sha1:abc","severity":"error"}}',
    );
    await notifier.close();
  });

  test('a long message and a long name are cut to fit, not refused', async () => {
    const notifier = createOpsgenieNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    const name = 'n'.repeat(200);
    await notifier.post(
      sampleEvent({
        message: 'é'.repeat(20_000),
        involvedObject: { kind: 'HelmRelease', name, namespace: 'apps' },
      }),
    );
    const sent = JSON.parse(server.requests[before]?.body.toString() ?? '') as {
      message: string;
      description: string;
    };
    assert.equal(sent.message.length, 130);
    assert.ok(
      sent.message.startsWith('HelmRelease/nnn') && sent.message.endsWith(TRUNCATION_MARKER),
    );
    assert.equal(sent.description.length, 15_000);
    assert.ok(sent.description.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a 429 is retried with backoff until accepted', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createOpsgenieNotifier(target, deps);
    server.reply(OPSGENIE_THROTTLED, OPSGENIE_THROTTLED);
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(delays, [2_000, 4_000]);
    await notifier.close();
  });

  test('a wrong key is a final 401 whose error does not show the key', async () => {
    const wrongKey = 'f00dbabe-0000-4000-8000-secretsecret';
    const notifier = createOpsgenieNotifier({ ...target, token: wrongKey }, createTestDeps().deps);
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 401);
      assert.equal(error.attempts, 1);
      assert.ok(!error.message.includes(wrongKey), error.message);
      return true;
    });
    await notifier.close();
  });

  test('no API key is refused when the notifier is built, as Flux refuses it', () => {
    assert.throws(() => createOpsgenieNotifier({ ...target, token: '' }, createTestDeps().deps), {
      code: 'HERALD_PROVIDER_MISSING_TOKEN',
    });
  });
});
