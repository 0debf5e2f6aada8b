import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { createLokiNotifier, MAX_BATCH_WAIT_MS } from '../../src/notifiers/loki.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { lokiRejectingOlderThan } from '../support/loki-stand-in.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

const pushOf = (body: Buffer) => JSON.parse(body.toString('utf8')) as PushBody;

describe('loki notifier', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ defaultReply: { status: 204 } });
  });
  after(() => server.close());

  const lokiTarget = (overrides: Partial<ProviderTarget> = {}) =>
    sampleTarget({ type: 'loki', name: 'loki', address: server.url, ...overrides });

  test('N events within a second go in one push, grouped into streams by label set', async () => {
    const { deps, clock } = createTestDeps();
    const notifier = createLokiNotifier(
      lokiTarget({ headers: { 'X-Scope-OrgID': 'tenant-1' } }),
      deps,
    );
    const before = server.requests.length;
    const posts = [
      notifier.post(sampleEvent({ timestamp: '2024-05-01T12:00:00.000000001Z', message: 'one' })),
      notifier.post(
        sampleEvent({ timestamp: '2024-05-01T12:00:01.5Z', severity: 'error', message: 'two' }),
      ),
      notifier.post(sampleEvent({ timestamp: '2024-05-01T12:00:02+02:00', message: 'three' })),
    ];
    await tick();
    assert.equal(server.requests.length, before, 'nothing is sent before the batch is due');
    clock.advance(MAX_BATCH_WAIT_MS);
    await Promise.all(posts);
    assert.equal(server.requests.length - before, 1);
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/loki/api/v1/push');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-scope-orgid'], 'tenant-1');
    assert.equal(request.headers.authorization, undefined);
    const labels = { namespace: 'flux-system', job: 'herald', instance: 'kustomize-controller' };
    assert.deepEqual(pushOf(request.body).streams, [
      {
        stream: { ...labels, severity: 'info' },
        values: [
          [
            '1714557602000000000',
            'name=apps kind=Kustomization objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Normal msg="three" ',
          ],
          [
            '1714564800000000001',
            'name=apps kind=Kustomization objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Normal msg="one" ',
          ],
        ],
      },
      {
        stream: { ...labels, severity: 'error' },
        values: [
          [
            '1714564801500000000',
            'name=apps kind=Kustomization objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Warning msg="two" ',
          ],
        ],
      },
    ]);
    await notifier.close();
  });

  test('a batch that reaches 1 MiB of lines is pushed at once; the rest follows', async () => {
    const { deps, clock } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget(), deps);
    const before = server.requests.length;
    const message = 'x'.repeat(300 * 1024);
    const posts = Array.from({ length: 4 }, (_, index) =>
      notifier.post(sampleEvent({ message: `${String(index)}${message}` })),
    );
    await Promise.all(posts.slice(0, 3));
    assert.equal(server.requests.length - before, 1, 'the full batch left without waiting');
    clock.advance(MAX_BATCH_WAIT_MS);
    await Promise.all(posts);
    const counts = server.requests
      .slice(before)
      .map((request) => pushOf(request.body).streams.flatMap((stream) => stream.values).length);
    assert.deepEqual(counts, [3, 1]);
    await notifier.close();
  });

  test('basic auth from username and password; job=herald and a logfmt line', async () => {
    const { deps } = createTestDeps();
    const notifier = createLokiNotifier(
      lokiTarget({ username: '12345', password: 'glc_secret' }),
      deps,
    );
    const before = server.requests.length;
    const post = notifier.post(sampleEvent({ message: 'hi' }));
    await notifier.flush();
    await post;
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(
      request.headers.authorization,
      `Basic ${Buffer.from('12345:glc_secret').toString('base64')}`,
    );
    const [stream] = pushOf(request.body).streams;
    assert.equal(stream?.stream.job, 'herald');
    assert.equal(
      stream.values[0]?.[1],
      'name=apps kind=Kustomization objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Normal msg="hi" ',
    );
    await notifier.close();
  });

  test('bearer auth from the token; an address with the push path is not doubled', async () => {
    const { deps } = createTestDeps();
    const notifier = createLokiNotifier(
      lokiTarget({ address: `${server.url}/loki/api/v1/push/`, token: 'loki-token' }),
      deps,
    );
    const before = server.requests.length;
    const post = notifier.post(sampleEvent());
    await notifier.close();
    await post;
    const request = server.requests[before];
    assert.equal(request?.path, '/loki/api/v1/push');
    assert.equal(request.headers.authorization, 'Bearer loki-token');
  });

  test('username/password and token together are refused when built', () => {
    assert.throws(
      () =>
        createLokiNotifier(
          lokiTarget({ username: 'u', password: 'p', token: 't' }),
          createTestDeps().deps,
        ),
      { code: 'HERALD_PROVIDER_CONFLICTING_AUTH' },
    );
  });

  test('429 and 5xx are retried from 0.5 s, honouring Retry-After', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget(), deps);
    const before = server.requests.length;
    server.reply(
      { status: 503 },
      { status: 429, headers: { 'Retry-After': '3' } },
      { status: 500 },
    );
    const post = notifier.post(sampleEvent());
    await notifier.flush();
    await post;
    assert.equal(server.requests.length - before, 4);
    assert.deepEqual(delays, [500, 3_000, 2_000]);
    await notifier.close();
  });

  test('400 is final: every event of the batch is rejected, nothing is retried', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget({ password: 'pw-secret', username: 'u' }), deps);
    const before = server.requests.length;
    server.reply({ status: 400, body: 'entry too far behind for stream; auth pw-secret' });
    const posts = [notifier.post(sampleEvent()), notifier.post(sampleEvent({ message: 'other' }))];
    const settled = Promise.allSettled(posts);
    await notifier.flush();
    for (const result of await settled) {
      assert.equal(result.status, 'rejected');
      const error: unknown = result.reason;
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, 400);
      assert.ok(!error.message.includes('pw-secret'), error.message);
    }
    assert.equal(server.requests.length - before, 1);
    assert.deepEqual(delays, []);
    await notifier.close();
  });

  test('a push Loki partly refuses: only the events it names fail, saying why', async () => {
    // As Loki with reject_old_samples: anything before 2024-05-01T00:00:00Z is refused.
    const loki = await startCaptureServer({
      defaultReply: lokiRejectingOlderThan(BigInt(Date.parse('2024-05-01T00:00:00Z')) * 1_000_000n),
    });
    try {
      const { deps, delays } = createTestDeps();
      const notifier = createLokiNotifier(
        lokiTarget({ address: loki.url, password: 'pw-secret', username: 'u' }),
        deps,
      );
      const posts = [
        sampleEvent({ timestamp: '2024-04-01T08:00:00Z', message: 'a month old' }),
        sampleEvent({ timestamp: '2024-05-01T12:00:00Z', message: 'fresh' }),
        sampleEvent({
          timestamp: '2024-04-30T23:59:59.5Z',
          severity: 'error',
          message: 'old error',
        }),
        sampleEvent({ timestamp: '2024-05-01T12:00:01Z', severity: 'error', message: 'new error' }),
      ].map((event) => notifier.post(event));
      const settled = Promise.allSettled(posts);
      await notifier.flush();
      const results = await settled;
      assert.equal(loki.requests.length, 1, 'one push, not retried');
      assert.deepEqual(delays, []);
      assert.deepEqual(
        results.map((result) => result.status),
        ['rejected', 'fulfilled', 'rejected', 'fulfilled'],
      );
      for (const [result, time] of [
        [results[0], '2024-04-01T08:00:00Z'],
        [results[2], '2024-04-30T23:59:59Z'],
      ] as const) {
        assert.equal(result?.status, 'rejected');
        const error: unknown = result.reason;
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
        assert.equal(error.status, 400);
        assert.match(error.message, /older than it accepts/);
        assert.ok(error.message.includes(`the event is from ${time}`), error.message);
        assert.ok(error.message.includes('the oldest Loki accepts is 2024-05-01T00:00:00Z'));
        assert.ok(error.message.includes('Loki stored 2 other event(s)'), error.message);
        assert.ok(!error.message.includes('pw-secret'), error.message);
      }
      await notifier.close();
    } finally {
      await loki.close();
    }
  });

  test('a Loki answer that names no entry of the push fails them all, as before', async () => {
    const { deps } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget(), deps);
    server.reply({
      status: 400,
      body: 'entry for stream \'{job="other"}\' has timestamp too old: 2024-04-01T08:00:00Z, oldest acceptable timestamp is: 2024-05-01T00:00:00Z\n',
    });
    const posts = [sampleEvent({ message: 'one' }), sampleEvent({ message: 'two' })].map((event) =>
      notifier.post(event),
    );
    const settled = Promise.allSettled(posts);
    await notifier.flush();
    for (const result of await settled) {
      assert.equal(result.status, 'rejected');
      assert.match((result.reason as Error).message, /HTTP 400/);
    }
    await notifier.close();
  });

  test('a batch of 50 events on one signal adds no listener per event (no leak warning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { deps } = createTestDeps();
      const notifier = createLokiNotifier(lokiTarget(), deps);
      const queue = new AbortController();
      const before = server.requests.length;
      const posts = Array.from({ length: 50 }, (_, i) =>
        notifier.post(sampleEvent({ message: `event ${i}` }), queue.signal),
      );
      await notifier.flush();
      await Promise.all(posts);
      assert.equal(server.requests.length - before, 1, 'one push for the 50');
      await notifier.close();
      // Node emits warnings on a later tick.
      await tick();
      assert.deepEqual(
        warnings.map((warning) => `${warning.name}: ${warning.message}`),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('close pushes what is pending, then refuses new events', async () => {
    const { deps, clock } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget(), deps);
    const before = server.requests.length;
    const post = notifier.post(sampleEvent());
    await notifier.close();
    await post;
    assert.equal(server.requests.length - before, 1);
    assert.equal(clock.pending, 0);
    await assert.rejects(notifier.post(sampleEvent()), { code: 'HERALD_NOTIFIER_CLOSED' });
  });

  test('an event with a timestamp that is not RFC 3339 is rejected alone', async () => {
    const { deps } = createTestDeps();
    const notifier = createLokiNotifier(lokiTarget(), deps);
    await assert.rejects(notifier.post(sampleEvent({ timestamp: 'yesterday' })), {
      code: 'HERALD_EVENT_INVALID_TIMESTAMP',
    });
    await notifier.close();
  });
});
