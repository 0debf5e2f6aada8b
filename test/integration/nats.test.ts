import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { connect, type Msg, type NatsConnection, type Subscription } from 'nats';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { createNatsNotifier } from '../../src/notifiers/nats.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { realNatsSkipReason, startRealNats, type RealNats } from '../support/real-nats.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';
import { waitFor } from '../support/wait-for.js';

const SUBJECT = 'flux.events';
const PASSWORD = 'nats-user-password';
const TOKEN = 's3cr3t-nats-token';

const natsTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'nats', channel: SUBJECT, ...overrides });

const event: FluxEvent = sampleEvent({
  severity: 'error',
  message: 'apply failed: <Deployment/web> & more',
  metadata: { revision: 'main@sha1:abc', summary: 'prod' },
  reportingInstance: 'kustomize-controller-7c7b47f5f-8bhrp',
});

/** Subscribes as a plain client would, and hands over the next message's bytes. */
async function subscribe(
  url: string,
  credentials: { user?: string; pass?: string; token?: string } = {},
): Promise<{ next: () => Promise<Buffer>; close: () => Promise<void> }> {
  const connection: NatsConnection = await connect({ servers: url, ...credentials });
  const subscription: Subscription = connection.subscribe(SUBJECT);
  await connection.flush(); // the server knows the subscription before anything is published
  const messages: AsyncIterator<Msg> = subscription[Symbol.asyncIterator]();
  return {
    next: async () => {
      const result = await messages.next();
      assert.ok(result.done !== true, 'a message');
      return Buffer.from(result.value.data);
    },
    close: () => connection.close(),
  };
}

/** Posts `event` through a notifier for `target` and checks a subscriber got Flux's JSON. */
async function assertPublished(
  url: string,
  target: Partial<ProviderTarget>,
  credentials: { user?: string; pass?: string; token?: string } = {},
): Promise<void> {
  const subscriber = await subscribe(url, credentials);
  const notifier = createNatsNotifier(natsTarget(target), createTestDeps().deps);
  try {
    await notifier.post(event);
    assert.deepEqual(await subscriber.next(), encodeFluxEventJson(event));
  } finally {
    await notifier.close();
    await subscriber.close();
  }
}

function assertRejected(code: string, ...hidden: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof DeliveryError, String(error));
    assert.equal(error.code, code, error.message);
    for (const secret of hidden) assert.ok(!error.message.includes(secret), error.message);
    return true;
  };
}

