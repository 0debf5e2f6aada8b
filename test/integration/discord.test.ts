import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDiscordNotifier, DISCORD_MESSAGE_LIMIT } from '../../src/notifiers/discord.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { assertDeliveryFails, assertJsonPost, deliverOne } from '../support/deliver-one.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const WEBHOOK_TOKEN = 'discord-webhook-token-secret';
const WEBHOOK_PATH = `/api/webhooks/1234567890/${WEBHOOK_TOKEN}`;

const discordTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'discord', ...overrides });

/** Discord's answer when a webhook is rate limited: JSON with seconds, often fractional. */
function rateLimited(retryAfterSeconds: number, headers: Record<string, string> = {}) {
  return {
    status: 429,
    headers: { 'Content-Type': 'application/json', 'X-RateLimit-Scope': 'user', ...headers },
    body: JSON.stringify({
      message: 'You are being rate limited.',
      retry_after: retryAfterSeconds,
      global: false,
    }),
  };
}

describe('discord notifier', () => {
  let server: CaptureServer;
  before(async () => {
    // Discord's Slack-compatible endpoint answers "ok".
    server = await startCaptureServer({ defaultReply: { status: 200, body: 'ok' } });
  });
  after(() => server.close());

  test("posts Flux's Slack-shaped message to <webhook>/slack, byte for byte", async () => {
    const notifier = createDiscordNotifier(
      discordTarget({
        address: `${server.url}${WEBHOOK_PATH}`,
        channel: 'deployments',
        username: 'flux',
      }),
      createTestDeps().deps,
    );
    const request = await deliverOne(
      notifier,
      server,
      sampleEvent({
        severity: 'error',
        message: 'Health check failed <web>',
        metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
      }),
    );
    assertJsonPost(request, `${WEBHOOK_PATH}/slack`);
    // Flux's Discord notifier sets no fallback: that is its Slack notifier's alone.
    assert.equal(
      request.body.toString('utf8'),
      '{"channel":"deployments","username":"flux","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"color":"danger","author_name":"kustomization/apps.flux-system",' +
        '"text":"Health check failed \\u003cweb\\u003e","mrkdwn_in":["text"],"fields":[' +
        '{"title":"revision","value":"main@sha1:abc","short":false},' +
        '{"title":"summary","value":"Cluster eu-1","short":false}]}]}',
    );
    await notifier.close();
  });

  test('no username: the reporting controller; info is good', async () => {
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      createTestDeps().deps,
    );
    const request = await deliverOne(notifier, server, sampleEvent());
    assert.equal(
      request.body.toString('utf8'),
      '{"channel":"","username":"kustomize-controller","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"color":"good","author_name":"kustomization/apps.flux-system",' +
        '"text":"Reconciliation finished","mrkdwn_in":["text"],"fields":[]}]}',
    );
    await notifier.close();
  });

  test('/slack is appended once, before the query, and a trailing slash is cleaned', async () => {
    const before = server.requests.length;
    for (const address of [
      `${server.url}${WEBHOOK_PATH}/slack`,
      `${server.url}${WEBHOOK_PATH}/`,
      `${server.url}${WEBHOOK_PATH}?wait=true`,
    ]) {
      const notifier = createDiscordNotifier(discordTarget({ address }), createTestDeps().deps);
      await notifier.post(sampleEvent());
      await notifier.close();
    }
    assert.deepEqual(
      server.requests.slice(before).map((request) => request.path),
      [`${WEBHOOK_PATH}/slack`, `${WEBHOOK_PATH}/slack`, `${WEBHOOK_PATH}/slack?wait=true`],
    );
  });

  test('a long message is cut at 2,000 characters, marker included', async () => {
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      createTestDeps().deps,
    );
    const message = 'ü'.repeat(5_000);
    const { body } = await deliverOne(notifier, server, sampleEvent({ message }));
    const payload = JSON.parse(body.toString('utf8')) as {
      attachments: [{ text: string }];
    };
    const text = payload.attachments[0].text;
    assert.equal(text.length, DISCORD_MESSAGE_LIMIT.max);
    assert.ok(text.endsWith(TRUNCATION_MARKER));
    assert.equal(text, `${'ü'.repeat(2_000 - TRUNCATION_MARKER.length)}${TRUNCATION_MARKER}`);
    await notifier.close();
  });

  test("a 429's retry_after in the body is the wait, fractional seconds rounded up", async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      deps,
    );
    const before = server.requests.length;
    server.reply(rateLimited(1.2345), rateLimited(0.5));
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(delays, [1_235, 500]);
    await notifier.close();
  });

  test('without a body wait, X-RateLimit-Reset-After is the wait; Retry-After comes first', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      deps,
    );
    server.reply(
      { status: 429, headers: { 'X-RateLimit-Reset-After': '0.75', 'X-RateLimit-Remaining': '0' } },
      rateLimited(0.4, { 'Retry-After': '1' }),
    );
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [750, 1_000]);
    await notifier.close();
  });

  test("a delivery that spends the webhook's budget says for how long (pacing holds it)", async () => {
    const spent: number[] = [];
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      { ...createTestDeps().deps, onBudgetSpent: (waitMs) => spent.push(waitMs) },
    );
    server.reply(
      { status: 200, headers: { 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset-After': '2' } },
      { status: 200, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '1.5' } },
      { status: 200, headers: { 'X-RateLimit-Remaining': '0' } },
    );
    await notifier.post(sampleEvent());
    await notifier.post(sampleEvent());
    await notifier.post(sampleEvent());
    assert.deepEqual(spent, [1_500]);
    await notifier.close();
  });

  test('a 400 is final and the error holds no webhook token', async () => {
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}` }),
      createTestDeps().deps,
    );
    server.reply({
      status: 400,
      headers: { 'Content-Type': 'application/json' },
      body: `{"message":"Invalid Webhook Token ${WEBHOOK_TOKEN}","code":50027}`,
    });
    await assertDeliveryFails(
      notifier.post(sampleEvent()),
      { code: 'HERALD_DELIVERY_REJECTED', attempts: 1 },
      [WEBHOOK_TOKEN],
    );
    await notifier.close();
  });

  test('rate limited past the timeout: gives up without waiting, token-free', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createDiscordNotifier(
      discordTarget({ address: `${server.url}${WEBHOOK_PATH}`, timeoutMs: 5_000 }),
      deps,
    );
    server.reply(rateLimited(60));
    const failure = await assertDeliveryFails(
      notifier.post(sampleEvent()),
      { code: 'HERALD_DELIVERY_FAILED', status: 429 },
      [WEBHOOK_TOKEN],
    );
    assert.match(failure.message, /in 60000 ms/);
    assert.deepEqual(delays, []);
    await notifier.close();
  });
});
