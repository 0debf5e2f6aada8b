import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRequestRateLimiter,
  rateLimitSettings,
} from '../../src/kube/request-rate-limiter.js';
import { testConfig } from '../support/herald-harness.js';
import { createManualClock } from '../support/manual-clock.js';

test("--kube-api-qps and --kube-api-burst as client-go reads them: Flux's 50 and 100 by default", () => {
  const settings = (flags: string[]) => rateLimitSettings(testConfig(flags));
  assert.deepEqual(settings([]), { qps: 50, burst: 100 });
  assert.deepEqual(settings(['--kube-api-qps=0', '--kube-api-burst=0']), { qps: 5, burst: 10 });
  assert.deepEqual(settings(['--kube-api-qps=2.5', '--kube-api-burst=-3']), { qps: 2.5, burst: 1 });
  assert.equal(settings(['--kube-api-qps=-1']), undefined, 'a negative rate: no throttle');
  assert.equal(settings(['--kube-api-qps=+Inf']), undefined);
});

test('a burst goes at once; then one request per 1/qps seconds, in the order they came', async () => {
  const clock = createManualClock();
  const limiter = createRequestRateLimiter({ qps: 2, burst: 3 }, clock);
  const went: number[] = [];
  const request = (n: number) =>
    limiter.acquire().then(() => {
      went.push(n);
    });
  const all = [1, 2, 3, 4, 5, 6].map(request);
  await clock.tick(0);
  assert.deepEqual(went, [1, 2, 3], 'the burst');
  assert.deepEqual(clock.sleeps, [500, 1000, 1500], 'each waiter reserves its turn');
  await clock.tick(500);
  assert.deepEqual(went, [1, 2, 3, 4]);
  await clock.tick(1000);
  await Promise.all(all);
  assert.deepEqual(went, [1, 2, 3, 4, 5, 6]);
  // Idle time refills the bucket, up to the burst.
  await clock.tick(60_000);
  const before = clock.sleeps.length;
  await Promise.all([7, 8, 9].map(request));
  assert.equal(clock.sleeps.length, before, 'a full bucket again');
});

test('a waiter that gives up returns its token; disable() stops throttling', async () => {
  const clock = createManualClock();
  const limiter = createRequestRateLimiter({ qps: 1, burst: 1 }, clock);
  await limiter.acquire();
  const abort = new AbortController();
  const waiting = limiter.acquire(abort.signal);
  abort.abort(new Error('gave up'));
  await assert.rejects(waiting, /gave up/);
  await assert.rejects(limiter.acquire(abort.signal), /gave up/, 'aborted before asking');
  const next = limiter.acquire();
  assert.deepEqual(clock.sleeps, [1000, 1000], 'the next waits one turn, not two');
  await clock.tick(1000);
  await next;

  assert.equal(limiter.enabled, true);
  limiter.disable();
  assert.equal(limiter.enabled, false);
  await Promise.all(Array.from({ length: 50 }, () => limiter.acquire()));
  assert.equal(clock.sleeps.length, 2, 'no more waits');
});
