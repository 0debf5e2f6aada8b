import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startTestHerald } from '../support/herald-harness.js';
import { openRawConnection, type RawConnection } from '../support/raw-connection.js';
import { waitFor } from '../support/wait-for.js';

const KiB = 1024;
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

  test('a client that has not sent its headers by the header timeout is cut off', async () => {
    const connection = await openRawConnection(api.server.port);
    connection.socket.write('POST / HTTP/1.1\r\nHost: herald\r\nContent-Type: appl');
    const openForMs = await closedWithin(connection, 'the slow client to be cut off');
    assert.ok(openForMs >= 290, `cut after ${String(openForMs)} ms, before the timeout`);
    assert.match(connection.received(), /^HTTP\/1\.1 408 /);
  });

  test('a client that has not sent its whole body by the read timeout is cut off', async () => {
    const connection = await openRawConnection(api.server.port);
    connection.socket.write('POST / HTTP/1.1\r\nHost: herald\r\nContent-Length: 100\r\n\r\n{"inv');
    const openForMs = await closedWithin(connection, 'the slow client to be cut off');
    assert.ok(openForMs >= 990, `cut after ${String(openForMs)} ms, before the timeout`);
    assert.match(connection.received(), /^HTTP\/1\.1 408 /);
  });
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
