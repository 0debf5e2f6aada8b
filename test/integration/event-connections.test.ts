import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startTestHerald } from '../support/herald-harness.js';
import { openRawConnection, type RawConnection } from '../support/raw-connection.js';
import { waitFor } from '../support/wait-for.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Far below Node's own 30 s sweep of slow connections: only the Event API's limits fit in it. */
const CUT_WITHIN_MS = 10_000;

let sequence = 0;
/** A POST of a fresh event (never rate limited) with an `X-Pad` header of `padBytes`. */
function eventRequest(padBytes: number, extraHeaders = ''): string {
  const body = JSON.stringify({ ...seedEvent(), message: `connection ${String(++sequence)}` });
  return (
    'POST / HTTP/1.1\r\nHost: herald\r\nContent-Type: application/json\r\n' +
    `X-Pad: ${'p'.repeat(padBytes)}\r\n${extraHeaders}` +
    `Content-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`
  );
}

async function closedWithin(connection: RawConnection, what: string): Promise<number> {
  let openForMs: number | undefined;
  void connection.closed.then((ms) => (openForMs = ms));
  return waitFor(() => openForMs, what, CUT_WITHIN_MS);
}

describe("Event API connections: Go's server limits, as Flux sets them", () => {
  let api: EventApiHarness;
  before(async () => {
    api = await startEventApi({ limits: { readHeaderTimeoutMs: 300, readTimeoutMs: 1_000 } });
  });
  after(() => api.close());

  test('200 KiB of headers are read (Node alone stops at 16 KiB)', async () => {
    const connection = await openRawConnection(api.server.port);
    connection.socket.write(eventRequest(200 * KiB));
    await closedWithin(connection, 'the answer');
    assert.match(connection.received(), /^HTTP\/1\.1 202 /);
  });

  test('more than 256 KiB of headers is 431 and the connection is closed', async () => {
    const connection = await openRawConnection(api.server.port);
    connection.socket.write(eventRequest(260 * KiB));
    await closedWithin(connection, 'the connection to close');
    assert.match(connection.received(), /^HTTP\/1\.1 431 /);
  });

  for (const [what, sent, timeoutMs] of [
    [
      'its headers by the header timeout',
      'POST / HTTP/1.1\r\nHost: herald\r\nContent-Type: appl',
      300,
    ],
    [
      'its whole body by the read timeout',
      'POST / HTTP/1.1\r\nHost: herald\r\nContent-Length: 100\r\n\r\n{"inv',
      1_000,
    ],
  ] as const) {
    test(`a client that has not sent ${what} is cut off with a 408`, async () => {
      const connection = await openRawConnection(api.server.port);
      connection.socket.write(sent);
      const openForMs = await closedWithin(connection, 'the slow client to be cut off');
      // Less a few ms: the server's clock starts with the first byte, the test's a bit before.
      assert.ok(openForMs >= timeoutMs - 10, `cut after ${String(openForMs)} ms, too early`);
      assert.match(connection.received(), /^HTTP\/1\.1 408 /);
    });
  }
});

/**
 * Writes up to `totalBytes` of `x` as fast as the connection takes them, and stops when the
 * server closes it; resolves with the bytes written.
 */
async function streamUntilClosed(connection: RawConnection, totalBytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * KiB, 'x');
  let written = 0;
  while (connection.socket.writable && written < totalBytes) {
    written += chunk.length;
    if (!connection.socket.write(chunk)) {
      await new Promise((resolve) => {
        connection.socket.once('drain', resolve);
        void connection.closed.then(resolve);
      });
    }
  }
  return written;
}

