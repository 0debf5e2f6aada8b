import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { decodeSpoolRecords, encodeSpoolRecord } from './spool-record.js';

/**
 * When the spool's writes reach the disk itself: `always` before `append` returns, `interval`
 * within a second, `never` when the kernel decides. A killed process loses nothing in any of
 * them (its writes are in the kernel already); only a machine that goes down without flushing
 * can lose the last second (`interval`) or more (`never`).
 */
export type FsyncPolicy = 'always' | 'interval' | 'never';

export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'interval', 'never'];

export interface SpoolOptions {
  readonly dir: string;
  /** Bound on all segments together; beyond it the oldest segment goes, pending or not. */
  readonly maxBytes: number;
  /** A segment is closed, and a new one started, once it holds this many bytes. */
  readonly segmentBytes: number;
  readonly fsync: FsyncPolicy;
  readonly clock: Pick<Clock, 'setTimeout'>;
}

/** A notification still to deliver, as it was appended. */
export interface SpooledEntry {
  readonly id: number;
  readonly payload: Buffer;
}

/** What opening the spool found on disk. */
export interface SpoolRecovery {
  /** Appended and never marked done, oldest first. */
  readonly pending: SpooledEntry[];
  /** Bytes dropped at the end of segments: a write torn by a crash. */
  readonly tornBytes: number;
}

/** Told when the size bound drops pending entries: they will not be replayed after a crash. */
export type SpoolOverflow = (droppedIds: readonly number[]) => void;

const SEGMENT_NAME = /^segment-(\d{12})\.wal$/;
const FSYNC_INTERVAL_MS = 1_000;
/** Written with the next append, or this much later: a lost `done` only means a repeat. */
const DONE_FLUSH_MS = 200;
/** A closed segment whose pending entries are at most this share of it is rewritten forward. */
const COMPACT_LIVE_SHARE = 0.25;

interface Segment {
  readonly seq: number;
  readonly path: string;
  bytes: number;
  /** Ids appended here (last) and not done. */
  readonly live: Set<number>;
}

/**
 * A write-ahead log of notifications on local disk, in segments. `append` writes before it
 * returns; `done` marks are batched. The oldest segments go once nothing in them is pending;
 * a segment pinned by a few pending entries has them appended anew and goes too. Recovery
 * reads every segment in order and keeps what was appended and not done.
 */
export class Spool {
  readonly #options: SpoolOptions;
  readonly #onOverflow: SpoolOverflow;
  readonly #segments: Segment[] = [];
  /** Pending id → the segment holding its latest append. */
  readonly #where = new Map<number, Segment>();
  #active!: Segment;
  #fd = -1;
  #nextId = 1;
  #doneBuffer: number[] = [];
  #doneTimer: TimerHandle | undefined;
  #fsyncTimer: TimerHandle | undefined;
  #dirty = false;
  #closed = false;

  private constructor(options: SpoolOptions, onOverflow: SpoolOverflow) {
    this.#options = options;
    this.#onOverflow = onOverflow;
  }

  /** Opens (creating) the spool in `options.dir` and recovers what it holds. */
  static open(
    options: SpoolOptions,
    onOverflow: SpoolOverflow = () => undefined,
  ): { spool: Spool; recovery: SpoolRecovery } {
    const spool = new Spool(options, onOverflow);
    const recovery = spool.#recover();
    spool.#startSegment();
    // Every start begins a segment: the ones a run left with nothing pending go now.
    spool.#compact();
    return { spool, recovery };
  }

  /** Pending entries. */
  get pendingCount(): number {
    return this.#where.size;
  }

