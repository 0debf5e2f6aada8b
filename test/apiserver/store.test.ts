import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from './kube-object.js';
import { ObjectStore } from './store.js';

const KEY = 'example.com/widgets';
const widget = (name: string, size: number): KubeObject => ({
  metadata: { name, namespace: 'ns' },
  spec: { size },
});

test('one counter stamps every write; deletions carry their own resourceVersion', () => {
  const store = new ObjectStore({ historyLimit: 100, initialResourceVersion: 10 });
  const a = store.create(KEY, 'ns/a', widget('a', 1));
  const b = store.create('other/things', 'b', widget('b', 1));
  assert.equal(a.metadata.resourceVersion, '11');
  assert.equal(b.metadata.resourceVersion, '12');
  const deleted = store.delete(KEY, 'ns/a');
  assert.equal(deleted?.metadata.resourceVersion, '13');
  assert.equal(store.get(KEY, 'ns/a'), undefined);
});

test('history replays changes after a resourceVersion and snapshots rebuild the past', () => {
  const store = new ObjectStore({ historyLimit: 100, initialResourceVersion: 0 });
  store.create(KEY, 'ns/a', widget('a', 1));
  const at = store.currentResourceVersion();
  store.update(KEY, 'ns/a', widget('a', 2));
  store.create(KEY, 'ns/b', widget('b', 1));
  store.delete(KEY, 'ns/a');
  const events = store.eventsSince(KEY, at);
  assert.ok(events !== 'expired');
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.key}`),
    ['MODIFIED ns/a', 'ADDED ns/b', 'DELETED ns/a'],
  );
  const past = store.snapshot(KEY, at);
  assert.ok(past !== 'expired');
  assert.deepEqual(
    past.map((o) => [o.metadata.name, o.spec]),
    [['a', { size: 1 }]],
  );
});

test('resourceVersions older than the retained window are expired', () => {
  const store = new ObjectStore({ historyLimit: 2, initialResourceVersion: 0 });
  for (let i = 0; i < 5; i++) store.create(KEY, `ns/w${i}`, widget(`w${i}`, i));
  assert.equal(store.eventsSince(KEY, 1), 'expired');
  assert.notEqual(store.eventsSince(KEY, 3), 'expired');
  const now = store.expireHistory();
  assert.equal(store.eventsSince(KEY, now - 1), 'expired');
  assert.deepEqual(store.eventsSince(KEY, now), []);
});
