import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP, type LookupFunction } from 'node:net';
import { DeliveryError } from '../../src/http/delivery-error.js';
import {
  createJsonPoster,
  type JsonPosterOptions,
  type RefusedResponseNotice,
} from '../../src/http/post-json.js';
import type { Clock } from '../../src/clock/clock.js';
import { FLUX_RETRY_POLICY, LOKI_RETRY_POLICY } from '../../src/http/retry-policy.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { CLIENT_TLS, MUTUAL_TLS_SERVER, TEST_TLS } from '../support/tls-fixtures.js';

const BODY = Buffer.from('{"hello":"world"}');
const NOW_MS = Date.parse('2024-05-01T12:00:00Z');
/** Long enough for every wait the retry tests ask for: only the timeout tests run out of time. */
const AMPLE_TIMEOUT_MS = 10 * 60_000;
/** Flux's default Provider timeout. */
const FLUX_TIMEOUT_MS = 15_000;

/**
 * A manual clock whose sleeps return at once, recorded, having moved time forward by what they
 * waited: the timeout sees every wait, and only `advance` ends a hanging attempt.
 */
function steppingClock(): { clock: Clock; manual: ManualClock; delays: number[] } {
  const manual = createManualClock(NOW_MS);
  const delays: number[] = [];
  const sleep: Clock['sleep'] = (ms, signal) => {
    delays.push(ms);
    if (signal?.aborted === true) return Promise.reject(new Error('aborted'));
    manual.advance(ms);
    return Promise.resolve();
  };
  return { clock: { ...manual, sleep }, manual, delays };
}

