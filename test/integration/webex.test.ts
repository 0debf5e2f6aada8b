import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { ProviderConfigError } from '../../src/notifiers/provider-config-error.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { createWebexNotifier, WEBEX_MESSAGE_LIMIT } from '../../src/notifiers/webex.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { assertDeliveryFails, assertJsonPost, deliverOne } from '../support/deliver-one.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const BOT_TOKEN = 'NmQ4-webex-bot-token-secret';
const ROOM = 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQ';

let server: CaptureServer;

const webexTarget = (overrides: Partial<ProviderTarget> = {}) =>
  sampleTarget({
    type: 'webex',
    address: `${server.url}/v1/messages`,
    channel: ROOM,
    token: BOT_TOKEN,
    ...overrides,
  });

function markdownOf(body: Buffer | undefined): string {
  return (JSON.parse(body?.toString('utf8') ?? '') as { markdown: string }).markdown;
}

describe('webex notifier', () => {
  before(async () => {
    // The Messages API answers a created message with the Message object.
    server = await startCaptureServer({
      defaultReply: { status: 200, body: `{"id":"msg-1","roomId":"${ROOM}","roomType":"group"}` },
    });
  });
  after(() => server.close());

  test("posts Flux's Markdown to the room as the bot, byte for byte", async () => {
    const notifier = createWebexNotifier(webexTarget(), createTestDeps().deps);
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({
        severity: 'error',
        message: 'Health check failed for <web>',
        metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
      }),
    );
    assertJsonPost(request, '/v1/messages');
    assert.equal(request.headers.authorization, `Bearer ${BOT_TOKEN}`);
    assert.equal(
      request.body.toString('utf8'),
      `{"roomId":"${ROOM}","markdown":"💣 **kustomization/apps.flux-system**\\n` +
        'Health check failed for \\u003cweb\\u003e\\n' +
        '\\u003e**revision**: main@sha1:abc\\n\\u003e**summary**: Cluster eu-1\\n"}',
    );
    await notifier.close();
  });

  test('info is ✅, and no metadata means no quoted lines', async () => {
    const notifier = createWebexNotifier(webexTarget(), createTestDeps().deps);
    const request = await deliverOne(notifier, server, sampleEvent());
    assert.equal(
      markdownOf(request.body),
      '✅ **kustomization/apps.flux-system**\nReconciliation finished\n',
    );
    await notifier.close();
  });

  test('a long message is cut so the Markdown fits 7,439 bytes', async () => {
    const notifier = createWebexNotifier(webexTarget(), createTestDeps().deps);
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({ message: 'é'.repeat(10_000), metadata: { summary: 'Cluster eu-1' } }),
    );
    const markdown = markdownOf(request.body);
    const bytes = Buffer.byteLength(markdown, 'utf8');
    assert.ok(bytes <= WEBEX_MESSAGE_LIMIT.max, `${bytes} bytes`);
    assert.ok(bytes > WEBEX_MESSAGE_LIMIT.max - 2, `${bytes} bytes: cut too much`);
    assert.ok(markdown.endsWith(`${TRUNCATION_MARKER}\n>**summary**: Cluster eu-1\n`));
    await notifier.close();
  });

  test("Webex's 429 is retried after its Retry-After", async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createWebexNotifier(webexTarget(), deps);
    const before = server.requests.length;
    server.reply({
      status: 429,
      headers: { 'Retry-After': '5', 'Content-Type': 'application/json' },
      body: '{"message":"Too Many Requests","trackingId":"ROUTER_1"}',
    });
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [5_000]);
    await notifier.close();
  });

  test('a 401 is final, and the error holds no token', async () => {
    const notifier = createWebexNotifier(webexTarget(), createTestDeps().deps);
    server.reply({
      status: 401,
      headers: { 'Content-Type': 'application/json' },
      body: `{"message":"The request requires a valid access token (Bearer ${BOT_TOKEN})","trackingId":"x"}`,
    });
    await assertDeliveryFails(
      notifier.post(sampleEvent()),
      { code: 'HERALD_DELIVERY_REJECTED', status: 401, attempts: 1 },
      [BOT_TOKEN],
    );
    await notifier.close();
  });

  test('a Provider without token or room is refused when the notifier is built', () => {
    const cases: [Partial<ProviderTarget>, string][] = [
      [{ token: '' }, 'HERALD_PROVIDER_MISSING_TOKEN'],
      [{ channel: '' }, 'HERALD_PROVIDER_INVALID_CHANNEL'],
    ];
    for (const [overrides, code] of cases) {
      assert.throws(
        () => createWebexNotifier(webexTarget(overrides), createTestDeps().deps),
        (error: unknown) => {
          assert.ok(error instanceof ProviderConfigError);
          assert.equal(error.code, code);
          assert.ok(!error.message.includes(BOT_TOKEN), error.message);
          return true;
        },
      );
    }
  });
});
