import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PendingNotification } from '../../src/pipeline/pending-notification.js';
import { DestinationPacer, type PacingSpec } from '../../src/storm/destination-pacer.js';
import { TokenBucket } from '../../src/storm/token-bucket.js';
import { createManualClock } from '../support/manual-clock.js';
import { pendingNotification } from '../support/pending-notification.js';

const SLACK: PacingSpec = { destination: 'slack', perSecond: 1, burst: 2, maxWaitMs: 10_000 };

function pacerWith() {
  const clock = createManualClock();
  const released: { at: number; pending: PendingNotification }[] = [];
  const pacer = new DestinationPacer(clock, (pending) => {
    released.push({ at: clock.monotonic(), pending });
  });
  return { clock, released, pacer };
}

test('a token bucket gives its burst, then one token per 1/rate', () => {
  const bucket = new TokenBucket(2, 3, 0);
  assert.deepEqual(
    [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)],
    [true, true, true, false],
  );
  assert.equal(bucket.msUntilToken(0), 500);
  assert.equal(bucket.take(499), false);
  assert.equal(bucket.take(500), true);
  // Never more than the burst, however long the quiet.
  assert.equal(bucket.msUntilToken(60_000), 0);
  bucket.take(60_000);
  bucket.take(60_000);
  bucket.take(60_000);
  assert.equal(bucket.take(60_000), false);
});

test('a paused bucket refills nothing until the pause ends', () => {
  const bucket = new TokenBucket(1, 1, 0);
  bucket.pauseUntil(5_000, 0);
  assert.equal(bucket.msUntilToken(0), 6_000);
  assert.equal(bucket.take(5_999), false);
  assert.equal(bucket.take(6_000), true);
});

test('notifications leave at the rate, in order, after the burst', () => {
  const { clock, released, pacer } = pacerWith();
  const sent = [1, 2, 3, 4].map((i) => pendingNotification({ message: `n${String(i)}` }));
  for (const pending of sent) pacer.offer(pending, SLACK);
  assert.deepEqual(
    released.map(({ at }) => at),
    [0, 0],
  );
  clock.advance(5_000);
  assert.deepEqual(
    released.map(({ at }) => at),
    [0, 0, 1_000, 2_000],
  );
  assert.deepEqual(
    released.map(({ pending }) => pending.notification.message),
    ['n1', 'n2', 'n3', 'n4'],
  );
});

test('what waits longer than maxWait is merged into one summary, sent with the next token', () => {
  const { clock, released, pacer } = pacerWith();
  // 60 notifications in 6 s at 1/s: far more than the destination takes.
  for (let second = 0; second < 6; second++) {
    for (let i = 0; i < 10; i++) pacer.offer(pendingNotification(), SLACK);
    clock.advance(1_000);
  }
  clock.advance(60_000);
  const counts = released.map(({ pending }) => pending.digest?.count ?? 1);
  // Every notification is represented exactly once, and none waited past the bound by more
  // than one turn.
  assert.equal(
    counts.reduce((sum, count) => sum + count, 0),
    60,
  );
  assert.deepEqual(
    released.map(({ pending }) => pending.ledgerIds.length),
    counts,
  );
  assert.ok(released.length <= 2 + 11, `${String(released.length)} messages`);
  const last = released.at(-1);
  assert.ok(last !== undefined && last.pending.digest !== undefined);
  assert.ok(last.at <= 11_000, `the merged summary left at ${String(last.at)} ms`);
  assert.equal(pacer.merged, 60 - (released.length - 1));
  // Nothing waits, and nothing stays scheduled once the destination is idle long enough.
  assert.equal(pacer.waitingCount(), 0);
  assert.equal(clock.pending, 0);
});

test('destinations are paced apart', () => {
  const { released, pacer } = pacerWith();
  const teams: PacingSpec = { destination: 'teams', perSecond: 4, burst: 4, maxWaitMs: 10_000 };
  for (let i = 0; i < 3; i++) pacer.offer(pendingNotification(), SLACK);
  for (let i = 0; i < 4; i++) pacer.offer(pendingNotification(), teams);
  assert.equal(released.length, 2 + 4);
});

test('a receiver asking to wait holds its destination until then', () => {
  const { clock, released, pacer } = pacerWith();
  pacer.offer(pendingNotification(), SLACK);
  pacer.holdUntil('slack', clock.now() + 30_000);
  pacer.offer(pendingNotification(), SLACK);
  clock.advance(29_999);
  assert.equal(released.length, 1);
  clock.advance(1_001);
  assert.equal(released.length, 2);
});

test('flushAll sends what waits as one summary per destination', () => {
  const { clock, released, pacer } = pacerWith();
  for (let i = 0; i < 5; i++) pacer.offer(pendingNotification(), SLACK);
  pacer.flushAll();
  assert.deepEqual(
    released.map(({ pending }) => pending.digest?.count ?? 1),
    [1, 1, 3],
  );
  assert.equal(clock.pending, 0);
});