describe('Event API: a body refused unread (over 3 MiB, …) is answered and the connection closed', () => {
  let api: EventApiHarness;
  /** The server side of each connection, to see how much it read. */
  const serverSockets: Socket[] = [];
  before(async () => {
    api = await startEventApi();
    api.server.server.on('connection', (socket: Socket) => serverSockets.push(socket));
  });
  after(() => api.close());

  /** A head announcing a 1 GiB body, so the client could go on streaming for a long time. */
  const oneGiB = (head: string) => `${head}Content-Length: ${String(1024 * MiB)}\r\n\r\n`;
  for (const [what, answer, head, mostRead] of [
    [
      'a chunked body is read up to the limit, then 413',
      '413',
      `POST / HTTP/1.1\r\nHost: herald\r\nTransfer-Encoding: chunked\r\n\r\n${(1024 * MiB).toString(16)}\r\n`,
      4 * MiB,
    ],
    [
      'a declared Content-Length over the limit is 413 before the body is read',
      '413',
      oneGiB('POST / HTTP/1.1\r\nHost: herald\r\n'),
      1 * MiB,
    ],
    ['a 405 with a body', '405', oneGiB('PUT / HTTP/1.1\r\nHost: herald\r\n'), 1 * MiB],
    [
      'a 415',
      '415',
      oneGiB('POST / HTTP/1.1\r\nHost: herald\r\nContent-Encoding: gzip\r\n'),
      1 * MiB,
    ],
  ] as const) {
    test(`${what}: the connection is closed, the rest is not read`, async () => {
      const connection = await openRawConnection(api.server.port);
      connection.socket.write(head);
      void streamUntilClosed(connection, 1024 * MiB);
      await closedWithin(connection, `the connection to close after the ${answer}`);
      assert.match(connection.received(), new RegExp(`^HTTP/1\\.1 ${answer} `));
      assert.match(connection.received(), /\r\nConnection: close\r\n/i);
      const read = serverSockets.at(-1)?.bytesRead ?? Infinity;
      assert.ok(read < mostRead, `the server read ${String(read)} bytes`);
    });
  }

  test('a body of exactly 3 MiB keeps the connection open for the next request', async () => {
    const padded = (size: number): string => {
      const json = JSON.stringify({ ...seedEvent(), message: 'exact', padding: '' });
      return json.replace('"padding":""', `"padding":"${'x'.repeat(size - json.length)}"`);
    };
    const connection = await openRawConnection(api.server.port);
    const body = padded(3 * MiB);
    connection.socket.write(
      `POST / HTTP/1.1\r\nHost: herald\r\nContent-Length: ${String(body.length)}\r\n\r\n${body}`,
    );
    connection.socket.write(eventRequest(0));
    await closedWithin(connection, 'both answers');
    assert.match(connection.received(), /^HTTP\/1\.1 202 [^]*HTTP\/1\.1 202 /);
  });
});

describe('Event API: Host headers', () => {
  let api: EventApiHarness;
  before(async () => {
    api = await startEventApi();
  });
  after(() => api.close());

  for (const second of ['Host: other', 'HOST: herald']) {
    test(`a second Host header (${second}) is 400 and closes the connection, as in Go`, async () => {
      const before = api.accepted.length;
      const connection = await openRawConnection(api.server.port);
      connection.socket.write(
        eventRequest(0, `${second}\r\n`).replace('Connection: close\r\n', ''),
      );
      await closedWithin(connection, 'the connection to close after the 400');
      const reply = connection.received();
      assert.match(reply, /^HTTP\/1\.1 400 /);
      assert.match(reply, /\r\nConnection: close\r\n/i);
      assert.match(reply, /"error":"the request has 2 Host headers; send one"/);
      assert.equal(api.accepted.length, before);
      // Go's server answers it before the handler: Flux's HTTP metrics never see it.
      assert.doesNotMatch(await api.registry.metrics(), /code="400"/);
    });
  }
});

test("Herald's Event API server has Flux's limits: 100 KiB of headers are read", async () => {
  const started = await startTestHerald();
  try {
    const connection = await openRawConnection(Number(new URL(started.url('events')).port));
    connection.socket.write(eventRequest(100 * KiB));
    await closedWithin(connection, 'the answer');
    assert.match(connection.received(), /^HTTP\/1\.1 202 /);
  } finally {
    await started.herald.stop();
  }
});
