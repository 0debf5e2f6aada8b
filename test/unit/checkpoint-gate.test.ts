import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Checkpoint } from '../../src/sources/checkpoint.js';
import { CheckpointGate } from '../../src/sources/checkpoint-gate.js';

/** A checkpoint told apart by its resourceVersion. */
const at = (resourceVersion: string): Checkpoint => ({
  resourceVersion,
  newestTime: '2024-05-01T12:00:00.000000Z',
  idsAtNewestTime: [],
});

/** A recording the test settles by hand. */
function pendingRecording() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function gateWithLog() {
  const published: (string | undefined)[] = [];
  const gate = new CheckpointGate((checkpoint) => published.push(checkpoint.resourceVersion));
  return { gate, published };
}

test('moves with nothing to wait for are published at once', () => {
  const { gate, published } = gateWithLog();
  gate.move(at('1'));
  gate.move(at('2'));
  assert.deepEqual(published, ['1', '2']);
  assert.equal(gate.waiting, 0);
});

test('a move waits for its recording, and every later move waits behind it, in order', async () => {
  const { gate, published } = gateWithLog();
  const first = pendingRecording();
  const second = pendingRecording();
  gate.move(at('1'), first.promise);
  gate.move(at('2'));
  gate.move(at('3'), second.promise);
  gate.move(at('4'));
  gate.move(at('5'));
  await settle();
  assert.deepEqual(published, []);
  // Recorded moves behind a waiting one are folded: the queue stays bounded.
  assert.equal(gate.waiting, 4);

  second.resolve();
  await settle();
  assert.deepEqual(published, [], 'the second recording does not pass the first');

  first.resolve();
  await settle();
  assert.deepEqual(published, ['5'], 'one publish, of the newest move');
  assert.equal(gate.waiting, 0);
});

test('a failed recording lets the checkpoint move on', async () => {
  const { gate, published } = gateWithLog();
  const failing = pendingRecording();
  gate.move(at('1'), failing.promise);
  gate.move(at('2'));
  failing.reject(new Error('the spool is full'));
  await settle();
  assert.deepEqual(published, ['2']);
});

test('recorded() resolves once everything moved so far is published', async () => {
  const { gate, published } = gateWithLog();
  await gate.recorded();
  const held = pendingRecording();
  gate.move(at('1'), held.promise);
  let done = false;
  const waited = gate.recorded().then(() => {
    done = true;
  });
  await settle();
  assert.equal(done, false);
  held.resolve();
  await waited;
  assert.deepEqual(published, ['1']);
});

test('a closed gate publishes nothing more, and its waiters are released', async () => {
  const { gate, published } = gateWithLog();
  const held = pendingRecording();
  gate.move(at('1'), held.promise);
  const waited = gate.recorded();
  gate.close();
  await waited;
  held.resolve();
  gate.move(at('2'));
  await settle();
  assert.deepEqual(published, []);
});