function posterFor(overrides: Partial<JsonPosterOptions> = {}) {
  const { clock, manual, delays } = steppingClock();
  const poster = createJsonPoster({
    timeoutMs: AMPLE_TIMEOUT_MS,
    retryPolicy: FLUX_RETRY_POLICY,
    secrets: [],
    clock,
    ...overrides,
  });
  return { poster, delays, clock: manual };
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
    assert.deepEqual(
      { status: receipt.status, attempts: receipt.attempts },
      { status: 200, attempts: 1 },
    );
    assert.equal(receipt.body.toString(), '{"ok":true}');
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hook');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-extra'], 'yes');
    assert.deepEqual(request.body, BODY);
    poster.close();
  });

  test('a PUT and a GET go out as such; a GET carries no body', async () => {
    const { poster } = posterFor();
    const before = server.requests.length;
    await poster.post({ method: 'PUT', url: `${server.url}/put`, body: BODY });
    await poster.post({ method: 'GET', url: `${server.url}/get`, body: BODY });
    const [put, get] = server.requests.slice(before);
    assert.equal(put?.method, 'PUT');
    assert.deepEqual(put.body, BODY);
    assert.equal(get?.method, 'GET');
    assert.equal(get.body.length, 0);
    poster.close();
  });

  test("a wait in a 429's body is honoured when no Retry-After header gives one", async () => {
    const retryAfterOf = (response: { body: Buffer }) =>
      (JSON.parse(response.body.toString()) as { retry_after: number }).retry_after * 1000;
    const { poster, delays } = posterFor({ retryAfterOf });
    server.reply(
      { status: 429, body: '{"retry_after":3}' },
      { status: 429, body: '{"retry_after":9}', headers: { 'Retry-After': '1' } },
    );
    await poster.post({ url: server.url, body: BODY });
    assert.deepEqual(delays, [3_000, 1_000]);
    poster.close();
  });

  test('503 twice then 200: delivered exactly once after 3 attempts, waits 2 s then 4 s', async () => {
    const { poster, delays } = posterFor();
    const before = server.requests.length;
    server.reply({ status: 503 }, { status: 503 });
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.deepEqual(
      { status: receipt.status, attempts: receipt.attempts },
      { status: 200, attempts: 3 },
    );
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
    assert.match(error.message, /failed after 5 attempts: HTTP 500 Internal Server Error$/);
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
      // 42 s after the clock, which the 7 s wait moved to 12:00:07.
      { status: 503, headers: { 'Retry-After': 'Wed, 01 May 2024 12:00:49 GMT' } },
      { status: 429, headers: { 'Retry-After': '86400' } },
    );
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.equal(receipt.attempts, 4);
    assert.deepEqual(delays, [7_000, 42_000, 300_000]);
    poster.close();
  });

  test("a Retry-After on a 502 is not read, as Flux's client reads it on 429 and 503 only", async () => {
    const { poster, delays } = posterFor();
    server.reply({ status: 502, headers: { 'Retry-After': '7' } });
    const receipt = await poster.post({ url: server.url, body: BODY });
    assert.equal(receipt.attempts, 2);
    assert.deepEqual(delays, [2_000]);
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

  test(
    'the timeout bounds the whole delivery: a silent server fails once it runs out',
    {
      timeout: 5_000,
    },
    async () => {
      const { poster, delays, clock } = posterFor({ timeoutMs: FLUX_TIMEOUT_MS });
      const before = server.requests.length;
      server.reply('hang');
      const failed = rejectionOf(poster.post({ url: server.url, body: BODY }));
      await server.waitForRequests(before + 1);
      clock.advance(FLUX_TIMEOUT_MS - 1);
      clock.advance(1);
      const error = await failed;
      assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
      assert.equal(error.networkCode, 'ETIMEDOUT');
      assert.equal(error.attempts, 1, 'no retry once the timeout is spent');
      assert.deepEqual(delays, []);
      assert.match(error.message, /timed out after 1 attempt\(s\): .*15000 ms timeout/);
      assert.equal(clock.pending, 0, 'the timeout timer is gone');
      poster.close();
    },
  );

  test('retries only while their waits fit in the timeout: 2 s + 4 s + 8 s, not the 16 s', async () => {
    const { poster, delays } = posterFor({ timeoutMs: FLUX_TIMEOUT_MS });
    const before = server.requests.length;
    server.reply(...Array.from({ length: 4 }, () => ({ status: 503 })));
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_FAILED');
    assert.equal(error.status, 503);
    assert.equal(error.attempts, 4);
    assert.equal(server.requests.length - before, 4);
    assert.deepEqual(delays, [2_000, 4_000, 8_000]);
    assert.match(error.message, /gave up after 4 attempt\(s\): the next, in 16000 ms/);
    poster.close();
  });

  test('a later attempt gets only what is left of the timeout', { timeout: 5_000 }, async () => {
    const { poster, delays, clock } = posterFor({ timeoutMs: FLUX_TIMEOUT_MS });
    const before = server.requests.length;
    server.reply({ status: 503 }, { status: 503 }, 'hang');
    let settled = false;
    const failed = rejectionOf(poster.post({ url: server.url, body: BODY })).finally(() => {
      settled = true;
    });
    await server.waitForRequests(before + 3);
    // 2 s + 4 s were waited: the third attempt has 9 s, not 15.
    clock.advance(8_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'still within the timeout');
    clock.advance(1);
    const error = await failed;
    assert.deepEqual(delays, [2_000, 4_000]);
    assert.equal(error.attempts, 3);
    assert.equal(error.networkCode, 'ETIMEDOUT');
    poster.close();
  });

  test('a Retry-After beyond the timeout ends the delivery at once', async () => {
    const { poster, delays } = posterFor({ timeoutMs: FLUX_TIMEOUT_MS });
    server.reply({ status: 429, headers: { 'Retry-After': '20' } });
    const error = await rejectionOf(poster.post({ url: server.url, body: BODY }));
    assert.equal(error.attempts, 1);
    assert.equal(error.status, 429);
    assert.deepEqual(delays, []);
    poster.close();
  });

  test(
    "Loki's policy bounds each attempt on its own and retries a silent server",
    {
      timeout: 5_000,
    },
    async () => {
      const { poster, delays, clock } = posterFor({
        timeoutMs: 1_000,
        retryPolicy: LOKI_RETRY_POLICY,
      });
      const before = server.requests.length;
      server.reply('hang');
      const receipt = poster.post({ url: server.url, body: BODY });
      await server.waitForRequests(before + 1);
      clock.advance(1_000);
      const { status, attempts } = await receipt;
      assert.deepEqual({ status, attempts }, { status: 200, attempts: 2 });
      assert.deepEqual(delays, [500]);
      poster.close();
    },
  );

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
        ...createManualClock(NOW_MS),
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

  test("the receiver's body and reason phrase stay out of the error; a debug hook gets them masked", async () => {
    const notices: RefusedResponseNotice[] = [];
    const { poster } = posterFor({
      secrets: ['hdr-secret-value'],
      onRefusedResponse: (notice) => notices.push(notice),
    });
    const url = `${server.url}/services/T0/B0/PATHSECRET?token=querysecret`;
    server.reply({
      status: 404,
      statusMessage: 'No route for /services/T0/B0/PATHSECRET',
      body: '<pre>Cannot POST /services/T0/B0/PATHSECRET?token=querysecret</pre> {"x-api-key":"hdr-secret-value"}',
    });
    const error = await rejectionOf(
      poster.post({ url, body: BODY, headers: { 'X-Api-Key': 'hdr-secret-value' } }),
    );
    assert.match(
      error.message,
      /^POST http:\/\/127\.0\.0\.1:\d+\/\*\*\* was rejected on attempt 1: HTTP 404 Not Found$/,
    );
    assert.equal(error.status, 404);
    const [notice, ...more] = notices;
    assert.ok(notice);
    assert.equal(more.length, 0);
    assert.deepEqual([notice.attempt, notice.status], [1, 404]);
    assert.equal(notice.excerpt(), '<pre>Cannot POST ***?***</pre> {"x-api-key":"***"}');
    poster.close();
  });

  test('headers the client sets itself are ignored: the body arrives whole, as one request', async () => {
    const { poster } = posterFor();
    const before = server.requests.length;
    await poster.post({
      url: `${server.url}/framed`,
      body: BODY,
      headers: { 'Content-Length': '5', host: 'evil.example', 'X-Ok': 'yes' },
    });
    assert.equal(server.requests.length - before, 1);
    const request = server.requests[before];
    assert.ok(request);
    assert.deepEqual(request.body, BODY);
    assert.equal(request.headers['content-length'], String(BODY.length));
    assert.equal(request.headers.host, new URL(server.url).host);
    assert.equal(request.headers['x-ok'], 'yes');
    poster.close();
  });

  test('Transfer-Encoding, Trailer and connection headers are ignored too', async () => {
    const { poster } = posterFor();
    const before = server.requests.length;
    await poster.post({
      url: `${server.url}/chunked`,
      body: BODY,
      headers: {
        'transfer-encoding': 'chunked',
        Trailer: 'X-Checksum',
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Keep-Alive': 'timeout=600',
      },
    });
    const request = server.requests[before];
    assert.ok(request);
    assert.deepEqual(request.body, BODY);
    for (const name of ['transfer-encoding', 'trailer', 'upgrade', 'keep-alive'])
      assert.equal(request.headers[name], undefined, name);
    assert.notEqual(request.headers.connection, 'Upgrade');
    assert.equal(request.headers['content-length'], String(BODY.length));
    poster.close();
  });
});

