import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { post, startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { waitFor } from '../support/wait-for.js';

/** Sends raw bytes on one connection and returns everything the server wrote back. */
function exchange(
  port: number,
  writes: (string | Buffer)[],
  untilMatches: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => {
      received += data.toString();
      if (untilMatches.test(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(received);
    });
    socket.on('connect', () => {
      for (const chunk of writes) socket.write(chunk);
    });
  });
}

describe('Event API request bodies', () => {
  let api: EventApiHarness;
  before(async () => {
    api = await startEventApi();
  });
  after(() => api.close());

  test('an empty body is 400 saying so', async () => {
    const response = await post(`${api.url}/`, '', { raw: true });
    assert.equal(response.status, 400);
    assert.match(response.text, /the request body is empty/);
  });

  test('a gzip body is 415: events are sent uncompressed, as Flux sends them', async () => {
    const response = await fetch(`${api.url}/`, {
      method: 'POST',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify(seedEvent())),
    });
    assert.equal(response.status, 415);
    assert.match(await response.text(), /content encoding gzip is not supported/);
  });

  test('a leading byte order mark is ignored', async () => {
    const event = { ...seedEvent(), message: 'with a BOM' };
    const response = await post(`${api.url}/`, `\uFEFF${JSON.stringify(event)}`, { raw: true });
    assert.equal(response.status, 202);
    assert.equal(api.accepted.at(-1)?.event.message, 'with a BOM');
  });

  test('a chunked body split inside a multi-byte character is decoded whole', async () => {
    const message = 'déploiement réussi ✓';
    const bytes = Buffer.from(JSON.stringify({ ...seedEvent(), message }));
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    const chunk = (part: Buffer) => [`${part.length.toString(16)}\r\n`, part, '\r\n'];
    const reply = await exchange(
      api.server.port,
      [
        'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        ...chunk(bytes.subarray(0, cut)),
        ...chunk(bytes.subarray(cut)),
        '0\r\n\r\n',
      ],
      /^HTTP\/1\.1 \d{3}/,
    );
    assert.match(reply, /^HTTP\/1\.1 202 /);
    assert.equal(api.accepted.at(-1)?.event.message, message);
  });

  test('a declared Content-Length over 3 MiB is refused before any of the body is read', async () => {
    const reply = await exchange(
      api.server.port,
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3145729\r\n\r\n{"a":'],
      /\r\n\r\n\{.*\}/,
    );
    assert.match(reply, /^HTTP\/1\.1 413 /);
  });

  test('a client that goes away mid-body is counted, and the server goes on', async () => {
    const socket = connect(api.server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"involvedObject":');
    const metric = async (pattern: RegExp) => pattern.test(await api.registry.metrics());
    await waitFor(
      () => metric(/^gotk_event_http_requests_inflight\{[^}]*\} 1$/m),
      'the request to be in flight',
    );
    socket.destroy();
    await waitFor(
      () => metric(/^herald_events_rejected_total\{reason="aborted"\} 1$/m),
      'the aborted request to be counted',
    );
    assert.ok(await metric(/^gotk_event_http_requests_inflight\{[^}]*\} 0$/m));
    const after = await post(`${api.url}/`, { ...seedEvent(), message: 'after an abort' });
    assert.equal(after.status, 202);
  });
});
