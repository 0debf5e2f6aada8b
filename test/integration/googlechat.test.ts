import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createGoogleChatNotifier,
  GOOGLECHAT_MESSAGE_LIMIT,
} from '../../src/notifiers/googlechat.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { assertDeliveryFails, assertJsonPost, deliverOne } from '../support/deliver-one.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const KEY = 'AIzaSy-google-chat-key';
const TOKEN = 'google-chat-token-secret';
const WEBHOOK_PATH = `/v1/spaces/AAAA1234/messages?key=${KEY}&token=${TOKEN}`;

/** A Google API error, as Chat answers a bad or throttled request. */
function googleError(code: number, status: string, message: string) {
  return {
    status: code,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ error: { code, message, status } }),
  };
}

let server: CaptureServer;

const chatTarget = (overrides: Partial<ProviderTarget> = {}) =>
  sampleTarget({ type: 'googlechat', address: `${server.url}${WEBHOOK_PATH}`, ...overrides });

function paragraphText(body: Buffer | undefined): string {
  const payload = JSON.parse(body?.toString('utf8') ?? '') as {
    cards: [{ sections: [{ widgets: [{ textParagraph: { text: string } }] }] }];
  };
  return payload.cards[0].sections[0].widgets[0].textParagraph.text;
}

describe('googlechat notifier', () => {
  before(async () => {
    // Chat answers a created message with the Message resource.
    server = await startCaptureServer({
      defaultReply: { status: 200, body: '{"name":"spaces/AAAA1234/messages/x.y"}' },
    });
  });
  after(() => server.close());

  test("posts Flux's card byte for byte: red error text, metadata as key/values", async () => {
    const notifier = createGoogleChatNotifier(chatTarget(), createTestDeps().deps);
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({
        severity: 'error',
        message: 'Health check failed',
        metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
      }),
    );
    assertJsonPost(request, WEBHOOK_PATH);
    assert.equal(
      request.body.toString('utf8'),
      '{"cards":[{"header":{"title":"kustomization/apps.flux-system",' +
        '"subtitle":"kustomize-controller","imageUrl":null,"imageStyle":null},"sections":[' +
        '{"header":"","widgets":[{"textParagraph":{"text":' +
        '"\\u003cfont color=\\"#ff0000\\"\\u003eHealth check failed\\u003c/font\\u003e"},' +
        '"keyValue":null}]},' +
        '{"header":"","widgets":[' +
        '{"textParagraph":null,"keyValue":{"topLabel":"revision","content":"main@sha1:abc",' +
        '"contentMultiline":true,"bottomLabel":null,"icon":null}},' +
        '{"textParagraph":null,"keyValue":{"topLabel":"summary","content":"Cluster eu-1",' +
        '"contentMultiline":true,"bottomLabel":null,"icon":null}}]}]}]}',
    );
    await notifier.close();
  });

  test('without metadata the card has the message section only', async () => {
    const notifier = createGoogleChatNotifier(chatTarget(), createTestDeps().deps);
    const request = await deliverOne(notifier, server, sampleEvent());
    assert.equal(
      request.body.toString('utf8'),
      '{"cards":[{"header":{"title":"kustomization/apps.flux-system",' +
        '"subtitle":"kustomize-controller","imageUrl":null,"imageStyle":null},"sections":[' +
        '{"header":"","widgets":[{"textParagraph":{"text":"Reconciliation finished"},' +
        '"keyValue":null}]}]}]}',
    );
    await notifier.close();
  });

  test('a long message is cut so the whole message fits 32,000 bytes', async () => {
    const notifier = createGoogleChatNotifier(chatTarget(), createTestDeps().deps);
    const message = `${'日本語 & <b>'.repeat(4_000)}end`;
    const { body } = await deliverOne(
      notifier,
      server,
      sampleEvent({ severity: 'error', message }),
    );
    assert.ok(body.length <= GOOGLECHAT_MESSAGE_LIMIT.max, `${body.length} bytes`);
    assert.ok(body.length > GOOGLECHAT_MESSAGE_LIMIT.max - 20, `${body.length}: cut too much`);
    const text = paragraphText(body);
    // The red wrapping stays whole around the cut message.
    assert.ok(text.endsWith(`${TRUNCATION_MARKER}</font>`), text.slice(-40));
    await notifier.close();
  });

  test('RESOURCE_EXHAUSTED (429) is retried with backoff, then delivered once', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createGoogleChatNotifier(chatTarget(), deps);
    const before = server.requests.length;
    server.reply(
      googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'),
    );
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [2_000]);
    assert.equal(paragraphText(server.requests.at(-1)?.body), 'Reconciliation finished');
    await notifier.close();
  });

  test('INVALID_ARGUMENT (400) is final; the error names neither key nor token', async () => {
    const notifier = createGoogleChatNotifier(chatTarget(), createTestDeps().deps);
    server.reply(googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload for token=${TOKEN}`));
    await assertDeliveryFails(
      notifier.post(sampleEvent()),
      { code: 'HERALD_DELIVERY_REJECTED', attempts: 1 },
      [TOKEN, KEY],
    );
    await notifier.close();
  });
});
