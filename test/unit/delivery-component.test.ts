import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryComponent } from '../../src/pipeline/delivery-component.js';
import type { DeliveryPipeline } from '../../src/pipeline/delivery-pipeline.js';
import type { DeliverySummary } from '../../src/pipeline/dispatcher.js';
import { deadlineIn } from '../../src/lifecycle/deadline.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';

/** The lines the delivery component logs when stopped after a run that ended as `summary`. */
async function stopAfter(summary: DeliverySummary) {
  const pipeline = { stop: () => Promise.resolve(summary) } as unknown as DeliveryPipeline;
  const logs = captureLogs();
  const deadline = deadlineIn(createManualClock(), 10_000);
  await deliveryComponent(pipeline, logs.logger).stop(deadline);
  deadline.dispose();
  return logs
    .lines()
    .map(({ level, msg, undelivered, dropped, failed, leftAtDeadline, delivered }) => ({
      level,
      msg,
      undelivered,
      dropped,
      failed,
      leftAtDeadline,
      delivered,
    }));
}

test('a run that lost nothing says every queued notification was delivered', async () => {
  const [line, ...rest] = await stopAfter({
    delivered: 5,
    failed: 0,
    dropped: 0,
    leftAtDeadline: 0,
    kept: 0,
  });
  assert.equal(line?.msg, 'Delivered every queued notification');
  assert.equal(line.delivered, 5);
  assert.deepEqual(rest, []);
});

test('drops at a full queue are not "delivered every": the summary counts them', async () => {
  // The overload of the issue: most events dropped at the full queue, the queue then drained.
  const lines = await stopAfter({
    delivered: 474,
    failed: 0,
    dropped: 2_295,
    leftAtDeadline: 0,
    kept: 0,
  });
  assert.deepEqual(lines, [
    {
      level: 'error',
      msg: 'Stopped with notifications undelivered',
      undelivered: 2_295,
      dropped: 2_295,
      failed: 0,
      leftAtDeadline: 0,
      delivered: 474,
    },
  ]);
});

test('failures and what the deadline cut short add up to the undelivered', async () => {
  const [line] = await stopAfter({
    delivered: 1,
    failed: 2,
    dropped: 3,
    leftAtDeadline: 4,
    kept: 0,
  });
  assert.equal(line?.msg, 'Stopped with notifications undelivered');
  assert.deepEqual(
    [line.undelivered, line.dropped, line.failed, line.leftAtDeadline, line.delivered],
    [9, 3, 2, 4, 1],
  );
});

test('notifications kept in the spool for a receiver that was down are said so, not lost', async () => {
  const [line, ...rest] = await stopAfter({
    delivered: 3,
    failed: 0,
    dropped: 0,
    leftAtDeadline: 0,
    kept: 7,
  });
  assert.equal(line?.level, 'info');
  assert.equal(
    line.msg,
    'Kept the notifications waiting for a receiver in the spool for the next start',
  );
  assert.deepEqual(rest, []);
});
