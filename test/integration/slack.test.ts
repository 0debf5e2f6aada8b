import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { createSlackNotifier, SLACK_CHAT_POST_MESSAGE_URL } from '../../src/notifiers/slack.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';
import { TEST_TLS } from '../support/tls-fixtures.js';

const TOKEN = 'xoxb-123-secret-token';

const slackTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'slack', ...overrides });

describe('slack notifier', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer();
  });
  after(() => server.close());

  test("posts Flux's exact payload bytes to a webhook, with the bearer token", async () => {
    const { deps } = createTestDeps();
    const notifier = createSlackNotifier(
      slackTarget({ address: `${server.url}/services/T0/B0/X`, channel: '#ops', token: TOKEN }),
      deps,
    );
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({ severity: 'error', message: 'failed <x>', metadata: { b: '2', a: '1' } }),
    );
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/services/T0/B0/X');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    // Byte for byte what Flux's json.Marshal writes: every key, Go's escaping of < and >.
    assert.equal(
      request.body.toString('utf8'),
      '{"channel":"#ops","username":"kustomize-controller","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"fallback":"kustomization/apps.flux-system: failed \\u003cx\\u003e",' +
        '"color":"danger","author_name":"kustomization/apps.flux-system",' +
        '"text":"failed \\u003cx\\u003e","mrkdwn_in":["text"],"fields":[' +
        '{"title":"a","value":"1","short":false},{"title":"b","value":"2","short":false}]}]}',
    );
    await notifier.close();
  });

  test('a webhook answering ok:false with 200 is delivered (only the Web API says ok)', async () => {
    const { deps } = createTestDeps();
    const notifier = createSlackNotifier(slackTarget({ address: server.url }), deps);
    server.reply({ status: 200, body: '{"ok":false,"error":"ignored"}' });
    await notifier.post(sampleEvent());
    await notifier.close();
  });

  test('no token, no Authorization header', async () => {
    const { deps } = createTestDeps();
    const notifier = createSlackNotifier(slackTarget({ address: server.url }), deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests[before]?.headers.authorization, undefined);
    await notifier.close();
  });

  test('a bad address fails when the notifier is built, masked', () => {
    const { deps } = createTestDeps();
    assert.throws(
      () =>
        createSlackNotifier(slackTarget({ address: 'hooks.slack.com/services/T/B/SECRET' }), deps),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'HERALD_PROVIDER_INVALID_ADDRESS');
        assert.ok(!error.message.includes('SECRET'), error.message);
        return true;
      },
    );
  });
});

describe('slack notifier against the chat.postMessage address', () => {
  let server: CaptureServer;
  let proxy: ForwardProxy;
  before(async () => {
    // slack.com:443 is tunnelled to a local https server whose test certificate names slack.com.
    server = await startCaptureServer({
      tls: { cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey },
    });
    proxy = await startForwardProxy({ tunnelTo: () => new URL(server.url).host });
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });

  const webApiNotifier = () =>
    createSlackNotifier(
      slackTarget({
        address: SLACK_CHAT_POST_MESSAGE_URL,
        token: TOKEN,
        channel: 'C123',
        proxy: proxy.url,
        tls: { ca: TEST_TLS.ca },
      }),
      createTestDeps().deps,
    );

  test('200 with ok:false is a final rejection carrying Slack error, and no token', async () => {
    const notifier = webApiNotifier();
    server.reply({ status: 200, body: '{"ok":false,"error":"not_in_channel"}' });
    const before = server.requests.length;
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 200);
      assert.equal(error.attempts, 1);
      assert.match(error.message, /Slack responded with error: not_in_channel/);
      assert.ok(!error.message.includes(TOKEN));
      return true;
    });
    assert.equal(server.requests.length - before, 1);
    assert.equal(server.requests[before]?.path, '/api/chat.postMessage');
    assert.deepEqual(proxy.seen.at(-1), { method: 'CONNECT', target: 'slack.com:443' });
    await notifier.close();
  });

  test('200 with ok:true is delivered, even when Slack echoes a long message back', async () => {
    const notifier = webApiNotifier();
    const echo = JSON.stringify({
      ok: true,
      channel: 'C123',
      message: { text: 'é'.repeat(39_000) },
    });
    server.reply(
      { status: 200, body: '{"ok":true,"channel":"C123","ts":"1.2"}' },
      { status: 200, body: echo },
    );
    await notifier.post(sampleEvent());
    await notifier.post(sampleEvent({ message: 'é'.repeat(39_000) }));
    await notifier.close();
  });
});
