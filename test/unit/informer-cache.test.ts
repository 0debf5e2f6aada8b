// client-node's generated models are plain data classes; objects from the wire are literals too.
import type { KubernetesObject } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InformerCache, objectKey } from '../../src/kube/informer-cache.js';

function object(name: string, resourceVersion: string, namespace = 'apps'): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion } };
}

function recorded(cache: InformerCache<KubernetesObject>): string[] {
  const changes: string[] = [];
  cache.onChange((change, o) => {
    changes.push(`${change} ${o.metadata?.name ?? ''}@${o.metadata?.resourceVersion ?? ''}`);
  });
  return changes;
}

test('upsert adds, updates on a new resourceVersion only, and remove deletes', () => {
  const cache = new InformerCache();
  const changes = recorded(cache);
  cache.upsert(object('a', '1'));
  cache.upsert(object('a', '1'));
  cache.upsert(object('a', '2'));
  cache.remove(object('a', '3'));
  cache.remove(object('a', '4'));
  assert.deepEqual(changes, ['added a@1', 'updated a@2', 'deleted a@3']);
  assert.equal(cache.list().length, 0);
});

test('objects are keyed by namespace and name; cluster-scoped ones by name', () => {
  const cache = new InformerCache();
  cache.upsert(object('a', '1', 'apps'));
  cache.upsert(object('a', '2', 'other'));
  cache.upsert({ kind: 'Namespace', metadata: { name: 'apps', resourceVersion: '3' } });
  cache.upsert({ kind: 'Nameless', metadata: {} });
  assert.equal(cache.get('apps', 'a')?.metadata?.resourceVersion, '1');
  assert.equal(cache.get('other', 'a')?.metadata?.resourceVersion, '2');
  assert.equal(cache.get('', 'apps')?.kind, 'Namespace');
  assert.equal(cache.list().length, 3);
  assert.equal(objectKey('apps', 'a'), 'apps/a');
  assert.equal(objectKey(undefined, 'apps'), 'apps');
});

test('replace diffs a full list against the cache, deleting what vanished, and marks it synced', () => {
  const cache = new InformerCache();
  cache.upsert(object('kept', '1'));
  cache.upsert(object('changed', '1'));
  cache.upsert(object('gone', '1'));
  const changes = recorded(cache);
  assert.equal(cache.synced(), false);
  cache.replace([object('kept', '1'), object('changed', '2'), object('new', '3')]);
  assert.equal(cache.synced(), true);
  assert.deepEqual(changes, ['deleted gone@1', 'updated changed@2', 'added new@3']);
  assert.deepEqual(
    cache
      .list()
      .map((o) => o.metadata?.name)
      .sort(),
    ['changed', 'kept', 'new'],
  );
});

test('list() is a frozen snapshot, rebuilt only after a change', () => {
  const cache = new InformerCache();
  cache.upsert(object('a', '1'));
  const first = cache.list();
  assert.equal(Object.isFrozen(first), true);
  assert.equal(cache.list(), first);
  cache.upsert(object('b', '1'));
  assert.notEqual(cache.list(), first);
  assert.equal(first.length, 1);
});

test('a throwing listener is reported and the others still hear the change', () => {
  const errors: unknown[] = [];
  const cache = new InformerCache((error) => errors.push(error));
  cache.onChange(() => {
    throw new Error('listener bug');
  });
  const changes = recorded(cache);
  cache.upsert(object('a', '1'));
  assert.deepEqual(changes, ['added a@1']);
  assert.equal((errors[0] as Error).message, 'listener bug');
});

test('removing a listener stops it, and only it', () => {
  const cache = new InformerCache();
  const heard: string[] = [];
  const listener = (change: string) => heard.push(change);
  const removeFirst = cache.onChange(listener);
  cache.onChange(listener);
  removeFirst();
  cache.upsert(object('a', '1'));
  assert.deepEqual(heard, ['added']);
});
