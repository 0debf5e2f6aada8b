import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { DeliveryError } from '../../src/http/delivery-error.js';
import {
  createBatcher,
  type BatcherOptions,
  type ItemErrors,
} from '../../src/notifiers/loki-batcher.js';
import { createManualClock } from '../support/manual-clock.js';

/** A batcher of strings sized by length, whose sends are recorded and settled by the test. */
function harness(overrides: Partial<BatcherOptions<string>> = {}) {
  const clock = createManualClock();
  const sent: {
    items: readonly string[];
    signal: AbortSignal;
    settle: (error?: Error) => void;
    /** Ends the send with some items refused. */
    settleEach: (errors: ItemErrors) => void;
  }[] = [];
  const batcher = createBatcher<string>({
    owner: 'Provider test/loki',
    maxBatchBytes: 10,
    maxWaitMs: 1_000,
    maxPendingBytes: 100,
    sizeOf: (item) => item.length,
    send: (items, signal) =>
      new Promise<ItemErrors | undefined>((resolve, reject) => {
        sent.push({
          items,
          signal,
          settle: (error) => {
            if (error === undefined) resolve(undefined);
            else reject(error);
          },
          settleEach: resolve,
        });
      }),
    clock,
    ...overrides,
  });
  /** Ends send number `index` (0-based), with `error` or successfully. */
  const settle = (index: number, error?: Error) => {
    const send = sent[index];
    assert.ok(send, `send ${String(index)} has not happened`);
    send.settle(error);
  };
  return { batcher, clock, sent, settle };
}

async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await tick();
  return state;
}

test('items wait for the batch timer, then go in one send and settle with it', async () => {
  const { batcher, clock, sent, settle } = harness();
  const posts = ['a', 'b', 'c'].map((item) => batcher.add(item));
  await tick();
  assert.equal(sent.length, 0);
  clock.advance(999);
  await tick();
  assert.equal(sent.length, 0);
  clock.advance(1);
  await tick();
  assert.deepEqual(
    sent.map((s) => s.items),
    [['a', 'b', 'c']],
  );
  assert.equal(await stateOf(posts[0] ?? Promise.resolve()), 'pending');
  settle(0);
  await Promise.all(posts);
});

test('a batch that reaches the size limit leaves at once; the next item opens a new one', async () => {
  const { batcher, clock, sent, settle } = harness();
  const first = [batcher.add('12345'), batcher.add('6789')];
  const overflow = batcher.add('abcd'); // 9 + 4 > 10: seals the first batch
  await tick();
  assert.deepEqual(
    sent.map((s) => s.items),
    [['12345', '6789']],
  );
  const exact = batcher.add('ef'); // 4 + 2 = 6
  settle(0);
  await Promise.all(first);
  clock.advance(1_000);
  await tick();
  assert.deepEqual(
    sent.map((s) => s.items),
    [
      ['12345', '6789'],
      ['abcd', 'ef'],
    ],
  );
  settle(1);
  await Promise.all([overflow, exact]);
  const big = batcher.add('0123456789ABC'); // alone over the limit: its own batch, sent now
  await tick();
  assert.deepEqual(sent[2]?.items, ['0123456789ABC']);
  settle(2);
  await big;
});

test('batches are sent one at a time, in order', async () => {
  const { batcher, sent, settle } = harness();
  const one = batcher.add('0123456789');
  const two = batcher.add('abcdefghij');
  await tick();
  assert.equal(sent.length, 1);
  settle(0);
  await one;
  await tick();
  assert.deepEqual(sent[1]?.items, ['abcdefghij']);
  settle(1);
  await two;
});

test('a failed send rejects every item of its batch with its error', async () => {
  const { batcher, settle } = harness();
  const posts = [batcher.add('a'), batcher.add('b')];
  const flushed = batcher.flush();
  await tick();
  const failure = new DeliveryError('HERALD_DELIVERY_REJECTED', 'POST x was rejected', {
    attempts: 1,
    status: 400,
  });
  settle(0, failure);
  for (const post of posts) await assert.rejects(post, (error) => error === failure);
  await flushed;
});

test('a send that refused some items settles each with its own outcome', async () => {
  const { batcher, sent } = harness();
  const posts = ['a', 'b', 'c'].map((item) => batcher.add(item));
  const flushed = batcher.flush();
  await tick();
  const refusal = new DeliveryError('HERALD_DELIVERY_REJECTED', 'b is too old', {
    attempts: 1,
    status: 400,
  });
  sent[0]?.settleEach([undefined, refusal, undefined]);
  await posts[0];
  await assert.rejects(posts[1] ?? Promise.resolve(), (error) => error === refusal);
  await posts[2];
  await flushed;
});

test('items added with one signal share one abort listener, removed once they settle', async () => {
  const { batcher, clock, sent, settle } = harness({
    maxBatchBytes: 1_000,
    maxPendingBytes: 1_000,
  });
  const queue = new AbortController();
  const posts = Array.from({ length: 20 }, (_, i) => batcher.add(`item ${i}`, queue.signal));
  assert.equal(getEventListeners(queue.signal, 'abort').length, 1);
  clock.advance(1_000);
  await tick();
  assert.equal(sent[0]?.items.length, 20);
  settle(0);
  await Promise.all(posts);
  assert.equal(getEventListeners(queue.signal, 'abort').length, 0);
});

test('an aborted item leaves its batch before it is sent', async () => {
  const { batcher, clock, sent, settle } = harness();
  const controller = new AbortController();
  const kept = batcher.add('keep');
  const dropped = batcher.add('drop', controller.signal);
  controller.abort();
  await assert.rejects(dropped, { code: 'HERALD_DELIVERY_ABORTED' });
  clock.advance(1_000);
  await tick();
  assert.deepEqual(sent[0]?.items, ['keep']);
  settle(0);
  await kept;
  const alone = new AbortController();
  const gone = batcher.add('gone', alone.signal);
  alone.abort();
  await assert.rejects(gone, { code: 'HERALD_DELIVERY_ABORTED' });
  assert.equal(clock.pending, 0);
});

test('refuses items beyond the pending limit, and after close', async () => {
  const { batcher, settle } = harness({ maxPendingBytes: 12 });
  const posts = [batcher.add('0123456789')];
  await assert.rejects(batcher.add('abc'), { code: 'HERALD_DELIVERY_BACKLOG_FULL' });
  const closed = batcher.close();
  await assert.rejects(batcher.add('x'), { code: 'HERALD_NOTIFIER_CLOSED' });
  await tick();
  settle(0);
  await Promise.all(posts);
  await closed;
});

test('close drains what is pending; its signal aborts the sending that is left', async () => {
  const { batcher, sent, settle } = harness();
  const post = batcher.add('a');
  const controller = new AbortController();
  const closed = batcher.close(controller.signal);
  await tick();
  assert.equal(sent.length, 1);
  controller.abort();
  assert.equal(sent[0]?.signal.aborted, true);
  settle(0, new DeliveryError('HERALD_DELIVERY_ABORTED', 'aborted', { attempts: 1 }));
  await assert.rejects(post, { code: 'HERALD_DELIVERY_ABORTED' });
  await closed;
});
