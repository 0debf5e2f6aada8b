import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { HERALD_VERSION } from '../../src/config/version.js';
import { createSentryNotifier } from '../../src/notifiers/sentry.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import type { CapturedRequest, Reply } from '../support/capture-server.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { MANUAL_CLOCK_START_MS } from '../support/manual-clock.js';
import { assertRejected } from '../support/delivery-rejection.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const PUBLIC_KEY = '9f86d081884c7d659a2feaa0c55ad015';
const PROJECT = '42';

interface Envelope {
  readonly header: Record<string, unknown>;
  readonly itemHeader: { type: string; length: number };
  /** The item's payload as sent. */
  readonly payload: string;
}

/** Splits an envelope (https://develop.sentry.dev/sdk/envelopes/) as Relay reads it. */
function readEnvelope(body: Buffer): Envelope {
  const text = body.toString('utf8');
  const [header = '', itemHeader = '', ...rest] = text.split('\n');
  const parsedItemHeader = JSON.parse(itemHeader) as { type: string; length: number };
  const payloadStart = header.length + itemHeader.length + 2;
  const payload = body.subarray(payloadStart, payloadStart + parsedItemHeader.length);
  assert.equal(body.length, payloadStart + parsedItemHeader.length + 1, 'one item, then a newline');
  assert.equal(rest.at(-1), '');
  return {
    header: JSON.parse(header) as Record<string, unknown>,
    itemHeader: parsedItemHeader,
    payload: payload.toString('utf8'),
  };
}

/**
 * Sentry's envelope endpoint as Relay answers it: 200 `{"id": …}` for a known key, 401 for
 * another, 400 for an envelope whose item length is off.
 */
function sentryEnvelopeEndpoint(request: CapturedRequest): Reply {
  if (request.method !== 'POST' || !request.path.endsWith(`/api/${PROJECT}/envelope/`)) {
    return { status: 404, body: '{"detail":"not found"}' };
  }
  const auth = String(request.headers['x-sentry-auth'] ?? '');
  if (!auth.includes(`sentry_key=${PUBLIC_KEY}`)) {
    return { status: 401, body: '{"detail":"invalid api key"}' };
  }
  try {
    const envelope = readEnvelope(request.body);
    return { status: 200, body: JSON.stringify({ id: envelope.header.event_id }) };
  } catch {
    return { status: 400, body: '{"detail":"invalid envelope"}' };
  }
}

const sentryTarget = (server: CaptureServer, overrides: Partial<ProviderTarget> = {}) => {
  const url = new URL(server.url);
  return sampleTarget({
    type: 'sentry',
    address: `http://${PUBLIC_KEY}@${url.host}/${PROJECT}`,
    channel: 'production',
    ...overrides,
  });
};

