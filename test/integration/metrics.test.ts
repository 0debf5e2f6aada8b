import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { post } from '../support/event-api-harness.js';
import { startTestHerald } from '../support/herald-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';

describe('/metrics', () => {
  let started: Awaited<ReturnType<typeof startTestHerald>>;
  before(async () => {
    started = await startTestHerald();
    const events = started.url('events');
    assert.equal((await post(events, seedEvent())).status, 202);
    assert.equal((await post(events, seedEvent())).status, 429);
    assert.equal((await post(events, seedEvent())).status, 429);
    assert.equal((await post(events, { ...seedEvent(), severity: 'bad' })).status, 400);
  });
  after(() => started.herald.stop());

  test('counts 429s under gotk_event_http_request_duration_seconds_count{code="429"}', async () => {
    const text = await (await fetch(`${started.url('metrics')}/metrics`)).text();
    assert.match(text, /^gotk_event_http_request_duration_seconds_count\{[^}]*code="429"\} 2$/m);
    assert.match(text, /^gotk_event_http_request_duration_seconds_count\{[^}]*code="202"\} 1$/m);
    assert.match(text, /^herald_events_received_total\{source="http"\} 4$/m);
    // Sizes are the bodies written: two "Too Many Requests\n" (Go's http.Error), one empty 202.
    assert.match(text, /^gotk_event_http_response_size_bytes_sum\{[^}]*code="429"\} 36$/m);
    assert.match(text, /^gotk_event_http_response_size_bytes_sum\{[^}]*code="202"\} 0$/m);
    assert.match(text, /^gotk_event_http_response_size_bytes_sum\{[^}]*code="400"\} [1-9]\d*$/m);
    assert.match(text, /^gotk_event_http_requests_inflight\{[^}]*\} 0$/m);
    assert.match(text, /^herald_rate_limiter_keys 1$/m);
    assert.match(text, /^process_cpu_seconds_total /m);
    assert.match(
      text,
      /^herald_build_info\{version="\d+\.\d+\.\d+[^"]*",node_version="v\d+[^"]*"\} 1$/m,
    );
  });

  test('passes promtool check metrics', async () => {
    const text = await (await fetch(`${started.url('metrics')}/metrics`)).text();
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.ok(
      promtool.error === undefined,
      'promtool is needed (Debian package prometheus; .ci/run installs it)',
    );
    assert.equal(promtool.status, 0, `${promtool.stdout}${promtool.stderr}`);
  });
});

test('with --export-http-path-metrics the Event API metrics carry the request path', async () => {
  const started = await startTestHerald({ flags: ['--export-http-path-metrics'] });
  try {
    const events = started.url('events');
    assert.equal((await post(`${events}/hooks/flux`, seedEvent())).status, 202);
    const text = await (await fetch(`${started.url('metrics')}/metrics`)).text();
    assert.match(
      text,
      /^gotk_event_http_request_duration_seconds_count\{service="",handler="\/hooks\/flux",method="POST",code="202"\} 1$/m,
    );
    assert.match(
      text,
      /^gotk_event_http_requests_inflight\{service="",handler="\/hooks\/flux"\} 0$/m,
    );
  } finally {
    await started.herald.stop();
  }
});

describe('/healthz and /readyz', () => {
  test('healthz is ok; readyz follows readiness', async () => {
    let ready = false;
    const started = await startTestHerald({ ready: () => ready });
    try {
      const health = started.url('health');
      assert.equal((await fetch(`${health}/healthz`)).status, 200);
      assert.equal((await fetch(`${health}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${health}/readyz`)).status, 200);
    } finally {
      await started.herald.stop();
    }
  });
});
