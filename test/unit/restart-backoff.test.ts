import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restartDelayMs } from '../../src/kube/restart-backoff.js';

test('restart delays double from 1 s and stop at 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 50].map((failures) => restartDelayMs(failures)),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
  );
});

test('a given base and cap are kept, however many failures came before', () => {
  const backoff = { restartDelayBaseMs: 100, restartDelayMaxMs: 1_000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 1_000].map((failures) => restartDelayMs(failures, backoff)),
    [100, 200, 400, 800, 1_000, 1_000],
  );
});
