import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import type { EventSink } from '../../src/pipeline/event-sink.js';
import { StartupHold } from '../../src/pipeline/startup-hold.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { Registry } from 'prom-client';
import { seedEvent } from '../fixtures/seed-event.js';

const event = (message: string): FluxEvent => ({ ...seedEvent(), message });

/** A sink that records each event's message as it takes it. */
const recordingSink = (seen: string[]): EventSink => ({
  accept: (e) => {
    seen.push(e.message);
    return undefined;
  },
});

test('holds events until released, then hands them on in order and lets the rest through', () => {
  const seen: string[] = [];
  const hold = new StartupHold(recordingSink(seen), 10);
  void hold.accept(event('first'), 'http');
  void hold.accept(event('second'), 'kubernetes');
  assert.deepEqual(seen, []);
  assert.equal(hold.held, 2);
  hold.release();
  assert.deepEqual(seen, ['first', 'second']);
  void hold.accept(event('third'), 'http');
  assert.deepEqual(seen, ['first', 'second', 'third']);
  assert.equal(hold.refusing(), false);
});

test('full, it refuses; the intake then turns events away without opening a rate-limit window', () => {
  const seen: string[] = [];
  const hold = new StartupHold(recordingSink(seen), 2);
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

test('a held event counts as recorded only once released and recorded by the target', async () => {
  let recordLater: () => void = () => undefined;
  const target: EventSink = {
    accept: () =>
      new Promise<void>((resolve) => {
        recordLater = resolve;
      }),
  };
  const hold = new StartupHold(target, 10);
  let recorded = false;
  void hold.accept(event('held'), 'kubernetes')?.then(() => {
    recorded = true;
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  assert.equal(recorded, false, 'held: not recorded');
  hold.release();
  await settle();
  assert.equal(recorded, false, 'handed on: the target has not recorded it yet');
  recordLater();
  await settle();
  assert.equal(recorded, true);
});
