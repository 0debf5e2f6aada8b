import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAzureEventHubNotifier,
  EVENTHUB_MAX_EVENT_BYTES,
  fullyQualifiedEventHubNamespace,
} from '../../src/notifiers/azure-eventhub.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { eventHubStandIn } from '../support/eventhub-stand-in.js';
import { MANUAL_CLOCK_START_MS } from '../support/manual-clock.js';
import { assertRejected } from '../support/delivery-rejection.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';
import { TEST_TLS } from '../support/tls-fixtures.js';

const HUB = 'flux-events';
const KEY_NAME = 'send-only';
const KEY = 'S2V5Rm9yVGVzdHNPbmx5LW5vdC1hLXJlYWwta2V5PQ==';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2V2ZW50aHVicy5henVyZS5uZXQifQ.c2ln';
const SEND_PATH = `/${HUB}/messages?timeout=60&api-version=2014-01`;

describe('azureeventhub notifier', () => {
  let server: CaptureServer;
  let connectionString: string;
  before(async () => {
    server = await startCaptureServer({
      tls: { cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey },
      defaultReply: eventHubStandIn({
        hub: HUB,
        keyName: KEY_NAME,
        key: KEY,
        jwts: [JWT],
        // The notifiers here run on the manual clock; so does the namespace.
        now: () => MANUAL_CLOCK_START_MS,
        maxEventBytes: EVENTHUB_MAX_EVENT_BYTES,
      }),
    });
    const { host } = new URL(server.url);
    connectionString = `Endpoint=sb://${host}/;SharedAccessKeyName=${KEY_NAME};SharedAccessKey=${KEY};EntityPath=${HUB}`;
  });
  after(() => server.close());

  const sasTarget = (overrides: Partial<ProviderTarget> = {}) =>
    sampleTarget({
      type: 'azureeventhub',
      address: connectionString,
      tls: { ca: TEST_TLS.ca },
      ...overrides,
    });

  test('sends the event JSON with a SAS token signed from the connection string', async () => {
    const notifier = createAzureEventHubNotifier(sasTarget(), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ message: 'applied <x>', metadata: { revision: 'main@1' } }));
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.path, SEND_PATH);
    assert.equal(request.headers['content-type'], 'application/atom+xml;type=entry;charset=utf-8');
    const expiry = MANUAL_CLOCK_START_MS / 1_000 + 3_600;
    const resource = encodeURIComponent(`${server.url}/${HUB}`);
    assert.match(
      request.headers.authorization ?? '',
      new RegExp(`^SharedAccessSignature sr=${resource}&sig=[^&]+&se=${expiry}&skn=${KEY_NAME}$`),
    );
    // Flux's json.Marshal of the event, byte for byte.
    assert.equal(
      request.body.toString('utf8'),
      '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps",' +
        '"apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"info",' +
        '"timestamp":"2024-05-01T12:00:00Z","message":"applied \\u003cx\\u003e",' +
        '"reason":"ReconciliationSucceeded","metadata":{"revision":"main@1"},' +
        '"reportingController":"kustomize-controller"}',
    );
    await notifier.close();
  });

  test('a hub name, its namespace as channel and a JWT send with the bearer token', async () => {
    const namespaces: string[] = [];
    const notifier = createAzureEventHubNotifier(
      sasTarget({ address: HUB, channel: 'flux-ns', token: JWT }),
      createTestDeps().deps,
      (namespace) => {
        namespaces.push(namespace);
        return server.url;
      },
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.deepEqual(namespaces, ['flux-ns']);
    assert.equal(server.requests[before]?.path, SEND_PATH);
    assert.equal(server.requests[before].headers.authorization, `Bearer ${JWT}`);
    await notifier.close();
  });

  test('Flux qualifies a bare namespace with the public cloud suffix', () => {
    assert.equal(fullyQualifiedEventHubNamespace('flux-ns'), 'flux-ns.servicebus.windows.net');
    assert.equal(
      fullyQualifiedEventHubNamespace('flux-ns.servicebus.chinacloudapi.cn'),
      'flux-ns.servicebus.chinacloudapi.cn',
    );
  });

  test('an event beyond 256 KiB has its message cut so it fits, and is taken', async () => {
    const notifier = createAzureEventHubNotifier(sasTarget(), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ message: '"quoted" ü '.repeat(40_000) }));
    const body = server.requests[before]?.body ?? Buffer.alloc(0);
    assert.ok(body.length <= EVENTHUB_MAX_EVENT_BYTES, String(body.length));
    assert.ok(body.length > EVENTHUB_MAX_EVENT_BYTES - 16, String(body.length));
    const event = JSON.parse(body.toString('utf8')) as { message: string };
    assert.ok(event.message.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a busy namespace (503) is retried after its Retry-After', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createAzureEventHubNotifier(sasTarget(), deps);
    server.reply({
      status: 503,
      headers: { 'Retry-After': '4' },
      body: '<Error>ServerBusy</Error>',
    });
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [4_000]);
    await notifier.close();
  });

  test('a signature from another key is a final 401 showing neither key nor connection string', async () => {
    const wrong = connectionString.replace(KEY, 'V3JvbmdLZXlWYWx1ZUZvclRlc3Rz');
    const notifier = createAzureEventHubNotifier(
      sasTarget({ address: wrong }),
      createTestDeps().deps,
    );
    await assertRejected(notifier.post(sampleEvent()), {
      status: 401,
      hides: ['V3JvbmdLZXlWYWx1ZUZvclRlc3Rz', 'sig='],
    });
    await notifier.close();
  });

  test('commit-status updates are skipped, as Flux skips them', async () => {
    const notifier = createAzureEventHubNotifier(sasTarget(), createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(sampleEvent({ metadata: { commit_status: 'update' } }));
    assert.equal(server.requests.length, before);
    await notifier.close();
  });

  for (const [what, overrides, code] of [
    ['a connection string and a token', { token: JWT }, 'HERALD_PROVIDER_CONFLICTING_AUTH'],
    [
      'a connection string without EntityPath',
      {
        address: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=${KEY}`,
      },
      'HERALD_PROVIDER_INVALID_CREDENTIALS',
    ],
    [
      'a hub name without a token',
      { address: HUB, channel: 'ns' },
      'HERALD_PROVIDER_MISSING_TOKEN',
    ],
    [
      'a hub name without a namespace',
      { address: HUB, token: JWT },
      'HERALD_PROVIDER_INVALID_ADDRESS',
    ],
    ['an address that is neither', { address: 'https://x/y' }, 'HERALD_PROVIDER_INVALID_ADDRESS'],
  ] as const) {
    test(`${what} fails when the notifier is built, showing no key`, () => {
      assert.throws(
        () => createAzureEventHubNotifier(sasTarget(overrides), createTestDeps().deps),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, code);
          assert.ok(!error.message.includes(KEY), error.message);
          assert.ok(!error.message.includes(JWT), error.message);
          return true;
        },
      );
    });
  }
});
