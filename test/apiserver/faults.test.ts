import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { JsonObject } from './json.js';
import { startTestApiServer } from './server.js';
import { callApi, text, WatchStream } from './test-support.js';

const WIDGETS_CRD = join(import.meta.dirname, 'fixtures', 'crds', 'widgets.yaml');

test('a restart keeps state, drops connections and expires older resourceVersions', async () => {
  const api = await startTestApiServer();
  try {
    const created = await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'kept' },
    });
    const oldRv = text((created.body.metadata as JsonObject).resourceVersion);
    await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'later' },
    });
    const list = await callApi(api.url, 'GET', '/api/v1/namespaces/default/configmaps');
    const currentRv = text((list.body.metadata as JsonObject).resourceVersion);
    const open = WatchStream.open(
      `${api.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${currentRv}`,
    );
    await open.ready();
    const port = api.port;
    let refused = false;
    await api.faults.restart({
      whileDown: async () => {
        refused = await fetch(`${api.url}/version`).then(
          () => false,
          () => true,
        );
      },
    });
    assert.ok(refused, 'connections are refused while the server is down');
    await open.waitEnded();
    assert.equal(api.port, port, 'the server comes back on the same port');
    assert.equal(
      (await callApi(api.url, 'GET', '/api/v1/namespaces/default/configmaps/kept')).status,
      200,
    );
    const resumed = WatchStream.open(
      `${api.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${currentRv}`,
    );
    await resumed.ready();
    await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'after' },
    });
    assert.equal(
      (await resumed.frame(1)).type,
      'ADDED',
      'a client that had seen everything resumes',
    );
    resumed.close();
    const stale = WatchStream.open(
      `${api.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${oldRv}`,
    );
    assert.equal(((await stale.frame(1)).object as JsonObject).code, 410);
  } finally {
    await api.close();
  }
});

test('a restart expires watch positions of cached resources only: Events and continue tokens read etcd', async () => {
  const api = await startTestApiServer();
  try {
    for (const name of ['a', 'b']) {
      await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
        metadata: { name },
      });
    }
    const page = await callApi(api.url, 'GET', '/api/v1/namespaces/default/configmaps?limit=1');
    const { resourceVersion: rv, continue: token } = page.body.metadata as JsonObject;
    await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'c' },
    });
    await api.faults.restart();

    const configMaps = WatchStream.open(
      `${api.url}/api/v1/configmaps?watch=1&resourceVersion=${text(rv)}`,
    );
    assert.equal(((await configMaps.frame(1)).object as JsonObject).code, 410);
    const events = WatchStream.open(`${api.url}/api/v1/events?watch=1&resourceVersion=${text(rv)}`);
    await events.ready();
    const created = await callApi(api.url, 'POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'after-restart' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await events.frame(1)).type, 'ADDED', 'the Event watch resumed');
    events.close();
    const rest = await callApi(
      api.url,
      'GET',
      `/api/v1/namespaces/default/configmaps?limit=1&continue=${text(token)}`,
    );
    assert.equal(rest.status, 200);

    // An etcd compaction does expire them, in etcd's words.
    api.faults.expireResourceVersions();
    const compacted = WatchStream.open(
      `${api.url}/api/v1/events?watch=1&resourceVersion=${text(rv)}`,
    );
    assert.deepEqual(
      ((await compacted.frame(1)).object as JsonObject).message,
      'The resourceVersion for the provided watch is too old.',
    );
  } finally {
    await api.close();
  }
});

test('a restart without state starts over with the system namespaces and the preloaded CRDs', async () => {
  const api = await startTestApiServer({ crdFiles: [WIDGETS_CRD] });
  try {
    await callApi(api.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'lost' },
    });
    await api.faults.restart({ keepState: false });
    assert.equal(
      (await callApi(api.url, 'GET', '/api/v1/namespaces/default/configmaps/lost')).status,
      404,
    );
    assert.equal((await callApi(api.url, 'GET', '/api/v1/namespaces/kube-system')).status, 200);
    assert.equal(
      (await callApi(api.url, 'GET', '/apis/example.com/v1/namespaces/default/widgets')).status,
      200,
    );
  } finally {
    await api.close();
  }
});

test('expiring events deletes them with DELETED watch events, as their TTL would', async () => {
  const api = await startTestApiServer();
  try {
    await callApi(api.url, 'POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'short-lived' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started',
      message: 'm',
    });
    const stream = WatchStream.open(`${api.url}/api/v1/events?watch=true`);
    assert.equal((await stream.frame(1)).type, 'ADDED');
    assert.equal(api.faults.expireEvents(), 1);
    assert.equal((await stream.frame(2)).type, 'DELETED');
    stream.close();
  } finally {
    await api.close();
  }
});
