import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createGooglePubSubNotifier,
  type GoogleEndpoints,
} from '../../src/notifiers/google-pubsub.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { googleStandIn, type GoogleStandIn } from '../support/google-stand-in.js';
import { testServiceAccount } from '../support/google-service-account.js';
import { assertRejected } from '../support/delivery-rejection.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const PROJECT = 'test-project';
const TOPIC = 'flux-events';

describe('googlepubsub notifier', () => {
  const account = testServiceAccount();
  let server: CaptureServer;
  let google: GoogleStandIn;
  let endpoints: GoogleEndpoints;
  before(async () => {
    google = googleStandIn(account, () => endpoints.token, `projects/${PROJECT}/topics/${TOPIC}`);
    server = await startCaptureServer({ defaultReply: (request) => google.answer(request) });
    endpoints = { pubsub: server.url, token: `${server.url}/token` };
  });
  after(() => server.close());

  const pubsubTarget = (overrides: Partial<ProviderTarget> = {}) =>
    sampleTarget({
      type: 'googlepubsub',
      address: PROJECT,
      channel: TOPIC,
      token: account.json,
      ...overrides,
    });
  const requestsTo = (path: string, from: number) =>
    server.requests.slice(from).filter((request) => request.path === path);
  const PUBLISH_PATH = `/v1/projects/${PROJECT}/topics/${TOPIC}:publish`;

  test('publishes the event JSON with the headers as attributes, after a signed-JWT grant', async () => {
    const { deps } = createTestDeps();
    const notifier = createGooglePubSubNotifier(
      pubsubTarget({ headers: { team: 'platform', env: 'prod' } }),
      deps,
      endpoints,
    );
    const before = server.requests.length;
    const assertionsBefore = google.assertions.length;
    await notifier.post(sampleEvent({ severity: 'error', message: 'failed <x>' }));
    const [tokenRequest, publish] = server.requests.slice(before);
    assert.equal(tokenRequest?.path, '/token');
    assert.equal(tokenRequest.headers['content-type'], 'application/x-www-form-urlencoded');
    const assertion = google.assertions[assertionsBefore];
    assert.deepEqual(assertion?.header, { alg: 'RS256', typ: 'JWT', kid: account.privateKeyId });
    assert.equal(
      assertion.claims.scope,
      'https://www.googleapis.com/auth/pubsub https://www.googleapis.com/auth/cloud-platform',
    );
    assert.equal(publish?.path, PUBLISH_PATH);
    assert.equal(publish.headers.authorization, `Bearer ${google.issued.at(-1) ?? ''}`);
    const body = JSON.parse(publish.body.toString('utf8')) as {
      messages: { data: string; attributes?: Record<string, string> }[];
    };
    assert.equal(body.messages.length, 1);
    assert.deepEqual(body.messages[0]?.attributes, { team: 'platform', env: 'prod' });
    // Flux's json.Marshal of the event, Go's escaping included.
    assert.equal(
      Buffer.from(body.messages[0].data, 'base64').toString('utf8'),
      '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps",' +
        '"apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error",' +
        '"timestamp":"2024-05-01T12:00:00Z","message":"failed \\u003cx\\u003e",' +
        '"reason":"ReconciliationSucceeded","reportingController":"kustomize-controller"}',
    );
    await notifier.close();
  });

  test('the access token is reused until it is about to expire, then renewed', async () => {
    const { deps, clock } = createTestDeps();
    const notifier = createGooglePubSubNotifier(pubsubTarget(), deps, endpoints);
    const before = server.requests.length;
    // Posts at once share one grant.
    await Promise.all([notifier.post(sampleEvent()), notifier.post(sampleEvent())]);
    await notifier.post(sampleEvent());
    assert.equal(requestsTo('/token', before).length, 1);
    assert.equal(requestsTo(PUBLISH_PATH, before).length, 3);
    assert.equal(requestsTo(PUBLISH_PATH, before)[0]?.body.includes('"attributes"'), false);
    clock.advance(3_599_000 - 10_000 - 1);
    await notifier.post(sampleEvent());
    assert.equal(requestsTo('/token', before).length, 1);
    clock.advance(1);
    await notifier.post(sampleEvent());
    assert.equal(requestsTo('/token', before).length, 2);
    const renewed = requestsTo(PUBLISH_PATH, before).at(-1);
    assert.equal(renewed?.headers.authorization, `Bearer ${google.issued.at(-1) ?? ''}`);
    await notifier.close();
  });

  test('RESOURCE_EXHAUSTED (429) is retried with backoff', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createGooglePubSubNotifier(pubsubTarget(), deps, endpoints);
    await notifier.post(sampleEvent()); // gets the token
    server.reply({
      status: 429,
      body: '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}',
    });
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(requestsTo(PUBLISH_PATH, before).length, 2);
    assert.deepEqual(delays, [2_000]);
    await notifier.close();
  });

  test('a topic Pub/Sub does not know is a final 404', async () => {
    const notifier = createGooglePubSubNotifier(
      pubsubTarget({ channel: 'missing' }),
      createTestDeps().deps,
      endpoints,
    );
    await assertRejected(notifier.post(sampleEvent()), { status: 404, hides: ['ya29.'] });
    await notifier.close();
  });

  test('a grant refused for a wrong key fails the delivery, showing no key', async () => {
    const other = JSON.parse(account.json) as Record<string, string>;
    other.client_email = 'someone-else@test-project.iam.gserviceaccount.com';
    const token = JSON.stringify(other);
    const notifier = createGooglePubSubNotifier(
      pubsubTarget({ token }),
      createTestDeps().deps,
      endpoints,
    );
    const before = server.requests.length;
    await assertRejected(notifier.post(sampleEvent()), { status: 400, hides: ['PRIVATE KEY'] });
    assert.equal(requestsTo(PUBLISH_PATH, before).length, 0);
    await notifier.close();
  });

  for (const [what, overrides, code] of [
    ['a token that is not JSON', { token: 'not-json' }, 'HERALD_PROVIDER_INVALID_CREDENTIALS'],
    [
      'a key without its private key',
      { token: JSON.stringify({ type: 'service_account', client_email: 'a@b' }) },
      'HERALD_PROVIDER_INVALID_CREDENTIALS',
    ],
    ['no token', { token: undefined }, 'HERALD_PROVIDER_MISSING_TOKEN'],
    ['no topic', { channel: undefined }, 'HERALD_PROVIDER_INVALID_ADDRESS'],
    ['a project with a slash', { address: 'p/topics/x' }, 'HERALD_PROVIDER_INVALID_ADDRESS'],
  ] as const) {
    test(`${what} fails when the notifier is built, showing no key`, () => {
      assert.throws(
        () => createGooglePubSubNotifier(pubsubTarget(overrides), createTestDeps().deps, endpoints),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, code);
          assert.ok(!error.message.includes('PRIVATE KEY'), error.message);
          return true;
        },
      );
    });
  }
});
