import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advance,
  advanceResourceVersion,
  afterRelist,
  isCovered,
  MAX_IDS_AT_NEWEST_TIME,
  type Checkpoint,
  type Occurrence,
} from '../../src/sources/checkpoint.js';

const T4 = '2024-05-01T10:00:04.000000Z';
const T5 = '2024-05-01T10:00:05.000000Z';
const T5_HALF = '2024-05-01T10:00:05.500000Z';
const T9 = '2024-05-01T10:00:09.000000Z';

function occurrence(id: string, time: string, resourceVersion = ''): Occurrence {
  return { id, time, resourceVersion };
}

/** Hands the occurrences over in order, as the watcher does once each is delivered. */
function handled(occurrences: Occurrence[]): Checkpoint {
  const checkpoint = occurrences.reduce<Checkpoint | undefined>(advance, undefined);
  assert.ok(checkpoint !== undefined);
  return checkpoint;
}

/** The same checkpoint judged by time alone. */
function timeOnly(checkpoint: Checkpoint): Checkpoint {
  return { newestTime: checkpoint.newestTime, idsAtNewestTime: checkpoint.idsAtNewestTime };
}

const byResourceVersion: Checkpoint = {
  resourceVersion: '1000',
  newestTime: T5,
  idsAtNewestTime: ['a/1'],
};
const byTime: Checkpoint = { newestTime: T5, idsAtNewestTime: ['a/1'] };

const coverage: {
  name: string;
  checkpoint: Checkpoint;
  occurrence: Occurrence;
  covered: boolean;
}[] = [
  {
    name: 'an older resourceVersion, though stamped later',
    checkpoint: byResourceVersion,
    occurrence: occurrence('b/1', T9, '999'),
    covered: true,
  },
  {
    name: 'the checkpoint resourceVersion itself',
    checkpoint: byResourceVersion,
    occurrence: occurrence('b/1', T5, '1000'),
    covered: true,
  },
  {
    name: 'a newer resourceVersion, though stamped earlier (clock skew)',
    checkpoint: byResourceVersion,
    occurrence: occurrence('b/1', T4, '1001'),
    covered: false,
  },
  {
    name: 'a newer resourceVersion of the very occurrence at the newest time',
    checkpoint: byResourceVersion,
    occurrence: occurrence('a/1', T5, '1001'),
    covered: true,
  },
  {
    name: 'a newer resourceVersion, another id at the newest time',
    checkpoint: byResourceVersion,
    occurrence: occurrence('b/1', T5, '1001'),
    covered: false,
  },
  {
    name: 'by time: earlier than the newest time',
    checkpoint: byTime,
    occurrence: occurrence('b/1', T4, '1001'),
    covered: true,
  },
  {
    name: 'by time: at the newest time, id seen',
    checkpoint: byTime,
    occurrence: occurrence('a/1', T5),
    covered: true,
  },
  {
    name: 'by time: at the newest time, id not seen (same second)',
    checkpoint: byTime,
    occurrence: occurrence('b/1', T5),
    covered: false,
  },
  {
    name: 'by time: a later count of a seen Event at the same time',
    checkpoint: byTime,
    occurrence: occurrence('a/2', T5),
    covered: false,
  },
  {
    name: 'by time: later than the newest time',
    checkpoint: byTime,
    occurrence: occurrence('b/1', T5_HALF),
    covered: false,
  },
  {
    name: 'by time when resourceVersions are opaque',
    checkpoint: { ...byResourceVersion, resourceVersion: 'etcd-less/7' },
    occurrence: occurrence('b/1', T4, 'etcd-less/9'),
    covered: true,
  },
];

for (const { name, checkpoint, occurrence: occ, covered } of coverage) {
  test(`isCovered: ${name} → ${String(covered)}`, () => {
    assert.equal(isCovered(checkpoint, occ), covered);
  });
}

const advances: {
  name: string;
  from: Checkpoint | undefined;
  next: Occurrence;
  expected: Checkpoint;
}[] = [
  {
    name: 'the first occurrence starts a checkpoint',
    from: undefined,
    next: occurrence('a/1', T5, '1000'),
    expected: byResourceVersion,
  },
  {
    name: 'without a resourceVersion, none is recorded',
    from: undefined,
    next: occurrence('a/1', T5),
    expected: byTime,
  },
  {
    name: 'a later time replaces the ids',
    from: byResourceVersion,
    next: occurrence('b/1', T9, '1001'),
    expected: { resourceVersion: '1001', newestTime: T9, idsAtNewestTime: ['b/1'] },
  },
  {
    name: 'the same time adds the id',
    from: byResourceVersion,
    next: occurrence('b/1', T5, '1001'),
    expected: { resourceVersion: '1001', newestTime: T5, idsAtNewestTime: ['a/1', 'b/1'] },
  },
  {
    name: 'an id already there is not added twice',
    from: byResourceVersion,
    next: occurrence('a/1', T5, '1001'),
    expected: { ...byResourceVersion, resourceVersion: '1001' },
  },
  {
    name: 'an earlier time leaves time and ids',
    from: byResourceVersion,
    next: occurrence('b/1', T4, '1001'),
    expected: { ...byResourceVersion, resourceVersion: '1001' },
  },
  {
    name: 'an older resourceVersion does not move it back',
    from: byResourceVersion,
    next: occurrence('b/1', T9, '990'),
    expected: { resourceVersion: '1000', newestTime: T9, idsAtNewestTime: ['b/1'] },
  },
  {
    name: 'an opaque resourceVersion replaces the last one',
    from: byResourceVersion,
    next: occurrence('b/1', T4, 'x7'),
    expected: { ...byResourceVersion, resourceVersion: 'x7' },
  },
];

