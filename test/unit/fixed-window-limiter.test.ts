import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';

const MINUTE_MS = 60_000;

test('the first event passes and identical ones within the window are refused', () => {
  const limiter = new FixedWindowLimiter({ intervalMs: 5 * MINUTE_MS, maxKeys: 10 });
  assert.deepEqual(limiter.take('k', 1_000), { allowed: true, resetAtMs: 1_000 + 5 * MINUTE_MS });
  assert.deepEqual(limiter.take('k', 2_000), { allowed: false, resetAtMs: 1_000 + 5 * MINUTE_MS });
  assert.equal(limiter.take('other', 2_000).allowed, true);
});

test('a refusal does not extend the window; the first after it opens a new one', () => {
  const limiter = new FixedWindowLimiter({ intervalMs: 100, maxKeys: 10 });
  assert.equal(limiter.take('k', 0).allowed, true);
  assert.equal(limiter.take('k', 99).allowed, false);
  assert.equal(limiter.take('k', 100).allowed, true, 'window anchored at 0 ends at 100');
  assert.equal(limiter.take('k', 150).allowed, false);
  assert.deepEqual(limiter.take('k', 199), { allowed: false, resetAtMs: 200 });
  assert.equal(limiter.take('k', 200).allowed, true);
});

test('keys are bounded and evictions are reported', () => {
  let evictions = 0;
  const limiter = new FixedWindowLimiter({
    intervalMs: 1_000,
    maxKeys: 2,
    onEvict: () => evictions++,
  });
  limiter.take('a', 0);
  limiter.take('b', 0);
  limiter.take('c', 0);
  assert.equal(limiter.size, 2);
  assert.equal(evictions, 1);
  assert.equal(limiter.take('a', 1).allowed, true, 'the evicted key passes again');
  assert.equal(limiter.take('c', 1).allowed, false);
});

test('a zero interval suppresses nothing', () => {
  const limiter = new FixedWindowLimiter({ intervalMs: 0, maxKeys: 10 });
  assert.equal(limiter.take('k', 5).allowed, true);
  assert.equal(limiter.take('k', 5).allowed, true);
});
