import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { MATRIX_MESSAGE_LIMIT, MATRIX_PROVIDER } from '../../src/providers/matrix.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const TOKEN = 'syt_aGVyYWxk_secretAccessToken_1a2b3c';
const ROOM = '!jezptmDwEeLapMLjOc:matrix.org';
const SEND_PATH = `/_matrix/client/r0/rooms/${ROOM}/send/m.room.message/`;

describe('matrix notifier against a homeserver stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    // A homeserver answers a stored event with its id.
    server = await startCaptureServer({
      defaultReply: { status: 200, body: '{"event_id":"$YUwRidLecu:example.com"}' },
    });
  });
  after(() => server.close());

  const matrix = (overrides: Partial<ProviderTarget> = {}) => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({
      type: 'matrix',
      address: server.url,
      token: TOKEN,
      channel: ROOM,
      ...overrides,
    });
    return { notifier: MATRIX_PROVIDER.createNotifier(target, deps), delays };
  };

  test("PUTs Flux's m.text content, the transaction id the SHA-1 of Flux's event JSON", async () => {
    const { notifier } = matrix();
    const first = server.requests.length;
    const event = sampleEvent({
      severity: 'error',
      message: 'health check failed <x>',
      metadata: { summary: 'Production cluster', revision: 'main@sha1:abc' },
    });
    await notifier.post(event);
    const request = server.requests[first];
    assert.ok(request);
    // The event as Flux's json.Marshal writes it, written out here by hand.
    const fluxJson =
      '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps",' +
      '"apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error",' +
      '"timestamp":"2024-05-01T12:00:00Z","message":"health check failed \\u003cx\\u003e",' +
      '"reason":"ReconciliationSucceeded","metadata":{"revision":"main@sha1:abc",' +
      '"summary":"Production cluster"},"reportingController":"kustomize-controller"}';
    const txn = createHash('sha1').update(fluxJson).digest('hex');
    assert.equal(request.method, 'PUT');
    assert.equal(request.path, `${SEND_PATH}${txn}`);
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body.toString('utf8'),
      '{"body":"🚨 kustomization/apps.flux-system\\nhealth check failed \\u003cx\\u003e\\n' +
        '- revision: main@sha1:abc\\n- summary: Production cluster\\n","msgtype":"m.text"}',
    );
    await notifier.close();
  });

  test('a rate-limited PUT is retried after retry_after_ms with the same transaction id', async () => {
    const { notifier, delays } = matrix();
    const first = server.requests.length;
    server.reply({
      status: 429,
      body: '{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":1500}',
    });
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [1_500]);
    const [limited, stored] = server.requests.slice(first);
    assert.equal(server.requests.length - first, 2);
    assert.equal(limited?.path, stored?.path);
    assert.ok(stored?.path.startsWith(SEND_PATH));
    await notifier.close();
  });

  test('a lost answer is retried with the same transaction id, so the room gets it once', async () => {
    const { notifier } = matrix();
    const first = server.requests.length;
    server.reply('reset');
    await notifier.post(sampleEvent({ message: 'once' }));
    const paths = server.requests.slice(first).map((request) => request.path);
    assert.equal(paths.length, 2);
    assert.equal(new Set(paths).size, 1);
    await notifier.close();
  });

  test("a 403 is a final rejection naming Matrix's errcode, not its text", async () => {
    const { notifier } = matrix();
    server.reply({
      status: 403,
      body: JSON.stringify({ errcode: 'M_FORBIDDEN', error: `token ${TOKEN} not in room` }),
    });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.match(error.message, /HTTP 403 Forbidden \(Matrix errcode M_FORBIDDEN\)$/);
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    });
    await notifier.close();
  });

  test('a room alias is escaped where a path segment needs it', async () => {
    const { notifier } = matrix({ channel: '#ops:example.org' });
    const first = server.requests.length;
    await notifier.post(sampleEvent());
    assert.ok(
      server.requests[first]?.path.startsWith(
        '/_matrix/client/r0/rooms/%23ops:example.org/send/m.room.message/',
      ),
    );
    await notifier.close();
  });

  test('a long message is cut so that the content fits 60 KiB, metadata kept', async () => {
    const { notifier } = matrix();
    const first = server.requests.length;
    await notifier.post(sampleEvent({ message: 'é'.repeat(38_000), metadata: { summary: 'P' } }));
    const body = server.requests[first]?.body ?? Buffer.alloc(0);
    assert.ok(body.length <= MATRIX_MESSAGE_LIMIT.max, String(body.length));
    assert.ok(body.length > MATRIX_MESSAGE_LIMIT.max - 8, String(body.length));
    const { body: text } = JSON.parse(body.toString('utf8')) as { body: string };
    assert.ok(text.endsWith(`${TRUNCATION_MARKER}\n- summary: P\n`), text.slice(-80));
    await notifier.close();
  });
});