  /** Bytes on disk, every segment together. */
  get bytes(): number {
    return this.#segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  /** Writes the entry (and the `done` marks waiting) and returns its id. */
  append(payload: Buffer): number {
    if (this.#closed) throw new Error('the spool is closed');
    const id = this.#nextId++;
    this.#write([...this.#takeDoneFrames(), encodeSpoolRecord({ kind: 'append', id, payload })]);
    this.#active.live.add(id);
    this.#where.set(id, this.#active);
    this.#afterWrite();
    return id;
  }

  /** Marks an entry delivered or given up: it is not replayed. Unknown ids are ignored. */
  done(id: number): void {
    const segment = this.#where.get(id);
    if (segment === undefined || this.#closed) return;
    this.#where.delete(id);
    segment.live.delete(id);
    this.#doneBuffer.push(id);
    this.#doneTimer ??= this.#options.clock.setTimeout(() => {
      this.#doneTimer = undefined;
      this.#flushDone();
    }, DONE_FLUSH_MS);
  }

  /** Writes what is buffered, syncs, and closes the file. Pending entries stay for the next run. */
  close(): void {
    if (this.#closed) return;
    this.#flushDone();
    this.#doneTimer?.cancel();
    this.#fsyncTimer?.cancel();
    if (this.#options.fsync !== 'never') fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#closed = true;
  }

  #recover(): SpoolRecovery {
    mkdirSync(this.#options.dir, { recursive: true });
    const names = readdirSync(this.#options.dir)
      .filter((name) => SEGMENT_NAME.test(name))
      .sort();
    const payloads = new Map<number, Buffer>();
    let tornBytes = 0;
    let maxId = 0;
    for (const name of names) {
      const seq = Number(SEGMENT_NAME.exec(name)?.[1]);
      const path = join(this.#options.dir, name);
      const bytes = readFileSync(path);
      const { records, validBytes } = decodeSpoolRecords(bytes);
      if (validBytes < bytes.length) {
        tornBytes += bytes.length - validBytes;
        truncateSync(path, validBytes);
      }
      const segment: Segment = { seq, path, bytes: validBytes, live: new Set() };
      this.#segments.push(segment);
      for (const record of records) {
        maxId = Math.max(maxId, record.id);
        const previous = this.#where.get(record.id);
        previous?.live.delete(record.id);
        if (record.kind === 'append') {
          payloads.set(record.id, record.payload);
          segment.live.add(record.id);
          this.#where.set(record.id, segment);
        } else {
          payloads.delete(record.id);
          this.#where.delete(record.id);
        }
      }
    }
    this.#nextId = maxId + 1;
    const pending = [...payloads]
      .sort(([a], [b]) => a - b)
      .map(([id, payload]) => ({ id, payload: Buffer.from(payload) }));
    return { pending, tornBytes };
  }

  #startSegment(): void {
    const seq = (this.#segments.at(-1)?.seq ?? 0) + 1;
    const path = join(this.#options.dir, `segment-${String(seq).padStart(12, '0')}.wal`);
    if (this.#fd !== -1) {
      if (this.#options.fsync !== 'never') fsyncSync(this.#fd);
      closeSync(this.#fd);
    }
    this.#fd = openSync(path, 'a');
    this.#active = { seq, path, bytes: 0, live: new Set() };
    this.#segments.push(this.#active);
  }

  #write(frames: Buffer[]): void {
    const bytes = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
    this.#active.bytes += bytes.length;
    this.#dirty = true;
  }

  #afterWrite(): void {
    if (this.#options.fsync === 'always') {
      fsyncSync(this.#fd);
      this.#dirty = false;
    } else if (this.#options.fsync === 'interval') {
      this.#fsyncTimer ??= this.#options.clock.setTimeout(() => {
        this.#fsyncTimer = undefined;
        if (this.#dirty && !this.#closed) fsyncSync(this.#fd);
        this.#dirty = false;
      }, FSYNC_INTERVAL_MS);
    }
    if (this.#active.bytes >= this.#options.segmentBytes) {
      this.#startSegment();
      this.#compact();
    }
    this.#enforceBound();
  }

  #takeDoneFrames(): Buffer[] {
    const frames = this.#doneBuffer.map((id) => encodeSpoolRecord({ kind: 'done', id }));
    this.#doneBuffer = [];
    return frames;
  }

  #flushDone(): void {
    if (this.#doneBuffer.length === 0 || this.#closed) return;
    this.#write(this.#takeDoneFrames());
    this.#afterWrite();
  }

  /**
   * Removes the oldest closed segments that hold nothing pending, and rewrites forward the
   * pending entries of one that holds little else. Only the oldest go: a younger segment may
   * hold the `done` marks of entries appended in an older one.
   */
  #compact(): void {
    for (;;) {
      const oldest = this.#segments[0];
      if (oldest === undefined || oldest === this.#active) return;
      if (oldest.live.size > 0) {
        const liveShare = oldest.live.size / Math.max(1, this.#countAppends(oldest));
        if (liveShare > COMPACT_LIVE_SHARE) return;
        this.#moveForward(oldest);
      }
      this.#removeOldest();
    }
  }

  #countAppends(segment: Segment): number {
    return decodeSpoolRecords(readFileSync(segment.path)).records.filter(
      (record) => record.kind === 'append',
    ).length;
  }

  /** Appends the segment's pending entries again, with their ids, to the active segment. */
  #moveForward(segment: Segment): void {
    const { records } = decodeSpoolRecords(readFileSync(segment.path));
    const frames: Buffer[] = [];
    for (const record of records) {
      if (record.kind !== 'append' || !segment.live.has(record.id)) continue;
      frames.push(encodeSpoolRecord(record));
      this.#active.live.add(record.id);
      this.#where.set(record.id, this.#active);
    }
    segment.live.clear();
    if (frames.length > 0) this.#write(frames);
  }

  #removeOldest(): void {
    const oldest = this.#segments.shift();
    if (oldest === undefined) return;
    const dropped = [...oldest.live];
    for (const id of dropped) this.#where.delete(id);
    rmSync(oldest.path, { force: true });
    if (dropped.length > 0) this.#onOverflow(dropped);
  }

  /** Beyond the size bound the oldest closed segments go, pending entries and all. */
  #enforceBound(): void {
    while (this.bytes > this.#options.maxBytes && this.#segments[0] !== this.#active) {
      this.#removeOldest();
    }
  }
}
