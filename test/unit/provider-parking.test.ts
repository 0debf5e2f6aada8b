import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderParking } from '../../src/pipeline/provider-parking.js';
import { createManualClock } from '../support/manual-clock.js';
import { pendingNotification } from '../support/pending-notification.js';

function parkingWith(maxPerProvider?: number) {
  const clock = createManualClock();
  const ready: string[] = [];
  const parking = new ProviderParking(clock, (key) => ready.push(key), maxPerProvider);
  return { clock, ready, parking };
}

test('a receiver that keeps failing is left alone 30 s, doubling to 5 minutes', () => {
  const { clock, ready, parking } = parkingWith();
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) {
    const wait = parking.markDown('apps/hook');
    waits.push(wait);
    // Failures while it is left alone do not lengthen the wait.
    assert.equal(parking.markDown('apps/hook'), wait);
    assert.ok(parking.isDown('apps/hook'));
    clock.advance(wait);
    assert.equal(parking.isDown('apps/hook'), false);
  }
  assert.deepEqual(waits, [30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  assert.equal(ready.length, 7);
  // A delivery that succeeds starts the doubling over.
  parking.markUp('apps/hook');
  assert.equal(parking.markDown('apps/hook'), 30_000);
});

test('nothing is handed back while the receiver is left alone; then the oldest first', () => {
  const { clock, parking } = parkingWith();
  const parked = [1, 2, 3].map((i) => pendingNotification({ message: `n${String(i)}` }));
  parking.markDown('apps/hook');
  for (const pending of parked) parking.park('apps/hook', pending);
  assert.deepEqual(parking.take('apps/hook', 10), []);
  assert.deepEqual([...parking.waiting()], [['apps/hook', 3]]);
  clock.advance(30_000);
  assert.deepEqual(parking.take('apps/hook', 2), parked.slice(0, 2));
  assert.deepEqual(parking.take('apps/hook', 2), parked.slice(2));
  assert.equal(parking.size, 0);
});

test('beyond the bound the oldest parked notification is given back for dropping', () => {
  const { parking } = parkingWith(2);
  const [a, b, c] = [1, 2, 3].map(() => pendingNotification());
  assert.ok(a && b && c);
  assert.equal(parking.park('apps/hook', a), undefined);
  assert.equal(parking.park('apps/hook', b), undefined);
  assert.equal(parking.park('apps/hook', c), a);
  assert.equal(parking.waitingFor('apps/hook'), 2);
});

test('stop cancels the waits and counts what was parked', () => {
  const { clock, parking } = parkingWith();
  parking.markDown('apps/hook');
  parking.park('apps/hook', pendingNotification());
  parking.park('apps/other', pendingNotification());
  assert.equal(parking.stop(), 2);
  assert.equal(clock.pending, 0);
  assert.equal(parking.size, 0);
});
