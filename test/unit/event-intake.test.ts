import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import type { EventSource } from '../../src/pipeline/event-sink.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { seedEvent } from '../fixtures/seed-event.js';

function intakeWithClock(intervalMs: number) {
  let nowMs = 0;
  const steps: string[] = [];
  const handed: { event: FluxEvent; source: EventSource }[] = [];
  const registry = new Registry();
  const limiter = new FixedWindowLimiter({ intervalMs, maxKeys: 100 });
  const intake = createEventIntake({
    limiter,
    sink: {
      accept(event, source) {
        steps.push('sink');
        handed.push({ event, source });
      },
    },
    metrics: new EventApiMetrics(registry, () => limiter.size),
    now: () => nowMs,
  });
  return {
    intake,
    handed,
    steps,
    registry,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

async function counter(registry: Registry, name: string, source: EventSource): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.source === source)?.value ?? 0;
}

test('admit cleans metadata, hands on once per window and counts by source', async () => {
  const { intake, handed, registry, advance } = intakeWithClock(60_000);
  const event = {
    ...seedEvent(),
    metadata: { ...seedEvent().metadata, 'other.io/dropped': 'x' },
  };
  assert.deepEqual(intake.admit(event, 'kubernetes'), { accepted: true, resetAtMs: 60_000 });
  assert.deepEqual(intake.admit(event, 'http'), { accepted: false, resetAtMs: 60_000 });
  advance(60_000);
  assert.equal(intake.admit(event, 'kubernetes').accepted, true);
  assert.equal(handed.length, 2);
  assert.deepEqual(handed[0]?.event.metadata, seedEvent().metadata);
  assert.equal(handed[0]?.source, 'kubernetes');
  assert.equal(await counter(registry, 'herald_events_accepted_total', 'kubernetes'), 2);
  assert.equal(await counter(registry, 'herald_events_rate_limited_total', 'http'), 1);
});

test('beforeHandOff runs before the sink with the window end, and not for a refused event', () => {
  const { intake, steps } = intakeWithClock(60_000);
  intake.admit(seedEvent(), 'http', (resetAtMs) => steps.push(`reply until ${String(resetAtMs)}`));
  intake.admit(seedEvent(), 'http', () => steps.push('reply'));
  assert.deepEqual(steps, ['reply until 60000', 'sink']);
});
