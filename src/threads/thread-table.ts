import type { Clock } from '../clock/clock.js';
import type { SlackThread } from './slack-thread.js';

/**
 * Most threads kept: about 200 bytes each once stored, so a full table stays well inside a
 * ConfigMap's 1 MiB. Past it the least recently posted-to thread is forgotten (its object's
 * next notification starts a new one).
 */
export const MAX_THREADS = 1_000;

/** Threads by key, least recently posted-to first, expired ones dropped as they are met. */
export class ThreadTable {
  readonly #clock: Pick<Clock, 'now'>;
  readonly #max: number;
  readonly #threads = new Map<string, SlackThread>();

  constructor(clock: Pick<Clock, 'now'>, max = MAX_THREADS) {
    this.#clock = clock;
    this.#max = max;
  }

  get size(): number {
    return this.#threads.size;
  }

  /** The thread under `key`, unless it expired (it is then dropped). */
  get(key: string): SlackThread | undefined {
    const thread = this.#threads.get(key);
    if (thread === undefined || this.#live(thread)) return thread;
    this.#threads.delete(key);
    return undefined;
  }

  /** Stores `thread` as the most recent, evicting the least recent beyond the bound. */
  set(key: string, thread: SlackThread): void {
    this.#threads.delete(key);
    this.#threads.set(key, thread);
    this.trimTo(this.#max);
  }

  /**
   * Takes in threads read from elsewhere (a file, another replica's write): each replaces the
   * one held under its key only when it was posted to later.
   */
  merge(threads: Iterable<readonly [string, SlackThread]>): void {
    const merged = new Map(this.#threads);
    for (const [key, thread] of threads) {
      const held = merged.get(key);
      if (held === undefined || thread.lastPostedAtMs > held.lastPostedAtMs)
        merged.set(key, thread);
    }
    const ordered = [...merged].sort(([, a], [, b]) => a.lastPostedAtMs - b.lastPostedAtMs);
    this.#threads.clear();
    for (const [key, thread] of ordered) this.#threads.set(key, thread);
    this.trimTo(this.#max);
  }

  /** The live threads, least recent first; expired ones are dropped. */
  entries(): [string, SlackThread][] {
    for (const [key, thread] of this.#threads) {
      if (!this.#live(thread)) this.#threads.delete(key);
    }
    return [...this.#threads];
  }

  /** Forgets the least recent threads until at most `count` are left. */
  trimTo(count: number): void {
    for (const key of this.#threads.keys()) {
      if (this.#threads.size <= count) return;
      this.#threads.delete(key);
    }
  }

  #live(thread: SlackThread): boolean {
    return thread.expiresAtMs > this.#clock.now();
  }
}
