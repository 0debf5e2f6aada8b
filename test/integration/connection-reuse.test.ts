import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGenericNotifier } from '../../src/notifiers/generic.js';
import { startCaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';
import { CLIENT_TLS, MUTUAL_TLS_SERVER } from '../support/tls-fixtures.js';
import { waitFor } from '../support/wait-for.js';

test('one Provider delivers over one kept-alive connection, closed with its notifier', async () => {
  const server = await startCaptureServer();
  try {
    const notifier = createGenericNotifier(
      sampleTarget({ address: `${server.url}/hook` }),
      createTestDeps().deps,
    );
    for (const message of ['one', 'two', 'three']) await notifier.post(sampleEvent({ message }));
    const ports = server.requests.map((request) => request.remotePort);
    assert.equal(ports.length, 3);
    assert.equal(new Set(ports).size, 1, `client ports ${ports.join(', ')}`);
    assert.equal(server.requests[0]?.headers.connection, 'keep-alive');
    assert.equal(await server.openConnections(), 1, 'the connection waits for the next delivery');

    await notifier.close();
    await waitFor(
      async () => (await server.openConnections()) === 0,
      'the notifier to close its connection',
    );
  } finally {
    await server.close();
  }
});

test('a TLS connection with a client certificate is reused too', async () => {
  const server = await startCaptureServer({ tls: MUTUAL_TLS_SERVER });
  try {
    const notifier = createGenericNotifier(
      sampleTarget({ address: `${server.url}/hook`, tls: CLIENT_TLS }),
      createTestDeps().deps,
    );
    await notifier.post(sampleEvent({ message: 'one' }));
    await notifier.post(sampleEvent({ message: 'two' }));
    const [first, second] = server.requests;
    assert.equal(first?.clientCertCN, 'herald-test-client');
    assert.equal(second?.clientCertCN, 'herald-test-client');
    assert.equal(first.remotePort, second.remotePort);
    await notifier.close();
  } finally {
    await server.close();
  }
});
