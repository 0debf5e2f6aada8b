import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AlertOrigin, ProviderTarget } from '../../src/notifiers/notifier.js';
import { createOtelNotifier } from '../../src/notifiers/otel.js';
import type { CapturedRequest, Reply } from '../support/capture-server.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { MANUAL_CLOCK_START_MS } from '../support/manual-clock.js';
import { assertRejected } from '../support/delivery-rejection.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const ALERT: AlertOrigin = { name: 'on-call', namespace: 'apps', uid: '5d3c0f6e-alert-uid' };

/**
 * An OTLP/HTTP collector's traces endpoint (https://opentelemetry.io/docs/specs/otlp/#otlphttp):
 * JSON requests answered with an empty `ExportTraceServiceResponse`, other media types with 415.
 */
function otlpTracesEndpoint(request: CapturedRequest): Reply {
  if (request.method !== 'POST' || request.path !== '/v1/traces') return { status: 404 };
  if (request.headers['content-type'] !== 'application/json') return { status: 415 };
  try {
    JSON.parse(request.body.toString('utf8'));
  } catch {
    return { status: 400, body: '{"code":3,"message":"unmarshal failed"}' };
  }
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
}

interface ExportedSpan {
  traceId: string;
  spanId: string;
  attributes: { key: string; value: { stringValue: string } }[];
  status: { code: number; message?: string };
}

function spanOf(request: CapturedRequest | undefined): ExportedSpan {
  const body = JSON.parse(request?.body.toString('utf8') ?? '') as {
    resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[];
  };
  const span = body.resourceSpans[0]?.scopeSpans[0]?.spans[0];
  assert.ok(span);
  return span;
}

/** Flux's trace ID: SHA-256 of `<alert UID>:<revision>`, its first 16 bytes. */
const traceIdOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

const otelTarget = (server: CaptureServer, overrides: Partial<ProviderTarget> = {}) =>
  sampleTarget({ type: 'otel', address: `${server.url}/v1/traces`, ...overrides });

describe('otel notifier', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: otlpTracesEndpoint });
  });
  after(() => server.close());

  test('exports one span per event, as Flux builds it, in OTLP/JSON', async () => {
    const { deps, clock } = createTestDeps();
    clock.advance(1_500);
    const notifier = createOtelNotifier(otelTarget(server), deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        severity: 'error',
        message: 'Health check failed',
        timestamp: '2024-05-01T11:59:58.5Z',
        involvedObject: {
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
          uid: 'ks-uid',
        },
        metadata: { revision: 'main@sha1:abc', cluster: 'prod' },
      }),
      undefined,
      { alert: ALERT },
    );
    const request = server.requests[before];
    assert.ok(request);
    const { spanId } = spanOf(request);
    assert.match(spanId, /^[0-9a-f]{16}$/);
    const attribute = (key: string, value: string) =>
      `{"key":"${key}","value":{"stringValue":"${value}"}}`;
    assert.equal(
      request.body.toString('utf8'),
      '{"resourceSpans":[{"resource":{"attributes":[' +
        `${attribute('service.instance.id', ALERT.uid ?? '')},` +
        `${attribute('service.name', 'apps/on-call')},` +
        `${attribute('service.namespace', 'apps')}]},` +
        '"scopeSpans":[{"scope":{"name":"flux:notification-controller"},"spans":[{' +
        `"traceId":"${traceIdOf(`${ALERT.uid ?? ''}:main@sha1:abc`)}","spanId":"${spanId}",` +
        '"name":"Kustomization: flux-system/apps","kind":1,' +
        '"startTimeUnixNano":"1714564798500000000",' +
        `"endTimeUnixNano":"${(MANUAL_CLOCK_START_MS + 1_500) * 1_000_000}",` +
        `"attributes":[${attribute('object.uid', 'ks-uid')},` +
        `${attribute('object.kind', 'Kustomization')},${attribute('object.name', 'apps')},` +
        `${attribute('object.namespace', 'flux-system')},${attribute('cluster', 'prod')},` +
        `${attribute('revision', 'main@sha1:abc')}],` +
        '"status":{"message":"Health check failed","code":2}}]}],' +
        '"schemaUrl":"https://opentelemetry.io/schemas/1.34.0"}]}',
    );
    await notifier.close();
  });

  test("info is status Ok without a description; an OCI artifact's revision keys the trace", async () => {
    const notifier = createOtelNotifier(otelTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    const metadata = { 'app-version': '1.2.3', 'oci-digest': 'sha256:feed', revision: 'x' };
    await notifier.post(sampleEvent({ metadata }), undefined, { alert: ALERT });
    const span = spanOf(server.requests[before]);
    assert.deepEqual(span.status, { code: 1 });
    assert.equal(span.traceId, traceIdOf(`${ALERT.uid ?? ''}:1.2.3@sha256:feed`));
    await notifier.post(sampleEvent({ metadata: {} }), undefined, { alert: ALERT });
    assert.equal(
      spanOf(server.requests[before + 1]).traceId,
      traceIdOf(`${ALERT.uid ?? ''}:unknown`),
    );
    await notifier.close();
  });

  test('HelmRepository events and commit-status updates are skipped, as Flux skips them', async () => {
    const notifier = createOtelNotifier(otelTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      sampleEvent({
        involvedObject: { kind: 'HelmRepository', namespace: 'flux-system', name: 'charts' },
      }),
      undefined,
      { alert: ALERT },
    );
    await notifier.post(sampleEvent({ metadata: { commit_status: 'update' } }), undefined, {
      alert: ALERT,
    });
    assert.equal(server.requests.length, before);
    await notifier.close();
  });

  test('without the Alert there is no trace to name, and nothing is sent', async () => {
    const notifier = createOtelNotifier(otelTarget(server), createTestDeps().deps);
    const before = server.requests.length;
    await assertRejected(notifier.post(sampleEvent()), { says: /no Alert/, hides: [] });
    assert.equal(server.requests.length, before);
    await notifier.close();
  });

  test("credentials as Flux's notifier adds them, unless the headers set Authorization", async () => {
    const cases: [Partial<ProviderTarget>, string][] = [
      [{ username: 'flux', password: 'pa55word' }, `Basic ${btoa('flux:pa55word')}`],
      [{ password: 'tok3n-value' }, 'Bearer tok3n-value'],
      [{ password: 'tok3n-value', headers: { Authorization: 'Api-Key k' } }, 'Api-Key k'],
    ];
    for (const [overrides, expected] of cases) {
      const notifier = createOtelNotifier(otelTarget(server, overrides), createTestDeps().deps);
      const before = server.requests.length;
      await notifier.post(sampleEvent(), undefined, { alert: ALERT });
      assert.equal(server.requests[before]?.headers.authorization, expected);
      await notifier.close();
    }
  });

  test('a 503 is retried after its Retry-After', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createOtelNotifier(otelTarget(server), deps);
    server.reply({ status: 503, headers: { 'Retry-After': '3' } });
    const before = server.requests.length;
    await notifier.post(sampleEvent(), undefined, { alert: ALERT });
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [3_000]);
    await notifier.close();
  });

  test('a 200 whose partialSuccess rejected the span is a rejection, without its text', async () => {
    const notifier = createOtelNotifier(otelTarget(server), createTestDeps().deps);
    server.reply({
      status: 200,
      body: '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span too old secret-ish"}}',
    });
    await assertRejected(notifier.post(sampleEvent(), undefined, { alert: ALERT }), {
      says: /partialSuccess/,
      hides: ['secret-ish'],
    });
    await notifier.close();
  });
});
