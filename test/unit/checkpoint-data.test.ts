import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_IDS_AT_NEWEST_TIME, type Checkpoint } from '../../src/sources/checkpoint.js';
import { fromConfigMapData, toConfigMapData } from '../../src/sources/checkpoint-data.js';

const T5 = '2024-05-01T10:00:05.000000Z';
const shop: Checkpoint = {
  resourceVersion: '48213',
  newestTime: '2024-05-01T10:05:31.774412Z',
  idsAtNewestTime: ['5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10/12'],
};
const firstStart: Checkpoint = { newestTime: T5, idsAtNewestTime: [] };

test('checkpoints round-trip through ConfigMap data, all namespaces under "_all"', () => {
  const checkpoints = new Map([
    ['*', shop],
    ['shop', shop],
    ['kube-system', firstStart],
  ]);
  const data = toConfigMapData(checkpoints);
  assert.deepEqual(Object.keys(data).sort(), ['_all', 'kube-system', 'shop']);
  assert.deepEqual(fromConfigMapData(data), { checkpoints, problems: [] });
});

test('an entry is versioned JSON of the three fields', () => {
  assert.deepEqual(toConfigMapData(new Map([['shop', shop]])), {
    shop: '{"version":1,"resourceVersion":"48213","newestTime":"2024-05-01T10:05:31.774412Z","idsAtNewestTime":["5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10/12"]}',
  });
  assert.deepEqual(toConfigMapData(new Map([['shop', firstStart]])), {
    shop: `{"version":1,"newestTime":"${T5}","idsAtNewestTime":[]}`,
  });
});

test('no ConfigMap yet: no checkpoints and nothing to report', () => {
  assert.deepEqual(fromConfigMapData(undefined), { checkpoints: new Map(), problems: [] });
});

test('a time without microseconds is read in full precision; ids past the bound are cut', () => {
  const ids = Array.from({ length: MAX_IDS_AT_NEWEST_TIME + 3 }, (_, index) => `e${index}/1`);
  const data = {
    shop: JSON.stringify({
      version: 1,
      newestTime: '2024-05-01T10:00:05Z',
      idsAtNewestTime: ids,
      later: 'ignored',
    }),
  };
  assert.deepEqual(fromConfigMapData(data).checkpoints.get('shop'), {
    newestTime: T5,
    idsAtNewestTime: ids.slice(3),
  });
});

const unreadable: { name: string; key: string; value: string; says: RegExp }[] = [
  { name: 'not JSON', key: 'shop', value: '{"version":1,', says: /not JSON/ },
  { name: 'a list', key: 'shop', value: '[]', says: /not a JSON object/ },
  {
    name: 'a later format',
    key: 'shop',
    value: `{"version":2,"newestTime":"${T5}","idsAtNewestTime":[]}`,
    says: /format version 2 is not 1/,
  },
  {
    name: 'no format version',
    key: 'shop',
    value: `{"newestTime":"${T5}","idsAtNewestTime":[]}`,
    says: /format version missing/,
  },
  {
    name: 'a numeric resourceVersion',
    key: 'shop',
    value: `{"version":1,"resourceVersion":48213,"newestTime":"${T5}","idsAtNewestTime":[]}`,
    says: /resourceVersion/,
  },
  {
    name: 'a newestTime that is no time',
    key: 'shop',
    value: '{"version":1,"newestTime":"yesterday","idsAtNewestTime":[]}',
    says: /newestTime/,
  },
  {
    name: 'ids that are not strings',
    key: 'shop',
    value: `{"version":1,"newestTime":"${T5}","idsAtNewestTime":[1]}`,
    says: /idsAtNewestTime/,
  },
  {
    name: 'a key that is no namespace',
    key: 'Shop_2',
    value: `{"version":1,"newestTime":"${T5}","idsAtNewestTime":[]}`,
    says: /neither a namespace/,
  },
];

for (const { name, key, value, says } of unreadable) {
  test(`an unreadable entry (${name}) is reported and counts as no checkpoint; others still load`, () => {
    const data = { ...toConfigMapData(new Map([['kube-system', firstStart]])), [key]: value };
    const { checkpoints, problems } = fromConfigMapData(data);
    assert.deepEqual(checkpoints, new Map([['kube-system', firstStart]]));
    assert.deepEqual(
      problems.map((problem) => ({ code: problem.code, key: problem.key })),
      [{ code: 'HERALD_CHECKPOINT_UNREADABLE', key }],
    );
    assert.match(problems[0]?.message ?? '', says);
  });
}
