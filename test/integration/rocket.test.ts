import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { createRocketNotifier, ROCKET_MESSAGE_LIMIT } from '../../src/notifiers/rocket.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { assertDeliveryFails, assertJsonPost, deliverOne } from '../support/deliver-one.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const HOOK_TOKEN = 'rocket-hook-token-secret';
const HOOK_PATH = `/hooks/6f1c2b/${HOOK_TOKEN}`;

const rocketTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'rocket', address: `${server.url}${HOOK_PATH}`, ...overrides });

let server: CaptureServer;

describe('rocket notifier', () => {
  before(async () => {
    // Rocket.Chat's incoming webhooks answer {"success":true}.
    server = await startCaptureServer({ defaultReply: { status: 200, body: '{"success":true}' } });
  });
  after(() => server.close());

  test("posts Flux's Rocket.Chat message byte for byte: Rocket's colours", async () => {
    const notifier = createRocketNotifier(
      rocketTarget({ channel: '#ops', username: 'flux' }),
      createTestDeps().deps,
    );
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({
        severity: 'error',
        message: 'apply failed: a & b',
        metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
      }),
    );
    assertJsonPost(request, HOOK_PATH);
    assert.equal(
      request.body.toString('utf8'),
      '{"channel":"#ops","username":"flux","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"color":"#FF0000","author_name":"kustomization/apps.flux-system",' +
        '"text":"apply failed: a \\u0026 b","mrkdwn_in":["text"],"fields":[' +
        '{"title":"revision","value":"main@sha1:abc","short":false},' +
        '{"title":"summary","value":"Cluster eu-1","short":false}]}]}',
    );
    await notifier.close();
  });

  test('without username or channel both are sent empty (the webhook decides); info is blue', async () => {
    const notifier = createRocketNotifier(rocketTarget({}), createTestDeps().deps);
    const request = await deliverOne(notifier, server, sampleEvent());
    assert.equal(
      request.body.toString('utf8'),
      '{"channel":"","username":"","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"color":"#0076D7","author_name":"kustomization/apps.flux-system",' +
        '"text":"Reconciliation finished","mrkdwn_in":["text"],"fields":[]}]}',
    );
    await notifier.close();
  });

  test('a long message is cut at 5,000 characters, marker included', async () => {
    const notifier = createRocketNotifier(rocketTarget({}), createTestDeps().deps);
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({ message: 'line\n'.repeat(3_000) }),
    );
    const payload = JSON.parse(request.body.toString('utf8')) as {
      attachments: [{ text: string }];
    };
    const text = payload.attachments[0].text;
    assert.equal(text.length, ROCKET_MESSAGE_LIMIT.max);
    assert.ok(text.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a 5xx is retried with backoff, then delivered once', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createRocketNotifier(rocketTarget({}), deps);
    const before = server.requests.length;
    server.reply({ status: 503 }, { status: 502 });
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(delays, [2_000, 4_000]);
    await notifier.close();
  });

  test("Rocket.Chat's refusal (400, success:false) is final and holds no hook token", async () => {
    const notifier = createRocketNotifier(rocketTarget({}), createTestDeps().deps);
    server.reply({
      status: 400,
      headers: { 'Content-Type': 'application/json' },
      body: `{"success":false,"error":"Invalid integration id or token provided: ${HOOK_TOKEN}"}`,
    });
    await assertDeliveryFails(
      notifier.post(sampleEvent()),
      { code: 'HERALD_DELIVERY_REJECTED', status: 400, attempts: 1 },
      [HOOK_TOKEN],
    );
    await notifier.close();
  });
});
