import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool, type SpoolOptions } from '../../src/spool/spool.js';
import { decodeSpoolRecords, encodeSpoolRecord } from '../../src/spool/spool-record.js';
import { createManualClock } from '../support/manual-clock.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'herald-spool-'));
}

function openSpool(
  dir: string,
  overrides: Partial<SpoolOptions> = {},
  onOverflow?: (ids: readonly number[]) => void,
) {
  return Spool.open(
    {
      dir,
      maxBytes: 64 * 1024 * 1024,
      segmentBytes: 1024 * 1024,
      fsync: 'never',
      clock: createManualClock(),
      ...overrides,
    },
    onOverflow,
  );
}

const payload = (n: number) => Buffer.from(JSON.stringify({ n, message: `event ${n}` }));
const numbers = (entries: readonly { payload: Buffer }[]) =>
  entries.map((entry) => (JSON.parse(entry.payload.toString()) as { n: number }).n);

describe('spool records', () => {
  test('an encoded record decodes to itself', () => {
    const bytes = Buffer.concat([
      encodeSpoolRecord({ kind: 'append', id: 7, payload: payload(7) }),
      encodeSpoolRecord({ kind: 'done', id: 7 }),
    ]);
    const { records, validBytes } = decodeSpoolRecords(bytes);
    assert.equal(validBytes, bytes.length);
    assert.deepEqual(records, [
      { kind: 'append', id: 7, payload: payload(7) },
      { kind: 'done', id: 7 },
    ]);
  });

  test('reading stops at a record whose checksum does not hold', () => {
    const first = encodeSpoolRecord({ kind: 'append', id: 1, payload: payload(1) });
    const second = encodeSpoolRecord({ kind: 'append', id: 2, payload: payload(2) });
    const flipped = Buffer.from(second);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0xff;
    const { records, validBytes } = decodeSpoolRecords(Buffer.concat([first, flipped]));
    assert.equal(records.length, 1);
    assert.equal(validBytes, first.length);
  });

  test('reading stops at a length that runs past the end or beyond any record', () => {
    const first = encodeSpoolRecord({ kind: 'append', id: 1, payload: payload(1) });
    const second = encodeSpoolRecord({ kind: 'append', id: 2, payload: payload(2) });
    const short = decodeSpoolRecords(Buffer.concat([first, second.subarray(0, second.length - 1)]));
    assert.equal(short.validBytes, first.length);
    const huge = Buffer.alloc(16, 0xff);
    assert.equal(decodeSpoolRecords(Buffer.concat([first, huge])).validBytes, first.length);
  });
});

describe('spool', () => {
  test('what was appended and not done is recovered, oldest first, after a crash', () => {
    const dir = tempDir();
    try {
      const { spool } = openSpool(dir);
      const ids = [1, 2, 3, 4].map((n) => spool.append(payload(n)));
      spool.done(ids[1] ?? 0);
      // A crash: no close. The done mark is still buffered, so entry 2 comes back (a repeat).
      const crashed = openSpool(dir);
      assert.deepEqual(numbers(crashed.recovery.pending), [1, 2, 3, 4]);
      crashed.spool.done(crashed.recovery.pending[0]?.id ?? 0);
      crashed.spool.close();
      const { recovery } = openSpool(dir);
      assert.deepEqual(numbers(recovery.pending), [2, 3, 4]);
      assert.equal(recovery.tornBytes, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('done marks reach the disk with the next append or shortly after', async () => {
    const dir = tempDir();
    try {
      const clock = createManualClock();
      const { spool } = openSpool(dir, { clock });
      const first = spool.append(payload(1));
      const second = spool.append(payload(2));
      spool.done(first);
      spool.append(payload(3));
      spool.done(second);
      await clock.tick(200);
      assert.deepEqual(numbers(openSpool(dir).recovery.pending), [3]);
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a torn last record is dropped, the file cut back, and ids never reused', () => {
    const dir = tempDir();
    try {
      const { spool } = openSpool(dir);
      spool.append(payload(1));
      spool.append(payload(2));
      spool.close();
      const [segment] = readdirSync(dir);
      assert.ok(segment !== undefined);
      const path = join(dir, segment);
      const whole = statSync(path).size;
      const torn = encodeSpoolRecord({ kind: 'append', id: 3, payload: payload(3) });
      appendFileSync(path, torn.subarray(0, torn.length - 5));
      const reopened = openSpool(dir);
      assert.deepEqual(numbers(reopened.recovery.pending), [1, 2]);
      assert.equal(reopened.recovery.tornBytes, torn.length - 5);
      assert.equal(statSync(path).size, whole);
      const next = reopened.spool.append(payload(4));
      assert.equal(next, 3);
      reopened.spool.close();
      assert.deepEqual(numbers(openSpool(dir).recovery.pending), [1, 2, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('garbage in a segment is never parsed as a notification', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'segment-000000000001.wal'), Buffer.from('{"not":"a record"}\n'));
      const { recovery, spool } = openSpool(dir);
      assert.deepEqual(recovery.pending, []);
      assert.equal(recovery.tornBytes, 19);
      spool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('segments are removed once nothing in them is pending, and recovery still holds', () => {
    const dir = tempDir();
    try {
      const { spool } = openSpool(dir, { segmentBytes: 2_000 });
      const kept: number[] = [];
      for (let n = 0; n < 200; n++) {
        const id = spool.append(payload(n));
        if (n % 50 === 49) kept.push(n);
        else spool.done(id);
      }
      spool.close();
      // 200 entries of ~60 bytes in 2,000-byte segments: without compaction, 7 or more files.
      assert.ok(readdirSync(dir).length <= 3, `segments left: ${readdirSync(dir).join(', ')}`);
      assert.deepEqual(numbers(openSpool(dir).recovery.pending), kept);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('beyond the size bound the oldest pending entries are dropped and reported', () => {
    const dir = tempDir();
    try {
      const dropped: number[] = [];
      const { spool } = openSpool(dir, { segmentBytes: 1_000, maxBytes: 3_000 }, (ids) =>
        dropped.push(...ids),
      );
      const ids = Array.from({ length: 100 }, (_, n) => spool.append(payload(n)));
      spool.close();
      assert.ok(spool.bytes <= 3_000 + 1_000);
      assert.ok(dropped.length > 0);
      assert.deepEqual(dropped, ids.slice(0, dropped.length));
      const { recovery } = openSpool(dir);
      assert.deepEqual(
        recovery.pending.map((entry) => entry.id),
        ids.slice(dropped.length),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a segment pinned by one pending entry has it written forward, with its id', () => {
    const dir = tempDir();
    try {
      const { spool } = openSpool(dir, { segmentBytes: 1_000 });
      const stuck = spool.append(payload(0));
      for (let n = 1; n < 100; n++) spool.done(spool.append(payload(n)));
      spool.close();
      const names = readdirSync(dir);
      assert.ok(!names.includes('segment-000000000001.wal'), names.join(', '));
      const { recovery } = openSpool(dir);
      assert.deepEqual(
        recovery.pending.map((entry) => entry.id),
        [stuck],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('segments left with nothing pending are removed when the spool opens', () => {
  const dir = tempDir();
  try {
    for (let run = 0; run < 5; run++) {
      const { spool } = openSpool(dir);
      spool.done(spool.append(payload(run)));
      spool.close();
    }
    assert.ok(readdirSync(dir).length <= 2, readdirSync(dir).join(', '));
    assert.deepEqual(openSpool(dir).recovery.pending, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
