import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCovered } from '../../src/sources/checkpoint.js';
import { firstStartCheckpoint } from '../../src/sources/kube-event-first-start.js';
import { toMicroTime } from '../../src/sources/kube-event-time.js';

const NOW_MS = Date.parse('2024-05-01T12:00:00.250Z');
const MINUTE_MS = 60_000;

/** Whether a first start delivers a retained Event last seen `ageMs` before now. */
function deliversAt(sinceMs: number, ageMs: number): boolean {
  const time = toMicroTime(new Date(NOW_MS - ageMs));
  assert.ok(time !== undefined);
  return !isCovered(firstStartCheckpoint(NOW_MS, sinceMs), {
    id: 'a/1',
    time,
    resourceVersion: '1234',
  });
}

const cases: { name: string; sinceMs: number; ageMs: number; delivered: boolean }[] = [
  {
    name: 'since 0s: an Event from a minute ago is not delivered',
    sinceMs: 0,
    ageMs: MINUTE_MS,
    delivered: false,
  },
  {
    name: 'since 0s: an Event from earlier in this second is not delivered',
    sinceMs: 0,
    ageMs: 200,
    delivered: false,
  },
  { name: 'since 0s: an Event stamped now is delivered', sinceMs: 0, ageMs: 0, delivered: true },
  {
    name: 'since 0s: an Event stamped ahead of this clock is delivered',
    sinceMs: 0,
    ageMs: -5_000,
    delivered: true,
  },
  {
    name: 'since 10m: an Event from 5 minutes ago is delivered',
    sinceMs: 10 * MINUTE_MS,
    ageMs: 5 * MINUTE_MS,
    delivered: true,
  },
  {
    name: 'since 10m: an Event from exactly 10 minutes ago is delivered',
    sinceMs: 10 * MINUTE_MS,
    ageMs: 10 * MINUTE_MS,
    delivered: true,
  },
  {
    name: 'since 10m: an Event from 11 minutes ago is not delivered',
    sinceMs: 10 * MINUTE_MS,
    ageMs: 11 * MINUTE_MS,
    delivered: false,
  },
];

for (const { name, sinceMs, ageMs, delivered } of cases) {
  test(`first start, ${name}`, () => {
    assert.equal(deliversAt(sinceMs, ageMs), delivered);
  });
}

test('a first-start checkpoint holds the cut-off time, no ids and no resourceVersion', () => {
  assert.deepEqual(firstStartCheckpoint(NOW_MS, MINUTE_MS), {
    newestTime: '2024-05-01T11:59:00.250000Z',
    idsAtNewestTime: [],
  });
});

test('a first start with no usable time is a programming error', () => {
  assert.throws(() => firstStartCheckpoint(Number.NaN, 0), RangeError);
});