describe('sentry notifier', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: sentryEnvelopeEndpoint });
  });
  after(() => server.close());

  test('an error event is captured as an event, with the key in X-Sentry-Auth', async () => {
    const { deps } = createTestDeps();
    const target = sentryTarget(server);
    const notifier = createSentryNotifier(target, deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'Health check failed <x>',
        timestamp: '2024-05-01T12:00:00.25Z',
        metadata: { revision: 'main@sha1:abc', cluster: 'prod' },
      }),
    );
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.path, `/api/${PROJECT}/envelope/`);
    assert.equal(request.headers['content-type'], 'application/x-sentry-envelope');
    assert.equal(
      request.headers['x-sentry-auth'],
      `Sentry sentry_version=7, sentry_timestamp=${MANUAL_CLOCK_START_MS / 1_000}, ` +
        `sentry_client=herald/${HERALD_VERSION}, sentry_key=${PUBLIC_KEY}`,
    );
    const envelope = readEnvelope(request.body);
    const eventId = envelope.header.event_id;
    assert.match(String(eventId), /^[0-9a-f]{32}$/);
    assert.deepEqual(envelope.header, {
      event_id: eventId,
      sent_at: '2024-05-01T12:00:00Z',
      dsn: target.address,
      sdk: { name: 'herald', version: HERALD_VERSION },
    });
    assert.equal(envelope.itemHeader.type, 'event');
    // Field by field as sentry-go writes Flux's event, Go's escaping included.
    assert.equal(
      envelope.payload,
      `{"environment":"production","event_id":"${String(eventId)}",` +
        '"extra":{"cluster":"prod","revision":"main@sha1:abc"},"level":"error",' +
        '"message":"Health check failed \\u003cx\\u003e","platform":"node",' +
        `"sdk":{"name":"herald","version":"${HERALD_VERSION}"},` +
        '"server_name":"kustomize-controller","timestamp":"2024-05-01T12:00:00.25Z",' +
        '"transaction":"Kustomization: flux-system/apps"}',
    );
    await notifier.close();
  });

  test('an info event is captured as a transaction with one span and the flux_ tags', async () => {
    const notifier = createSentryNotifier(sentryTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({ reportingInstance: 'kc-0', metadata: { revision: 'main@sha1:abc' } }),
    );
    const envelope = readEnvelope(server.requests[before]?.body ?? Buffer.alloc(0));
    assert.equal(envelope.itemHeader.type, 'transaction');
    const payload = JSON.parse(envelope.payload) as {
      event_id: string;
      contexts: { trace: { trace_id: string; span_id: string } };
    };
    const { trace_id: traceId, span_id: spanId } = payload.contexts.trace;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(spanId, /^[0-9a-f]{16}$/);
    const tags =
      '{"flux_involved_object_kind":"Kustomization","flux_involved_object_name":"apps",' +
      '"flux_involved_object_namespace":"flux-system","flux_reason":"ReconciliationSucceeded",' +
      '"flux_reporting_controller":"kustomize-controller","flux_reporting_instance":"kc-0",' +
      '"revision":"main@sha1:abc"}';
    const time = '"2024-05-01T12:00:00Z"';
    assert.equal(
      envelope.payload,
      `{"contexts":{"trace":{"op":"event","span_id":"${spanId}","trace_id":"${traceId}"}},` +
        `"environment":"production","event_id":"${payload.event_id}","level":"info",` +
        `"message":"Reconciliation finished","platform":"node",` +
        `"sdk":{"name":"herald","version":"${HERALD_VERSION}"},` +
        `"server_name":${JSON.stringify(hostname())},"tags":${tags},"timestamp":${time},` +
        `"transaction":"Kustomization: flux-system/apps","type":"transaction",` +
        `"start_timestamp":${time},"spans":[{"trace_id":"${traceId}","span_id":"${spanId}",` +
        `"op":"event","tags":${tags},"start_timestamp":${time},"timestamp":${time},` +
        `"origin":"manual"}]}`,
    );
    await notifier.close();
  });

  test('no channel, no environment; a DSN path prefix stays before /api/', async () => {
    const url = new URL(server.url);
    const notifier = createSentryNotifier(
      sentryTarget(server, {
        address: `http://${PUBLIC_KEY}@${url.host}/sentry/${PROJECT}`,
        channel: undefined,
      }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent({ severity: 'error' }));
    const request = server.requests[before];
    assert.equal(request?.path, `/sentry/api/${PROJECT}/envelope/`);
    const payload = JSON.parse(readEnvelope(request.body).payload) as Record<string, unknown>;
    assert.equal(payload.environment, undefined);
    assert.equal(payload.extra, undefined);
    await notifier.close();
  });

  test("a message beyond Sentry's 8,192 characters is cut and marked", async () => {
    const notifier = createSentryNotifier(sentryTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ severity: 'error', message: 'é'.repeat(20_000) }));
    const payload = JSON.parse(
      readEnvelope(server.requests[before]?.body ?? Buffer.alloc(0)).payload,
    ) as { message: string };
    assert.equal(payload.message.length, 8_192);
    assert.ok(payload.message.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test("a 429 waits as long as X-Sentry-Rate-Limits says for the item's category", async () => {
    const { deps, delays } = createTestDeps();
    // A timeout long enough for the transactions' minute.
    const notifier = createSentryNotifier(sentryTarget(server, { timeoutMs: 120_000 }), deps);
    const limited: Reply = {
      status: 429,
      headers: { 'X-Sentry-Rate-Limits': '60:transaction:organization:quota, 5:error;default::' },
      body: '',
    };
    server.reply(limited);
    await notifier.post(sampleEvent({ severity: 'error' }));
    server.reply(limited);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ severity: 'info' }));
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [5_000, 60_000]);
    await notifier.close();
  });

  test('an unknown key is a final 401 whose error shows neither key nor DSN', async () => {
    const url = new URL(server.url);
    const otherKey = 'ffffffffffffffffffffffffffffffff';
    const notifier = createSentryNotifier(
      sentryTarget(server, { address: `http://${otherKey}@${url.host}/${PROJECT}` }),
      createTestDeps().deps,
    );
    await assertRejected(notifier.post(sampleEvent({ severity: 'error' })), {
      status: 401,
      hides: [otherKey],
    });
    await notifier.close();
  });

  for (const [what, address] of [
    ['no key', 'https://o1.ingest.sentry.io/42'],
    ['no project', `https://${PUBLIC_KEY}@o1.ingest.sentry.io/`],
  ] as const) {
    test(`a DSN with ${what} fails when the notifier is built, masked`, () => {
      assert.throws(
        () => createSentryNotifier(sentryTarget(server, { address }), createTestDeps().deps),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'HERALD_PROVIDER_INVALID_ADDRESS');
          assert.ok(!error.message.includes(PUBLIC_KEY), error.message);
          return true;
        },
      );
    });
  }
});
