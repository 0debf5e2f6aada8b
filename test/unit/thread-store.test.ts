import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileThreadStore, THREADS_FILE_NAME } from '../../src/threads/file-thread-store.js';
import { openLocalThreadStore } from '../../src/threads/local-thread-store.js';
import { createMemoryThreadStore } from '../../src/threads/memory-thread-store.js';
import type { SlackThread } from '../../src/threads/slack-thread.js';
import { decodeThreads, encodeThreads } from '../../src/threads/thread-document.js';
import { ThreadTable } from '../../src/threads/thread-table.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { sampleThread } from '../support/sample-thread.js';

const HOUR_MS = 3_600_000;

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-thread-store-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('thread table', () => {
  test('a thread is dropped once its expiry has passed, not before', () => {
    const clock = createManualClock();
    const table = new ThreadTable(clock);
    table.set('a', sampleThread('1.1', clock.now(), HOUR_MS));
    clock.advance(HOUR_MS - 1);
    assert.equal(table.get('a')?.ts, '1.1');
    clock.advance(1);
    assert.equal(table.get('a'), undefined);
    assert.equal(table.size, 0, 'dropped, not only hidden');
  });

  test('past its bound the least recently posted-to thread is evicted', () => {
    const clock = createManualClock();
    const table = new ThreadTable(clock, 3);
    for (const key of ['a', 'b', 'c']) table.set(key, sampleThread(key));
    table.set('a', sampleThread('a2')); // posted to again: now the most recent
    table.set('d', sampleThread('d'));
    assert.deepEqual(
      table.entries().map(([key]) => key),
      ['c', 'a', 'd'],
    );
  });

  test('merging keeps, for each key, the thread posted to last, and the bound', () => {
    const clock = createManualClock();
    const table = new ThreadTable(clock, 3);
    const t0 = clock.now();
    table.set('a', sampleThread('mine-a', t0 + 10));
    table.set('b', sampleThread('mine-b', t0 + 1));
    table.merge([
      ['a', sampleThread('theirs-a', t0 + 5)],
      ['b', sampleThread('theirs-b', t0 + 20)],
      ['c', sampleThread('theirs-c', t0 + 2)],
      ['d', sampleThread('theirs-d', t0 + 30)],
    ]);
    assert.deepEqual(
      table.entries().map(([key, held]) => `${key}=${held.ts}`),
      ['a=mine-a', 'b=theirs-b', 'd=theirs-d'],
    );
  });
});

describe('thread document', () => {
  test('round-trips, oldest first, times in RFC 3339, and no more than it was given', () => {
    const threads: [string, SlackThread][] = [
      ['["flux-system","slack","#ops","Kustomization/flux-system/apps"]', sampleThread('1.1')],
      ['k2', { ...sampleThread('1.2'), notifications: 3, failed: true }],
    ];
    const text = encodeThreads(threads);
    assert.match(text, /"lastPostedAt":"2024-05-01T12:00:00.000Z"/);
    assert.deepEqual(decodeThreads(text), { threads, problems: [] });
  });

  test('a torn, foreign or newer document reads as empty, saying why', () => {
    const whole = encodeThreads([['k', sampleThread('1.1')]]);
    for (const [text, says] of [
      [whole.slice(0, whole.length / 2), /not JSON/],
      ['[]', /no threads list/],
      ['{"version":2,"threads":[]}', /version 2/],
    ] as const) {
      const decoded = decodeThreads(text);
      assert.deepEqual(decoded.threads, []);
      assert.match(decoded.problems.join(), says);
    }
  });

  test('unreadable entries are left out and counted; the others are kept', () => {
    const good = JSON.parse(encodeThreads([['k', sampleThread('1.1')]])) as { threads: unknown[] };
    const text = JSON.stringify({
      version: 1,
      threads: [
        ...good.threads,
        { key: 'x', ts: '' },
        'nonsense',
        { ...(good.threads[0] as object), expiresAt: 'soon' },
      ],
    });
    const decoded = decodeThreads(text);
    assert.deepEqual(
      decoded.threads.map(([key]) => key),
      ['k'],
    );
    assert.deepEqual(decoded.problems, ['3 unreadable entries left out']);
  });
});

