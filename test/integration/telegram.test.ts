import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { TELEGRAM_PROVIDER } from '../../src/providers/telegram.js';
import { startCaptureServer, type CaptureServer, type Reply } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

/** The Bot API's answers (https://core.telegram.org/bots/api#making-requests). */
const sent: Reply = { status: 200, body: '{"ok":true,"result":{"message_id":7}}' };
const refusal = (code: number, description: string, parameters?: object): Reply => ({
  status: code,
  body: JSON.stringify({ ok: false, error_code: code, description, parameters }),
});

const rejection = (check: (error: DeliveryError) => void) => (error: unknown) => {
  assert.ok(error instanceof DeliveryError);
  assert.ok(!error.message.includes(TOKEN), error.message);
  assert.ok(!error.message.includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'), error.message);
  check(error);
  return true;
};

describe('telegram notifier against a Bot API stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: sent });
  });
  after(() => server.close());

  const telegram = (overrides: Partial<ProviderTarget> = {}) => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({
      type: 'telegram',
      address: server.url,
      token: TOKEN,
      channel: '-100123:42',
      ...overrides,
    });
    return { notifier: TELEGRAM_PROVIDER.createNotifier(target, deps), delays };
  };

  test("POSTs Flux's MarkdownV2 sendMessage body to /bot<token>/sendMessage", async () => {
    const { notifier } = telegram();
    const first = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'apply failed: x.y (retry) <b>',
        metadata: {
          summary: 'Production cluster',
          'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc',
        },
      }),
    );
    const request = server.requests[first];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/bot${TOKEN}/sendMessage`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, undefined);
    // Flux's escaping: every MarkdownV2 character behind a backslash, then Go's JSON escaping
    // of <, > and the backslashes; the topic after the channel's first colon.
    assert.equal(
      request.body.toString('utf8'),
      '{"chat_id":"-100123","message_thread_id":"42",' +
        '"text":"*🚨 kustomization/apps/flux\\\\-system*\\n' +
        'apply failed: x\\\\.y \\\\(retry\\\\) \\u003cb\\\\\\u003e\\n' +
        '\\\\- *kustomize\\\\.toolkit\\\\.fluxcd\\\\.io/revision*: main@sha1:abc\\n' +
        '\\\\- *summary*: Production cluster\\n",' +
        '"parse_mode":"MarkdownV2"}',
    );
    await notifier.close();
  });

  test('a chat without topic sends no message_thread_id; info events get 💫', async () => {
    const { notifier } = telegram({ channel: '@fluxcd' });
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    const payload = JSON.parse(server.requests[first]?.body.toString() ?? '') as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(payload), ['chat_id', 'text', 'parse_mode']);
    assert.equal(payload.chat_id, '@fluxcd');
    assert.equal(payload.text, '*💫 kustomization/apps/flux\\-system*\nReconciliation finished\n');
    await notifier.close();
  });

  test("a 429 is retried after the body's retry_after, then delivered once", async () => {
    const { notifier, delays } = telegram();
    const first = server.requests.length;
    server.reply(refusal(429, 'Too Many Requests: retry after 3', { retry_after: 3 }));
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [3_000]);
    const [retried, delivered] = server.requests.slice(first);
    assert.equal(server.requests.length - first, 2);
    assert.deepEqual(retried?.body, delivered?.body);
    await notifier.close();
  });

  test('a retry_after beyond the timeout gives up at once instead of waiting', async () => {
    const { notifier, delays } = telegram();
    server.reply(refusal(429, 'Too Many Requests: retry after 60', { retry_after: 60 }));
    await assert.rejects(
      notifier.post(sampleEvent()),
      rejection((error) => {
        assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
        assert.equal(error.status, 429);
        assert.match(
          error.message,
          /the next, in 60000 ms, would start after the 15000 ms timeout/,
        );
      }),
    );
    assert.deepEqual(delays, []);
    await notifier.close();
  });

  test("a 400 is a final rejection quoting Telegram's description", async () => {
    const { notifier } = telegram();
    const first = server.requests.length;
    server.reply(refusal(400, 'Bad Request: chat not found'));
    await assert.rejects(
      notifier.post(sampleEvent()),
      rejection((error) => {
        assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
        assert.equal(error.attempts, 1);
        assert.match(
          error.message,
          /HTTP 400 Bad Request \(Telegram: Bad Request: chat not found\)$/,
        );
      }),
    );
    assert.equal(server.requests.length - first, 1);
    await notifier.close();
  });

  test('a description echoing the token is not quoted, only the error code', async () => {
    const { notifier } = telegram();
    server.reply(refusal(401, `Unauthorized: invalid token ${TOKEN}`));
    await assert.rejects(
      notifier.post(sampleEvent()),
      rejection((error) => {
        assert.equal(error.status, 401);
        assert.match(error.message, /\(Telegram error_code 401\)$/);
        assert.doesNotMatch(error.message, /\/bot/);
      }),
    );
    await notifier.close();
  });

  test('a 200 with ok:false is a final rejection', async () => {
    const { notifier } = telegram();
    server.reply({
      status: 200,
      body: '{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}',
    });
    await assert.rejects(
      notifier.post(sampleEvent()),
      rejection((error) => {
        assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
        assert.match(error.message, /Telegram: Bad Request: message text is empty/);
      }),
    );
    await notifier.close();
  });

  test('a long message is cut so that the text as shown is 4,096 characters', async () => {
    const { notifier } = telegram();
    const first = server.requests.length;
    await notifier.post(sampleEvent({ message: 'x'.repeat(5_000), metadata: { summary: 'Prod' } }));
    const { text } = JSON.parse(server.requests[first]?.body.toString() ?? '') as { text: string };
    // What Telegram shows: escapes and the bold markers gone.
    const shown = text.replace(/\\(.)/g, '$1').replace(/\*/g, '');
    assert.equal(shown.length, 4_096);
    const [, message, metadata] = shown.split('\n');
    assert.ok(message?.endsWith(TRUNCATION_MARKER), message);
    assert.equal(metadata, '- summary: Prod');
    await notifier.close();
  });

  test('a self-hosted Bot API server under a path is used as the base', async () => {
    const { notifier } = telegram({ address: `${server.url}/telegram/` });
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests[first]?.path, `/telegram/bot${TOKEN}/sendMessage`);
    await notifier.close();
  });
});
