import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { createJsonPoster, type JsonPosterOptions } from '../../src/http/post-json.js';
import { FLUX_RETRY_POLICY } from '../../src/http/retry-policy.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { createRecordingSleep } from '../support/recording-sleep.js';
import { CLIENT_TLS, MUTUAL_TLS_SERVER, TEST_TLS } from '../support/tls-fixtures.js';

const BODY = Buffer.from('{"hello":"world"}');
const NOW_MS = Date.parse('2024-05-01T12:00:00Z');

function posterFor(overrides: Partial<JsonPosterOptions> = {}) {
  const recording = createRecordingSleep();
  const poster = createJsonPoster({
    timeoutMs: 2_000,
    retryPolicy: FLUX_RETRY_POLICY,
    secrets: [],
    clock: { sleep: recording.sleep, now: () => NOW_MS },
    ...overrides,
  });
  return { poster, delays: recording.delays };
}

async function rejectionOf(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeliveryError, `expected a DeliveryError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the delivery to fail');
}

describe('post-json over a real socket', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer();
  });
  after(() => server.close());

  test('sends the bytes as application/json with the extra headers', async () => {
    const { poster } = posterFor();
    const before = server.requests.length;
    const receipt = await poster.post({
      url: `${server.url}/hook`,
      body: BODY,
      headers: { 'X-Extra': 'yes' },
    });
    assert.deepEqual(receipt, { status: 200, attempts: 1 });
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hook');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-extra'], 'yes');
    assert.deepEqual(request.body, BODY);
    poster.close();
  });

  test('503 twice then 200: delivered exactly once after 3 attempts, waits 2 s then 4 s', async () => {
    const { poster, delays } = posterFor();
    const before = server.requests.length;
    server.reply({ status: 503 }, { status: 503 });
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.deepEqual(receipt, { status: 200, attempts: 3 });
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(delays, [2_000, 4_000]);
    poster.close();
  });

  test('gives up after 5 attempts with HERALD_DELIVERY_FAILED and the last status', async () => {
    const { poster, delays } = posterFor();
    server.reply(...Array.from({ length: 5 }, () => ({ status: 500, body: 'boom' })));
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 5);
    assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000]);
    assert.match(error.message, /HTTP 500 Internal Server Error: boom/);
    poster.close();
  });

  for (const status of [400, 404, 501]) {
    test(`${status} is final: one attempt, HERALD_DELIVERY_REJECTED`, async () => {
      const { poster, delays } = posterFor();
      const before = server.requests.length;
      server.reply({ status, body: 'no' });
      const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.status, status);
      assert.equal(error.attempts, 1);
      assert.equal(server.requests.length - before, 1);
      assert.deepEqual(delays, []);
      poster.close();
    });
  }

  test('honours Retry-After in seconds and as an HTTP date, capped at 5 minutes', async () => {
    const { poster, delays } = posterFor();
    server.reply(
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 503, headers: { 'Retry-After': 'Wed, 01 May 2024 12:00:42 GMT' } },
      { status: 429, headers: { 'Retry-After': '86400' } },
    );
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.equal(receipt.attempts, 4);
    assert.deepEqual(delays, [7_000, 42_000, 300_000]);
    poster.close();
  });

  test('reports each retry to onRetry', async () => {
    const notices: unknown[] = [];
    const { poster } = posterFor({ onRetry: (notice) => notices.push(notice) });
    server.reply({ status: 502 });
    await poster.post({ url: server.url, body: BODY });
    assert.deepEqual(notices, [{ attempt: 1, delayMs: 2_000, status: 502 }]);
    poster.close();
  });

  test('the timeout bounds each attempt against a server that never answers', async () => {
    const { poster, delays } = posterFor({ timeoutMs: 150 });
    server.reply('hang', 'hang');
    const started = performance.now();
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.equal(receipt.attempts, 3);
    assert.deepEqual(delays, [2_000, 4_000]);
    assert.ok(performance.now() - started < 2_000, 'attempts were not bounded by the timeout');
    poster.close();
  });

  test('a timed-out delivery fails with ETIMEDOUT after all attempts', async () => {
    const { poster } = posterFor({ timeoutMs: 50 });
    server.reply('hang', 'hang', 'hang', 'hang', 'hang');
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
    assert.equal(error.networkCode, 'ETIMEDOUT');
    assert.equal(error.attempts, 5);
    assert.equal(error.status, undefined);
    poster.close();
  });

  test('a dropped connection is retried', async () => {
    const { poster } = posterFor();
    server.reply('reset');
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.equal(receipt.attempts, 2);
    poster.close();
  });

  test('a refused connection fails with its network code', async () => {
    const refusing = await startCaptureServer();
    const url = refusing.url;
    await refusing.close();
    const { poster } = posterFor();
    const error = await rejectionOf(poster.post({ url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
    assert.equal(error.networkCode, 'ECONNREFUSED');
    assert.equal(error.attempts, 5);
    poster.close();
  });

  test('an aborted signal stops the retries', async () => {
    const controller = new AbortController();
    const { poster } = posterFor({
      clock: {
        now: () => NOW_MS,
        sleep: () => {
          controller.abort();
          return Promise.reject(new Error('aborted'));
        },
      },
    });
    server.reply({ status: 503 });
    const error = await rejectionOf(
      poster.post({ url: server.url, body: BODY }, controller.signal),
    );
    assert.equal(error.code, 'HERALD_DELIVERY_ABORTED');
    assert.equal(error.attempts, 1);
    poster.close();
  });

  test('a response validator turns a 200 into a final rejection', async () => {
    const { poster } = posterFor({
      validateResponse: (response) =>
        response.body.toString() === '{"ok":true}' ? undefined : 'not ok',
    });
    server.reply({ status: 200, body: '{"ok":false}' });
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
    assert.equal(error.attempts, 1);
    assert.match(error.message, /rejected: not ok/);
    await poster.post({ url: server.url, body: BODY });
    poster.close();
  });

  test('no secret reaches the error message', async () => {
    const secretUrl = `${server.url.replace('http://', 'http://admin:hunter2@')}/services/T0/B0/XYZSECRET?token=qwerty`;
    const { poster } = posterFor({ secrets: ['hunter2', 'custom-header-secret'] });
    server.reply({
      status: 400,
      body: `bad token tok-abc123 for ${secretUrl} with header Bearer tok-abc123 and custom-header-secret`,
    });
    const error = await rejectionOf(
      poster.post({
        url: secretUrl,
        body: BODY,
        headers: { Authorization: 'Bearer tok-abc123', 'X-Api-Key': 'custom-header-secret' },
      }),
    );
    for (const secret of [
      'tok-abc123',
      'hunter2',
      'XYZSECRET',
      'qwerty',
      'custom-header-secret',
      'services',
    ]) {
      assert.ok(!error.message.includes(secret), `message leaks ${secret}: ${error.message}`);
    }
    assert.match(error.message, /^POST http:\/\/\*\*\*@127\.0\.0\.1:\d+\/\*\*\* was rejected/);
    poster.close();
  });
});

describe('post-json TLS and proxy', () => {
  test('trusts a custom CA and presents a client certificate', async () => {
    const server = await startCaptureServer({ tls: MUTUAL_TLS_SERVER });
    const { poster } = posterFor({
      tls: CLIENT_TLS,
    });
    await poster.post({ url: server.url, body: BODY });
    assert.equal(server.requests[0]?.clientCertCN, 'herald-test-client');
    poster.close();
    await server.close();
  });

  test('an untrusted certificate fails at once, without retries', async () => {
    const server = await startCaptureServer({
      tls: { cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey },
    });
    const { poster, delays } = posterFor();
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
    assert.equal(error.attempts, 1);
    assert.equal(error.networkCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.deepEqual(delays, []);
    assert.equal(server.requests.length, 0);
    poster.close();
    await server.close();
  });

  test('sends a plain-http target through the proxy in absolute form, with proxy auth', async () => {
    const server = await startCaptureServer();
    const proxy = await startForwardProxy();
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = 'pxuser';
    proxyUrl.password = 'px%40pass';
    const { poster } = posterFor({ proxy: proxyUrl });
    await poster.post({ url: `${server.url}/via-proxy`, body: BODY });
    assert.deepEqual(proxy.seen, [
      {
        method: 'POST',
        target: `${server.url}/via-proxy`,
        proxyAuthorization: `Basic ${Buffer.from('pxuser:px@pass').toString('base64')}`,
      },
    ]);
    assert.deepEqual(server.requests[0]?.body, BODY);
    poster.close();
    await proxy.close();
    await server.close();
  });

  test('tunnels an https target through the proxy with CONNECT, keeping the custom CA', async () => {
    const server = await startCaptureServer({ tls: MUTUAL_TLS_SERVER });
    const proxy = await startForwardProxy();
    const { poster } = posterFor({
      proxy: new URL(proxy.url),
      tls: CLIENT_TLS,
    });
    // By name: https-proxy-agent would send an IP literal as SNI, which Node warns about.
    const { port } = new URL(server.url);
    await poster.post({ url: `https://localhost:${port}/tunnel`, body: BODY });
    assert.deepEqual(
      proxy.seen.map((seen) => [seen.method, seen.target]),
      [['CONNECT', `localhost:${port}`]],
    );
    const [request] = server.requests;
    assert.equal(request?.path, '/tunnel');
    assert.equal(request.clientCertCN, 'herald-test-client');
    poster.close();
    await proxy.close();
    await server.close();
  });
});
