import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { ZULIP_MESSAGE_LIMIT, ZULIP_PROVIDER } from '../../src/providers/zulip.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const BOT = 'flux-bot@example.zulipchat.com';
const API_KEY = 'Zk3yS3cr3tApiKeyValue9';

/** What the Zulip server reads from the form (as its own decoder would). */
const formOf = (body: Buffer) => Object.fromEntries(new URLSearchParams(body.toString('utf8')));

describe('zulip notifier against a Zulip server stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({
      defaultReply: { status: 200, body: '{"id":42,"msg":"","result":"success"}' },
    });
  });
  after(() => server.close());

  const zulip = (overrides: Partial<ProviderTarget> = {}) => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({
      type: 'zulip',
      // Flux replaces the address's path with the messages endpoint.
      address: `${server.url}/some/path`,
      channel: 'deploys/prod/eu',
      username: BOT,
      password: API_KEY,
      ...overrides,
    });
    return { notifier: ZULIP_PROVIDER.createNotifier(target, deps), delays };
  };

  test("POSTs Flux's Markdown post as Go encodes the form, with Basic auth", async () => {
    const { notifier } = zulip();
    const first = server.requests.length;
    await notifier.post(
      sampleEvent({
        message: 'Applied revision: main@sha1:abc (2 changes)',
        metadata: { summary: 'Prod*', revision: 'main' },
      }),
    );
    const request = server.requests[first];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/api/v1/messages');
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      request.headers.authorization,
      `Basic ${Buffer.from(`${BOT}:${API_KEY}`).toString('base64')}`,
    );
    // url.Values.Encode: keys sorted, QueryEscape (space as +, and * ( ) : @ / escaped).
    assert.equal(
      request.body.toString('utf8'),
      'content=%23%23+Flux+Status%0A%0A%E2%84%B9%EF%B8%8F+Kustomization%2Fflux-system%2Fapps%0A%0A' +
        'Applied+revision%3A+main%40sha1%3Aabc+%282+changes%29%0A%0AMetadata%3A%0A' +
        '%2A+%60revision%60%3A+main%0A%2A+%60summary%60%3A+Prod%2A%0A' +
        '&to=deploys&topic=prod%2Feu&type=stream',
    );
    await notifier.close();
  });

  test('errors get ⚠️, as Flux', async () => {
    const { notifier } = zulip();
    const first = server.requests.length;
    await notifier.post(sampleEvent({ severity: 'error', message: 'failed' }));
    assert.equal(
      formOf(server.requests[first]?.body ?? Buffer.alloc(0)).content,
      '## Flux Status\n\n⚠️ Kustomization/flux-system/apps\n\nfailed\n\nMetadata:\n',
    );
    await notifier.close();
  });

  test("a 429 is retried after the body's retry-after", async () => {
    const { notifier, delays } = zulip();
    const first = server.requests.length;
    server.reply({
      status: 429,
      body: '{"result":"error","msg":"API usage exceeded rate limit","retry-after":2.5,"code":"RATE_LIMIT_HIT"}',
    });
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [2_500]);
    assert.equal(server.requests.length - first, 2);
    await notifier.close();
  });

  test("a 400 is a final rejection naming Zulip's code, with no credential", async () => {
    const { notifier } = zulip();
    server.reply({
      status: 400,
      body: `{"result":"error","msg":"Stream 'deploys' does not exist for ${BOT}","code":"STREAM_DOES_NOT_EXIST","stream":"deploys"}`,
    });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.match(error.message, /HTTP 400 Bad Request \(Zulip STREAM_DOES_NOT_EXIST\)$/);
      assert.ok(!error.message.includes(API_KEY), error.message);
      return true;
    });
    await notifier.close();
  });

  test('a long message is cut so that the content is 10,000 characters', async () => {
    const { notifier } = zulip();
    const first = server.requests.length;
    await notifier.post(sampleEvent({ message: 'x'.repeat(20_000), metadata: { summary: 'P' } }));
    const { content = '' } = formOf(server.requests[first]?.body ?? Buffer.alloc(0));
    assert.equal(content.length, ZULIP_MESSAGE_LIMIT.max);
    assert.ok(content.endsWith(`${TRUNCATION_MARKER}\n\nMetadata:\n* \`summary\`: P\n`));
    await notifier.close();
  });
});
