import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { post, startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startTestHerald } from '../support/herald-harness.js';

const MiB = 1024 * 1024;

describe('Event API over a real socket', () => {
  let api: EventApiHarness;
  before(async () => {
    api = await startEventApi();
  });
  after(() => api.close());

  test('the seed event is accepted with 202 and an empty body, and handed on cleaned', async () => {
    const response = await post(`${api.url}/`, seedEvent());
    assert.equal(response.status, 202);
    assert.equal(response.text, '');
    // As go-limiter's middleware: its headers on every answer it lets through, the one event
    // of the window taken; Retry-After only on a 429.
    assert.equal(response.headers.get('x-ratelimit-limit'), '1');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(response.headers.get('x-ratelimit-reset'), 'Thu, 01 Jan 2026 00:05:00 GMT');
    assert.equal(response.headers.get('retry-after'), null);
    assert.equal(api.accepted.length, 1);
    assert.deepEqual(api.accepted[0], { event: seedEvent(), source: 'http' });
  });

  test('the same again is 429 with Flux headers and is not handed on', async () => {
    const response = await post(`${api.url}/`, seedEvent());
    assert.equal(response.status, 429);
    assert.equal(response.text, 'Too Many Requests\n');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-ratelimit-limit'), '1');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
    const reset = 'Thu, 01 Jan 2026 00:05:00 GMT';
    assert.equal(response.headers.get('x-ratelimit-reset'), reset);
    assert.equal(response.headers.get('retry-after'), reset);
    assert.equal(api.accepted.length, 1);
  });

  test('another revision is a new event', async () => {
    const event = seedEvent();
    event.metadata = {
      'kustomize.toolkit.fluxcd.io/revision': 'main/0000000000000000000000000000000000000001',
    };
    assert.equal((await post(`${api.url}/`, event)).status, 202);
  });

  test('another severity, reason, or non-revision metadata key is still a duplicate', async () => {
    const variants = [
      { ...seedEvent(), severity: 'info' },
      { ...seedEvent(), reason: 'ReconciliationSucceeded' },
      {
        ...seedEvent(),
        metadata: { ...seedEvent().metadata, 'kustomize.toolkit.fluxcd.io/summary': 'other' },
      },
    ];
    for (const variant of variants) assert.equal((await post(`${api.url}/`, variant)).status, 429);
  });

  test('any path is accepted, as Flux producers post to /', async () => {
    assert.equal(
      (await post(`${api.url}/some/path`, { ...seedEvent(), message: 'path' })).status,
      202,
    );
  });

  test('after the window the same event passes again', async () => {
    api.advance(5 * 60_000);
    assert.equal((await post(`${api.url}/`, seedEvent())).status, 202);
  });

  test('a missing involvedObject.name is 400 naming that field', async () => {
    const event = seedEvent() as unknown as { involvedObject: Record<string, unknown> };
    delete event.involvedObject.name;
    const response = await post(`${api.url}/`, event);
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(response.text), {
      error: 'invalid event',
      details: [{ field: '/involvedObject/name', message: 'is required' }],
    });
  });

  test('broken JSON is 400 saying so', async () => {
    const response = await post(`${api.url}/`, '{"involvedObject": {', { raw: true });
    assert.equal(response.status, 400);
    const body = JSON.parse(response.text) as { error: string; details: unknown[] };
    assert.match(body.error, /^invalid JSON: /);
    assert.deepEqual(body.details, []);
  });

  test('a body of exactly 3 MiB is read; one byte more is 413', async () => {
    const padded = (size: number): string => {
      const json = JSON.stringify({ ...seedEvent(), message: 'big', padding: '' });
      return json.replace('"padding":""', `"padding":"${'x'.repeat(size - json.length)}"`);
    };
    const exact = padded(3 * MiB);
    assert.equal(Buffer.byteLength(exact), 3 * MiB);
    assert.equal((await post(`${api.url}/`, exact, { raw: true })).status, 202);
    const over = padded(3 * MiB + 1);
    const response = await post(`${api.url}/`, over, { raw: true });
    assert.equal(response.status, 413);
    assert.match(response.text, /larger than 3145728 bytes/);
  });

  test('a chunked body over 3 MiB is 413 too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api.url}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => {
        // The server may answer and close before the whole body is sent.
        if (
          (error as NodeJS.ErrnoException).code === 'EPIPE' ||
          (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        )
          return;
        reject(error);
      });
      req.write('{"padding":"');
      req.write('x'.repeat(3 * MiB));
      req.end('"}');
    });
    assert.equal(status, 413);
  });

  test('other methods are 405 with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(`${api.url}/`, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });

  test('a body without a JSON content type is still read', async () => {
    const response = await post(
      `${api.url}/`,
      { ...seedEvent(), message: 'no content type' },
      {
        headers: { 'Content-Type': 'text/plain' },
      },
    );
    assert.equal(response.status, 202);
  });

  test('metrics count the 429s under Flux names', async () => {
    const text = await api.registry.metrics();
    assert.match(
      text,
      /^gotk_event_http_request_duration_seconds_count\{service="",handler="\/",method="POST",code="429"\} 4$/m,
    );
    assert.match(text, /^gotk_event_http_request_duration_seconds_count\{[^}]*code="202"\} 6$/m);
    assert.match(text, /^herald_events_rate_limited_total\{source="http"\} 4$/m);
    assert.match(text, /^herald_events_rejected_total\{reason="invalid_event"\} 1$/m);
    assert.match(text, /^herald_events_rejected_total\{reason="too_large"\} 2$/m);
    assert.match(text, /^gotk_event_http_requests_inflight\{service="",handler="\/"\} 0$/m);
  });
});

test('a sink that throws after the 202 is logged, counted once, and the server goes on', async () => {
  const started = await startTestHerald({
    sink: {
      accept: () => {
        throw new Error('sink broke');
      },
    },
  });
  try {
    const events = started.url('events');
    assert.equal((await post(events, seedEvent())).status, 202);
    assert.equal((await post(events, seedEvent())).status, 429);
    const failures = started.logs.lines().filter((line) => line.level === 'error');
    assert.deepEqual(
      failures.map((line) => line.msg),
      ['Failed after answering an event request'],
    );
    const text = await started.herald.registry.metrics();
    assert.match(text, /^gotk_event_http_request_duration_seconds_count\{[^}]*code="202"\} 1$/m);
    assert.match(text, /^gotk_event_http_requests_inflight\{[^}]*\} 0$/m);
  } finally {
    await started.herald.stop();
  }
});
