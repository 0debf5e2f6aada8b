import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoValue } from './go-format.js';
import { humanDuration } from './human-duration.js';
import { compileJsonPath } from './jsonpath.js';
import { normalizeKubeTime } from './kube-object.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test('humanDuration formats like kubectl AGE', () => {
  const cases: [number, string][] = [
    [-3 * SECOND, '<invalid>'],
    [-1 * SECOND, '0s'],
    [0, '0s'],
    [119 * SECOND, '119s'],
    [2 * MINUTE, '2m'],
    [5 * MINUTE + 7 * SECOND, '5m7s'],
    [10 * MINUTE + 30 * SECOND, '10m'],
    [179 * MINUTE, '179m'],
    [3 * HOUR + 5 * MINUTE, '3h5m'],
    [8 * HOUR + 30 * MINUTE, '8h'],
    [47 * HOUR, '47h'],
    [3 * DAY + 4 * HOUR, '3d4h'],
    [30 * DAY, '30d'],
    [365 * 3 * DAY + 10 * DAY, '3y10d'],
    [365 * 9 * DAY, '9y'],
  ];
  for (const [ms, expected] of cases) assert.equal(humanDuration(ms), expected, `${ms} ms`);
});

test('JSONPath evaluates printer-column paths, filters included', () => {
  const object = {
    spec: { size: 3, items: [{ name: 'a' }, { name: 'b' }] },
    status: {
      conditions: [
        { type: 'Synced', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
    },
  };
  assert.deepEqual(compileJsonPath('.spec.size')(object), [3]);
  assert.deepEqual(compileJsonPath('{.spec.items[*].name}')(object), ['a', 'b']);
  assert.deepEqual(compileJsonPath('.spec.items[1].name')(object), ['b']);
  assert.deepEqual(compileJsonPath('.status.conditions[?(@.type=="Ready")].status')(object), [
    'True',
  ]);
  assert.deepEqual(compileJsonPath('.status.missing')(object), []);
});

test('bad values print as Go prints them in field errors', () => {
  assert.equal(formatGoValue(200), '200');
  assert.equal(formatGoValue('xl'), '"xl"');
  assert.equal(formatGoValue(null), 'null');
  assert.equal(formatGoValue({ b: 1, a: 'x' }), 'map[string]interface {}{"a":"x", "b":1}');
  assert.equal(formatGoValue(['a', 2]), '[]interface {}{"a", 2}');
});

test('times are re-encoded as metav1.Time and MicroTime encode them', () => {
  assert.equal(normalizeKubeTime('2024-05-01T10:20:30.456Z', false), '2024-05-01T10:20:30Z');
  assert.equal(normalizeKubeTime('2024-05-01T12:20:30+02:00', false), '2024-05-01T10:20:30Z');
  assert.equal(
    normalizeKubeTime('2024-05-01T10:20:30.1234567Z', true),
    '2024-05-01T10:20:30.123456Z',
  );
  assert.equal(normalizeKubeTime('yesterday', false), undefined);
});
