import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import { StartupHold } from '../../src/pipeline/startup-hold.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { Registry } from 'prom-client';
import { seedEvent } from '../fixtures/seed-event.js';

const event = (message: string): FluxEvent => ({ ...seedEvent(), message });

test('holds events until released, then hands them on in order and lets the rest through', () => {
  const seen: string[] = [];
  const hold = new StartupHold({ accept: (e) => seen.push(e.message) }, 10);
  hold.accept(event('first'), 'http');
  hold.accept(event('second'), 'kubernetes');
  assert.deepEqual(seen, []);
  assert.equal(hold.held, 2);
  hold.release();
  assert.deepEqual(seen, ['first', 'second']);
  hold.accept(event('third'), 'http');
  assert.deepEqual(seen, ['first', 'second', 'third']);
  assert.equal(hold.refusing(), false);
});

test('full, it refuses; the intake then turns events away without opening a rate-limit window', () => {
  const seen: string[] = [];
  const hold = new StartupHold({ accept: (e) => seen.push(e.message) }, 2);
  const limiter = new FixedWindowLimiter({ intervalMs: 300_000, maxKeys: 100 });
  const intake = createEventIntake({
    limiter,
    sink: hold,
    metrics: new EventApiMetrics(new Registry(), () => limiter.size),
    now: () => 0,
  });
  assert.equal(intake.admit(event('a'), 'http').accepted, true);
  assert.equal(intake.admit(event('b'), 'http').accepted, true);
  const refused = intake.admit(event('c'), 'http');
  assert.deepEqual([refused.accepted, refused.unavailable], [false, true]);
  assert.equal(limiter.size, 2, 'the refused event did not take a window');
  hold.release();
  assert.equal(intake.admit(event('c'), 'http').accepted, true, 'its retry passes');
  assert.deepEqual(seen, ['a', 'b', 'c']);
});
