import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JsonObject } from './json.js';
import { startTestApiServer, type TestApiServer } from './server.js';
import { callApi, text, WatchStream } from './test-support.js';

const CONFIGMAPS = '/api/v1/namespaces/watching/configmaps';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function summary(frame: JsonObject): string {
  const object = frame.object as JsonObject;
  const meta = (object.metadata ?? {}) as JsonObject;
  return `${text(frame.type)} ${text(meta.name ?? object.kind)}`;
}

describe('watches', () => {
  let api: TestApiServer;
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    callApi(api.url, method, path, body, headers);
  const patch = (name: string, body: JsonObject) =>
    call('PATCH', `${CONFIGMAPS}/${name}`, body, {
      'Content-Type': 'application/merge-patch+json',
    });
  const open: WatchStream[] = [];
  const watch = (query: string, accept?: string): WatchStream => {
    const stream = WatchStream.open(`${api.url}${CONFIGMAPS}?watch=true&${query}`, accept);
    open.push(stream);
    return stream;
  };

  before(async () => {
    api = await startTestApiServer();
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'watching' } });
  });
  after(async () => {
    for (const stream of open) stream.close();
    await api.close();
  });

  test('streams newline-delimited ADDED, MODIFIED and DELETED frames', async () => {
    const created = await call('POST', CONFIGMAPS, { metadata: { name: 'w1' }, data: { a: '1' } });
    const createdRv = Number((created.body.metadata as JsonObject).resourceVersion);
    const stream = watch('fieldSelector=metadata.name%3Dw1');
    const first = await stream.frame(1);
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-type'], 'application/json');
    assert.equal(stream.headers['transfer-encoding'], 'chunked');
    assert.equal(summary(first), 'ADDED w1');
    assert.equal(
      (first.object as JsonObject).kind,
      'ConfigMap',
      'watch objects carry kind and apiVersion',
    );
    await patch('w1', { data: { a: '2' } });
    assert.equal(summary(await stream.frame(2)), 'MODIFIED w1');
    await call('DELETE', `${CONFIGMAPS}/w1`);
    const deleted = await stream.frame(3);
    assert.equal(summary(deleted), 'DELETED w1');
    const rv = Number(((deleted.object as JsonObject).metadata as JsonObject).resourceVersion);
    assert.ok(rv > createdRv + 1, 'a deletion carries its own, newer resourceVersion');
  });

  test('an object leaving a label selector is DELETED for that watch, entering is ADDED', async () => {
    await call('POST', CONFIGMAPS, { metadata: { name: 'sel', labels: { team: 'a' } } });
    const stream = watch('labelSelector=team%3Da');
    assert.equal(summary(await stream.frame(1)), 'ADDED sel');
    await patch('sel', { metadata: { labels: { team: 'b' } } });
    assert.equal(summary(await stream.frame(2)), 'DELETED sel');
    await patch('sel', { metadata: { labels: { team: 'a' } } });
    assert.equal(summary(await stream.frame(3)), 'ADDED sel');
  });

  test('resumes from a resourceVersion, replaying what changed after it', async () => {
    const created = await call('POST', CONFIGMAPS, { metadata: { name: 'resume' } });
    const rv = text((created.body.metadata as JsonObject).resourceVersion);
    await patch('resume', { data: { step: '1' } });
    await patch('resume', { data: { step: '2' } });
    const stream = watch(`resourceVersion=${rv}&fieldSelector=metadata.name%3Dresume`);
    assert.equal(summary(await stream.frame(1)), 'MODIFIED resume');
    const second = await stream.frame(2);
    assert.deepEqual((second.object as JsonObject).data, { step: '2' });
  });

  test('answers an expired resourceVersion with an ERROR frame carrying a 410 Status, then ends', async () => {
    const created = await call('POST', CONFIGMAPS, { metadata: { name: 'old' } });
    const rv = text((created.body.metadata as JsonObject).resourceVersion);
    const now = api.faults.expireResourceVersions();
    const stream = watch(`resourceVersion=${rv}`);
    const frame = await stream.frame(1);
    await stream.waitEnded();
    assert.equal(stream.status, 200);
    assert.deepEqual(frame, {
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${rv} (${now})`,
        reason: 'Expired',
        code: 410,
      },
    });
  });

  test('sends bookmarks only to watches that allow them', async () => {
    const list = await call('GET', CONFIGMAPS);
    const rv = text((list.body.metadata as JsonObject).resourceVersion);
    const allowing = watch(`resourceVersion=${rv}&allowWatchBookmarks=true`);
    const plain = watch(`resourceVersion=${rv}&fieldSelector=metadata.name%3Dafter-bookmark`);
    await allowing.ready();
    await plain.ready();
    api.faults.sendBookmarks();
    const bookmark = await allowing.frame(1);
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.deepEqual(bookmark.object, {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: rv, creationTimestamp: null },
    });
    await call('POST', CONFIGMAPS, { metadata: { name: 'after-bookmark' } });
    assert.equal(
      summary(await plain.frame(1)),
      'ADDED after-bookmark',
      'no bookmark before the first event',
    );
  });

  test('ends after timeoutSeconds and when the server cuts watches', async () => {
    const timed = watch('timeoutSeconds=1&resourceVersion=0');
    await timed.waitEnded();
    const cut = watch('fieldSelector=metadata.name%3Dnothing');
    await cut.ready();
    assert.ok(api.faults.cutWatches() >= 1);
    await cut.waitEnded();
  });

  test('renders Table watches with column definitions on the first frame only', async () => {
    await call('POST', CONFIGMAPS, { metadata: { name: 't1' }, data: { a: '1' } });
    const stream = watch('fieldSelector=metadata.name%3Dt1', TABLE);
    const first = (await stream.frame(1)).object as JsonObject;
    assert.equal(first.kind, 'Table');
    assert.deepEqual(
      (first.columnDefinitions as JsonObject[]).map((c) => c.name),
      ['Name', 'Data', 'Age'],
    );
    assert.deepEqual(((first.rows as JsonObject[])[0]?.cells as unknown[]).slice(0, 2), ['t1', 1]);
    await patch('t1', { data: { a: '1', b: '2' } });
    const second = (await stream.frame(2)).object as JsonObject;
    assert.equal(second.columnDefinitions, null);
    assert.deepEqual(((second.rows as JsonObject[])[0]?.cells as unknown[]).slice(0, 2), ['t1', 2]);
  });
});
