import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectMetaSchema } from './object-meta.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { s } from './schema.js';
import { ApiError } from './status-errors.js';

test('merge patch merges objects, deletes with null and replaces lists', () => {
  const target = { spec: { a: 1, b: 2, list: [1, 2] }, keep: true };
  const patched = mergePatch(target, { spec: { b: null, c: 3, list: [9] } });
  assert.deepEqual(patched, { spec: { a: 1, c: 3, list: [9] }, keep: true });
  assert.deepEqual(target.spec.list, [1, 2], 'the target is not changed');
});

test('JSON patch applies RFC 6902 operations', () => {
  const doc = { spec: { items: ['a'], size: 1 } };
  const patched = jsonPatch(doc, [
    { op: 'add', path: '/spec/items/-', value: 'b' },
    { op: 'replace', path: '/spec/size', value: 2 },
    { op: 'test', path: '/spec/size', value: 2 },
    { op: 'copy', from: '/spec/size', path: '/spec/copy' },
    { op: 'move', from: '/spec/copy', path: '/moved' },
    { op: 'remove', path: '/spec/items/0' },
  ]);
  assert.deepEqual(patched, { spec: { items: ['b'], size: 2 }, moved: 2 });
});

test('a failing JSON patch is a 422 and a non-array one a 400, as on the real server', () => {
  assert.throws(
    () => jsonPatch({}, [{ op: 'replace', path: '/spec/size', value: 1 }]),
    (e: unknown) => e instanceof ApiError && e.httpStatus === 422,
  );
  assert.throws(
    () => jsonPatch({}, { spec: {} }),
    (e: unknown) => e instanceof ApiError && e.httpStatus === 400,
  );
});

test('strategic merge patch merges finalizers as a set and owner references by uid', () => {
  const schema = s.object({ metadata: objectMetaSchema, data: s.stringMap() });
  const target = {
    metadata: {
      finalizers: ['a'],
      ownerReferences: [{ uid: '1', name: 'x', kind: 'K', apiVersion: 'v1' }],
    },
    data: { k: 'v' },
  };
  const patched = strategicMergePatch(
    target,
    {
      metadata: {
        finalizers: ['b', 'a'],
        ownerReferences: [
          { uid: '1', name: 'renamed' },
          { uid: '2', $patch: 'delete' },
        ],
      },
      data: { k2: 'v2' },
      '$setElementOrder/finalizers': ['b', 'a'],
    },
    schema,
  );
  assert.deepEqual(patched, {
    metadata: {
      finalizers: ['a', 'b'],
      ownerReferences: [{ uid: '1', name: 'renamed', kind: 'K', apiVersion: 'v1' }],
    },
    data: { k: 'v', k2: 'v2' },
  });
});

test('strategic merge patch honours $patch: replace and $deleteFromPrimitiveList', () => {
  const schema = s.object({ metadata: objectMetaSchema, data: s.stringMap() });
  const patched = strategicMergePatch(
    { metadata: { finalizers: ['a', 'b'] }, data: { k: 'v', old: 'x' } },
    {
      data: { $patch: 'replace', only: '1' },
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
    },
    schema,
  );
  assert.deepEqual(patched, { metadata: { finalizers: ['b'] }, data: { only: '1' } });
});