for (const { name, from, next, expected } of advances) {
  test(`advance: ${name}`, () => {
    assert.deepEqual(advance(from, next), expected);
  });
}

test(`advance: at most ${MAX_IDS_AT_NEWEST_TIME} ids at the newest time, the oldest dropped`, () => {
  const ids = Array.from({ length: MAX_IDS_AT_NEWEST_TIME + 2 }, (_, index) => `e${index}/1`);
  const checkpoint = handled(ids.map((id) => occurrence(id, T5)));
  assert.deepEqual(checkpoint.idsAtNewestTime, ids.slice(2));
  // A dropped id can be delivered again, never lost.
  assert.equal(isCovered(checkpoint, occurrence('e0/1', T5)), false);
});

test('advanceResourceVersion: bookmarks move it forward only; empty and opaque values', () => {
  assert.equal(advanceResourceVersion(byResourceVersion, '1200').resourceVersion, '1200');
  assert.equal(advanceResourceVersion(byResourceVersion, '900').resourceVersion, '1000');
  assert.equal(advanceResourceVersion(byResourceVersion, ''), byResourceVersion);
  assert.equal(advanceResourceVersion(byTime, '1200').resourceVersion, '1200');
  assert.equal(advanceResourceVersion(byResourceVersion, 'x7').resourceVersion, 'x7');
});

/** What a relist delivers: the listed occurrences the checkpoint does not cover. */
function delivered(checkpoint: Checkpoint, listed: Occurrence[]): string[] {
  return listed.filter((item) => !isCovered(checkpoint, item)).map((item) => item.id);
}

test('restart: occurrences stamped in the same second are told apart by id', () => {
  const [a, b, c] = [
    occurrence('a/1', T5, '1001'),
    occurrence('b/1', T5, '1002'),
    occurrence('c/1', T5, '1003'),
  ];
  const stored = handled([a, b]);
  assert.deepEqual(delivered(stored, [a, b, c]), ['c/1']);
  assert.deepEqual(delivered(timeOnly(stored), [a, b, c]), ['c/1']);
});

test('restart: a count bump of a delivered Event is delivered, its old count is not', () => {
  const stored = handled([occurrence('a/3', T5, '1001')]);
  // A relist shows each Event once, in its latest state.
  assert.deepEqual(delivered(stored, [occurrence('a/3', T5, '1001')]), []);
  assert.deepEqual(delivered(stored, [occurrence('a/4', T9, '1010')]), ['a/4']);
  assert.deepEqual(delivered(timeOnly(stored), [occurrence('a/3', T5)]), []);
  assert.deepEqual(delivered(timeOnly(stored), [occurrence('a/4', T9)]), ['a/4']);
});

test('restart: an occurrence arriving out of time order after the checkpoint is not lost', () => {
  // x is stamped 10:00:09 by one node, then y 10:00:04 by a node whose clock is behind; y
  // reached the watch after the checkpoint was written and was not delivered before the stop.
  const x = occurrence('x/1', T9, '1001');
  const y = occurrence('y/1', T4, '1002');
  const stored = handled([x]);
  assert.deepEqual(delivered(stored, [x, y]), ['y/1']);
  // The limit of the time watermark alone, which is why resourceVersions come first.
  assert.deepEqual(delivered(timeOnly(stored), [x, y]), []);
});

test('afterRelist: a list at or past the checkpoint keeps it', () => {
  assert.deepEqual(afterRelist(byResourceVersion, '1500'), {
    checkpoint: byResourceVersion,
    resourceVersionReset: false,
  });
  assert.deepEqual(afterRelist(byResourceVersion, '1000'), {
    checkpoint: byResourceVersion,
    resourceVersionReset: false,
  });
  assert.deepEqual(afterRelist(byTime, '1500'), {
    checkpoint: byTime,
    resourceVersionReset: false,
  });
});

test('afterRelist: a list older than the checkpoint (counter reset) falls back to time', () => {
  const { checkpoint, resourceVersionReset } = afterRelist(byResourceVersion, '40');
  assert.equal(resourceVersionReset, true);
  assert.deepEqual(checkpoint, byTime);
  // After the reset, small resourceVersions no longer hide new occurrences.
  assert.deepEqual(
    delivered(checkpoint, [occurrence('n/1', T9, '35'), occurrence('o/1', T4, '30')]),
    ['n/1'],
  );
});