/**
 * A resolver standing in for DNS: names under `.test` (which real DNS never answers) resolve to
 * what the table says. Link-local answers are IPv6 (fe80::/10): were the guard broken, a socket
 * to an unscoped fe80:: address fails at once instead of reaching anything.
 */
function fakeDns(table: Record<string, string>): { lookup: LookupFunction; asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push(hostname);
    const address = table[hostname];
    if (address === undefined) {
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
        '',
      );
      return;
    }
    const family = isIP(address);
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return { lookup, asked };
}

describe('post-json refuses link-local and metadata addresses', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer();
  });
  after(() => server.close());

  test('a name resolving to a link-local address fails at once, never connecting', async () => {
    const dns = fakeDns({ 'hook.internal.test': 'fe80::a9fe:a9fe' });
    const { poster, delays } = posterFor({ lookup: dns.lookup });
    const error = await rejectionOf(
      poster.post({ url: 'http://hook.internal.test:9/hook', body: BODY }),
    );
    assert.equal(error.code, 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED');
    assert.equal(error.networkCode, 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED');
    assert.equal(error.attempts, 1);
    assert.deepEqual(delays, [], 'not retried');
    assert.deepEqual(dns.asked, ['hook.internal.test']);
    assert.match(
      error.message,
      /hook\.internal\.test resolves to fe80::a9fe:a9fe, a link-local or cloud metadata address, refused without --allow-link-local-providers/,
    );
    poster.close();
  });

  test('a name resolving to loopback is delivered through the same hook', async () => {
    const dns = fakeDns({ 'hook.internal.test': '127.0.0.1' });
    const { poster } = posterFor({ lookup: dns.lookup });
    const { port } = new URL(server.url);
    const before = server.requests.length;
    const receipt = await poster.post({ url: `http://hook.internal.test:${port}/ok`, body: BODY });
    assert.equal(receipt.status, 200);
    assert.deepEqual(dns.asked, ['hook.internal.test']);
    assert.equal(server.requests[before]?.path, '/ok');
    poster.close();
  });

  test('a proxy whose name resolves to a link-local address is refused too', async () => {
    const dns = fakeDns({ 'proxy.internal.test': 'fe80::1' });
    const { poster } = posterFor({
      lookup: dns.lookup,
      proxy: new URL('http://proxy.internal.test:3128'),
    });
    const before = server.requests.length;
    const error = await rejectionOf(poster.post({ url: `${server.url}/via`, body: BODY }));
    assert.equal(error.code, 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED');
    assert.deepEqual(dns.asked, ['proxy.internal.test']);
    assert.equal(server.requests.length, before);
    poster.close();
  });

  test('a link-local IP in the URL or the proxy is refused before any attempt', async () => {
    for (const options of [
      { url: 'http://[fe80::1]:9/hook' },
      { url: `${server.url}/hook`, proxy: new URL('http://[fe80::1]:3128') },
    ]) {
      const { poster } = posterFor(options.proxy === undefined ? {} : { proxy: options.proxy });
      const error = await rejectionOf(poster.post({ url: options.url, body: BODY }));
      assert.equal(error.code, 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED');
      assert.equal(error.attempts, 0);
      assert.match(error.message, /is fe80::1, a link-local or cloud metadata address/);
      poster.close();
    }
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