describe('file thread store', () => {
  test('writes the whole table through a temporary file renamed over the old one', async () => {
    await withDir(async (dir) => {
      const path = join(dir, THREADS_FILE_NAME);
      const clock = createManualClock();
      const { logger } = captureLogs();
      const store = openFileThreadStore({ path, clock, logger });
      await store.save('a', sampleThread('1.1'));
      await store.save('b', sampleThread('1.2'));
      assert.deepEqual(await readdir(dir), [THREADS_FILE_NAME], 'no temporary file left');
      assert.deepEqual(
        decodeThreads(await readFile(path, 'utf8')).threads.map(([key]) => key),
        ['a', 'b'],
      );
      await store.close();

      // A stale temporary file (a kill between write and rename) is neither read nor in the way.
      await writeFile(`${path}.tmp`, '{"version":1,"threads":[{"key":"torn"');
      const reopened = openFileThreadStore({ path, clock, logger });
      assert.equal((await reopened.find('a'))?.ts, '1.1');
      await reopened.save('c', sampleThread('1.3'));
      assert.deepEqual(await readdir(dir), [THREADS_FILE_NAME]);
      assert.deepEqual(
        decodeThreads(await readFile(path, 'utf8')).threads.map(([key]) => key),
        ['a', 'b', 'c'],
      );
    });
  });

  test('saves made while a write runs are written together by the next one', async () => {
    await withDir(async (dir) => {
      const path = join(dir, THREADS_FILE_NAME);
      const { logger } = captureLogs();
      const store = openFileThreadStore({ path, clock: createManualClock(), logger });
      await Promise.all(['a', 'b', 'c', 'd'].map((key) => store.save(key, sampleThread(key))));
      assert.deepEqual(
        decodeThreads(await readFile(path, 'utf8')).threads.map(([key]) => key),
        ['a', 'b', 'c', 'd'],
      );
    });
  });

  test('a torn or corrupt file at start: no threads, one warning naming the file', async () => {
    await withDir(async (dir) => {
      const path = join(dir, THREADS_FILE_NAME);
      const whole = encodeThreads([['a', sampleThread('1.1')]]);
      for (const content of [whole.slice(0, 40), '\u0000\u0000garbage']) {
        await writeFile(path, content);
        const logs = captureLogs();
        const store = openFileThreadStore({
          path,
          clock: createManualClock(),
          logger: logs.logger,
        });
        assert.equal(await store.find('a'), undefined);
        const warnings = logs.lines().filter((line) => line.level === 'warn');
        assert.deepEqual(
          warnings.map((line) => [line.code, line.file]),
          [['HERALD_THREADS_UNREADABLE', path]],
        );
        // The next save replaces it with a readable file.
        await store.save('b', sampleThread('1.2'));
        assert.deepEqual(decodeThreads(await readFile(path, 'utf8')).problems, []);
      }
    });
  });

  test('no file yet: no threads and no warning; expired threads are not read back', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'nested', THREADS_FILE_NAME);
      const clock = createManualClock();
      const logs = captureLogs();
      const store = openFileThreadStore({ path, clock, logger: logs.logger });
      assert.equal(await store.find('a'), undefined);
      assert.deepEqual(logs.lines(), []);
      await store.save('short', sampleThread('1.1', clock.now(), HOUR_MS));
      await store.save('long', sampleThread('1.2', clock.now(), 2 * HOUR_MS));
      clock.advance(HOUR_MS);
      const reopened = openFileThreadStore({ path, clock, logger: logs.logger });
      assert.equal(await reopened.find('short'), undefined);
      assert.equal((await reopened.find('long'))?.ts, '1.2');
    });
  });

  test('a write that fails is logged, never thrown', async () => {
    await withDir(async (dir) => {
      // The store's path is a folder that is not empty: rename cannot replace it.
      const path = join(dir, THREADS_FILE_NAME);
      await mkdir(join(path, 'occupied'), { recursive: true });
      const logs = captureLogs();
      const store = openFileThreadStore({ path, clock: createManualClock(), logger: logs.logger });
      await store.save('a', sampleThread('1.1'));
      assert.equal((await store.find('a'))?.ts, '1.1', 'kept in memory');
      assert.ok(logs.lines().some((line) => line.msg === 'Failed to write the Slack threads'));
    });
  });
});

describe('memory thread store', () => {
  test('keeps threads with expiry, and says once that they are in memory', async () => {
    const clock = createManualClock();
    let said = 0;
    const store = createMemoryThreadStore(clock, () => said++);
    await store.save('a', sampleThread('1.1', clock.now(), HOUR_MS));
    await store.save('b', sampleThread('1.2', clock.now(), HOUR_MS));
    assert.equal(said, 1);
    assert.equal((await store.find('a'))?.ts, '1.1');
    clock.advance(HOUR_MS);
    assert.equal(await store.find('a'), undefined);
  });
});

describe('local thread store', () => {
  test('with --storage-path, the file there; without, memory and one warning at the first thread', async () => {
    await withDir(async (dir) => {
      const clock = createManualClock();
      const logs = captureLogs();
      const onDisk = openLocalThreadStore({ storagePath: dir, clock, logger: logs.logger });
      await onDisk.save('a', sampleThread('1.1'));
      assert.deepEqual(await readdir(dir), [THREADS_FILE_NAME]);
      assert.deepEqual(logs.lines(), []);

      const inMemory = openLocalThreadStore({ storagePath: undefined, clock, logger: logs.logger });
      assert.equal(await inMemory.find('a'), undefined);
      assert.deepEqual(logs.lines(), [], 'nothing said while no thread is started');
      await inMemory.save('a', sampleThread('1.1'));
      await inMemory.save('b', sampleThread('1.2'));
      assert.deepEqual(
        logs.lines().map((line) => [line.level, line.msg]),
        [
          [
            'warn',
            'Slack threads are kept in memory: set --storage-path to keep them across restarts',
          ],
        ],
      );
    });
  });
});
