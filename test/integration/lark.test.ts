import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { LARK_MESSAGE_LIMIT, LARK_PROVIDER } from '../../src/providers/lark.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const HOOK_PATH = '/open-apis/bot/v2/hook/0d6f1c2a-secret-hook-id';

describe('lark notifier against a custom-bot webhook stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    // A custom bot's answer to an accepted card.
    server = await startCaptureServer({
      defaultReply: { status: 200, body: '{"code":0,"data":{},"msg":"success"}' },
    });
  });
  after(() => server.close());

  const lark = () => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({ type: 'lark', address: `${server.url}${HOOK_PATH}` });
    return { notifier: LARK_PROVIDER.createNotifier(target, deps), delays };
  };

  test("POSTs Flux's interactive card, byte for byte", async () => {
    const { notifier } = lark();
    const first = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'apply failed & rolled back',
        metadata: { summary: 'Production cluster', revision: 'main@sha1:abc' },
      }),
    );
    const request = server.requests[first];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, HOOK_PATH);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body.toString('utf8'),
      '{"msg_type":"interactive","card":{"config":{"wide_screen_mode":true},' +
        '"header":{"title":{"tag":"plain_text","content":"🚨 kustomization/apps.flux-system"},' +
        '"template":"red"},"elements":[{"tag":"div","text":{"tag":"lark_md",' +
        '"content":"**apply failed \\u0026 rolled back**\\n\\n' +
        'revision: main@sha1:abc\\nsummary: Production cluster\\n"}}]}}',
    );
    await notifier.close();
  });

  test('info events get 💫 and the turquoise template', async () => {
    const { notifier } = lark();
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    const card = (
      JSON.parse(server.requests[first]?.body.toString() ?? '') as {
        card: { header: { title: { content: string }; template: string } };
      }
    ).card;
    assert.equal(card.header.title.content, '💫 kustomization/apps.flux-system');
    assert.equal(card.header.template, 'turquoise');
    await notifier.close();
  });

  test('a 200 with a non-zero code is a final refusal quoting Lark', async () => {
    const { notifier } = lark();
    const first = server.requests.length;
    server.reply({
      status: 200,
      body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from signature"}',
    });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.match(
        error.message,
        /Lark responded with code 19021: sign match fail or timestamp is not within one hour/,
      );
      assert.ok(!error.message.includes('secret-hook-id'), error.message);
      return true;
    });
    assert.equal(server.requests.length - first, 1);
    await notifier.close();
  });

  test('a 429 is retried, honouring Retry-After', async () => {
    const { notifier, delays } = lark();
    const first = server.requests.length;
    server.reply({
      status: 429,
      headers: { 'Retry-After': '4' },
      body: '{"code":11232,"msg":"frequency limited"}',
    });
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [4_000]);
    assert.equal(server.requests.length - first, 2);
    await notifier.close();
  });

  test('a long message is cut so that the body fits 20 KB, the metadata kept', async () => {
    const { notifier } = lark();
    const first = server.requests.length;
    await notifier.post(sampleEvent({ message: '<'.repeat(30_000), metadata: { summary: 'P' } }));
    const body = server.requests[first]?.body ?? Buffer.alloc(0);
    // Each < is six bytes once Go has escaped it: the cut counts the body as sent.
    assert.ok(body.length <= LARK_MESSAGE_LIMIT.max, String(body.length));
    assert.ok(body.length > LARK_MESSAGE_LIMIT.max - 200, String(body.length));
    const content = (
      JSON.parse(body.toString('utf8')) as {
        card: { elements: { text: { content: string } }[] };
      }
    ).card.elements[0]?.text.content;
    assert.ok(content?.endsWith(`${TRUNCATION_MARKER}**\n\nsummary: P\n`), content?.slice(-60));
    await notifier.close();
  });
});