describe('nats notifier against a real nats-server', { skip: realNatsSkipReason() }, () => {
  describe('without authentication', () => {
    let nats: RealNats;
    before(async () => {
      nats = await startRealNats({ maxPayload: 4_096 });
    });
    after(() => nats.close());

    test("publishes Flux's event JSON, byte for byte, to the subject", async () => {
      await assertPublished(nats.url, { address: nats.url });
      // What the subscriber got, as Flux's json.Marshal writes it.
      assert.equal(
        encodeFluxEventJson(event).toString('utf8'),
        '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps",' +
          '"apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error",' +
          '"timestamp":"2024-05-01T12:00:00Z","message":"apply failed: \\u003cDeployment/web\\u003e \\u0026 more",' +
          '"reason":"ReconciliationSucceeded","metadata":{"revision":"main@sha1:abc","summary":"prod"},' +
          '"reportingController":"kustomize-controller",' +
          '"reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}',
      );
    });

    test('a host:port address and a server list work, as nats.go reads them', async () => {
      // The dead second server may be tried first; the live one still takes the event.
      const hostPort = nats.url.replace('nats://', '');
      await assertPublished(nats.url, { address: `${hostPort}, nats://127.0.0.1:1` });
    });

    test("a message past the server's max_payload is cut to fit, not refused", async () => {
      const subscriber = await subscribe(nats.url);
      const notifier = createNatsNotifier(natsTarget({ address: nats.url }), createTestDeps().deps);
      await notifier.post({ ...event, message: '<é>'.repeat(2_000) });
      const received = await subscriber.next();
      assert.ok(received.length <= 4_096, String(received.length));
      const published = JSON.parse(received.toString('utf8')) as FluxEvent;
      assert.ok(published.message.startsWith('<é><é>'));
      assert.ok(published.message.endsWith(TRUNCATION_MARKER));
      await notifier.close();
      await subscriber.close();
    });

    test('a server that is not there fails the delivery', async () => {
      const notifier = createNatsNotifier(
        natsTarget({ address: 'nats://127.0.0.1:1' }),
        createTestDeps().deps,
      );
      await assert.rejects(notifier.post(event), assertRejected('HERALD_DELIVERY_FAILED'));
      await notifier.close();
    });
  });

  describe('with users and passwords', () => {
    let nats: RealNats;
    before(async () => {
      nats = await startRealNats({
        auth: {
          users: [
            { user: 'flux', password: PASSWORD },
            { user: 'narrow', password: PASSWORD, publish: ['other.>'] },
          ],
        },
      });
    });
    after(() => nats.close());

    test("the Secret's username and password connect; the subscriber gets the event", async () => {
      await assertPublished(
        nats.url,
        { address: nats.url, username: 'flux', password: PASSWORD },
        { user: 'flux', pass: PASSWORD },
      );
    });

    test('credentials in the address work too, and win over the Secret', async () => {
      const address = nats.url.replace('nats://', `nats://flux:${PASSWORD}@`);
      await assertPublished(
        nats.url,
        { address, username: 'flux', password: 'wrong-password' },
        { user: 'flux', pass: PASSWORD },
      );
    });

    test('a wrong password is refused for good, and the error shows no password', async () => {
      const notifier = createNatsNotifier(
        natsTarget({ address: nats.url, username: 'flux', password: 'wrong-password' }),
        createTestDeps().deps,
      );
      await assert.rejects(
        notifier.post(event),
        assertRejected('HERALD_DELIVERY_REJECTED', 'wrong-password'),
      );
      await notifier.close();
    });

    test('a user who may not publish to the subject fails the delivery', async () => {
      const notifier = createNatsNotifier(
        natsTarget({ address: nats.url, username: 'narrow', password: PASSWORD }),
        createTestDeps().deps,
      );
      await assert.rejects(notifier.post(event), (error: unknown) => {
        assertRejected('HERALD_DELIVERY_REJECTED', PASSWORD)(error);
        assert.match((error as Error).message, /PERMISSIONS_VIOLATION/);
        return true;
      });
      await notifier.close();
    });
  });

  describe('with a token', () => {
    let nats: RealNats;
    before(async () => {
      nats = await startRealNats({ auth: { token: TOKEN } });
    });
    after(() => nats.close());

    test("the Secret's token connects, as does a token in the address", async () => {
      const subscriber = await subscribe(nats.url, { token: TOKEN });
      const fromSecret = createNatsNotifier(
        natsTarget({ address: nats.url, token: TOKEN }),
        createTestDeps().deps,
      );
      const inAddress = createNatsNotifier(
        natsTarget({ address: nats.url.replace('nats://', `nats://${TOKEN}@`) }),
        createTestDeps().deps,
      );
      await fromSecret.post(event);
      assert.deepEqual(await subscriber.next(), encodeFluxEventJson(event));
      await inAddress.post({ ...event, message: 'second' });
      assert.equal(
        (JSON.parse((await subscriber.next()).toString()) as FluxEvent).message,
        'second',
      );
      await fromSecret.close();
      await inAddress.close();
      await subscriber.close();
    });

    test('no token is refused, a wrong one too, and neither shows in the error', async () => {
      const none = createNatsNotifier(natsTarget({ address: nats.url }), createTestDeps().deps);
      const wrong = createNatsNotifier(
        natsTarget({ address: nats.url.replace('nats://', 'nats://not-the-token@') }),
        createTestDeps().deps,
      );
      await assert.rejects(none.post(event), assertRejected('HERALD_DELIVERY_REJECTED'));
      await assert.rejects(
        wrong.post(event),
        assertRejected('HERALD_DELIVERY_REJECTED', 'not-the-token'),
      );
      await none.close();
      await wrong.close();
    });
  });
});

describe('nats notifier configuration', () => {
  test('no subject, or an address that is no NATS URL, is refused when it is built', () => {
    const { deps } = createTestDeps();
    assert.throws(() => createNatsNotifier(natsTarget({ channel: '' }), deps), {
      code: 'HERALD_PROVIDER_INVALID_CHANNEL',
    });
    for (const address of ['http://nats:4222', 'nats://', 'nats://a:4222,,nats://b:4222']) {
      assert.throws(() => createNatsNotifier(natsTarget({ address }), deps), {
        code: 'HERALD_PROVIDER_INVALID_ADDRESS',
      });
    }
  });

  test("the Provider's timeout ends a server that never answers; the caller's signal too", async () => {
    // Takes connections and says nothing: no INFO, so the client waits.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const { deps, clock } = createTestDeps();
    const notifier = createNatsNotifier(
      natsTarget({ address: `nats://127.0.0.1:${String(port)}`, timeoutMs: 5_000 }),
      deps,
    );
    const timedOut = notifier.post(event);
    await waitFor(() => sockets.length === 1, 'the client to connect');
    clock.advance(5_000);
    await assert.rejects(timedOut, (error: unknown) => {
      assertRejected('HERALD_DELIVERY_FAILED')(error);
      assert.match((error as Error).message, /timed out after 5000 ms/);
      return true;
    });
    const caller = new AbortController();
    const aborted = notifier.post(event, caller.signal);
    await waitFor(() => sockets.length === 2, 'the client to connect again');
    caller.abort();
    await assert.rejects(aborted, assertRejected('HERALD_DELIVERY_ABORTED'));
    await notifier.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('a server at a metadata address is refused before connecting', async () => {
    const notifier = createNatsNotifier(
      natsTarget({ address: 'nats://user:pw-secret@169.254.169.254:4222' }),
      createTestDeps().deps,
    );
    await assert.rejects(notifier.post(event), (error: unknown) => {
      assertRejected('HERALD_DELIVERY_ADDRESS_NOT_ALLOWED', 'pw-secret')(error);
      assert.equal((error as DeliveryError).attempts, 0);
      return true;
    });
    await notifier.close();
  });
});
