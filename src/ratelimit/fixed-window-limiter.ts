import { LRUCache } from 'lru-cache';

export interface LimitVerdict {
  allowed: boolean;
  /** End of the key's current window (epoch ms): when an identical event passes again. */
  resetAtMs: number;
}

export interface FixedWindowLimiterOptions {
  intervalMs: number;
  maxKeys: number;
  /** Called when a key is dropped to make room: a duplicate may then pass early. */
  onEvict?: () => void;
}

/**
 * Fixed windows anchored at the first event of each key: the first passes, identical ones
 * within `intervalMs` of it are refused, and the first after the window opens a new one. A
 * refusal does not extend the window. Keys are bounded by an LRU.
 */
export class FixedWindowLimiter {
  readonly #intervalMs: number;
  /** key → start of its window (epoch ms). */
  readonly #windows: LRUCache<string, number>;

  constructor(options: FixedWindowLimiterOptions) {
    this.#intervalMs = options.intervalMs;
    const onEvict = options.onEvict;
    this.#windows = new LRUCache<string, number>({
      max: options.maxKeys,
      ...(onEvict === undefined
        ? {}
        : {
            disposeAfter: (_value: number, _key: string, reason: LRUCache.DisposeReason) => {
              if (reason === 'evict') onEvict();
            },
          }),
    });
  }

  take(key: string, nowMs: number): LimitVerdict {
    const windowStart = this.#windows.get(key);
    if (windowStart !== undefined && nowMs < windowStart + this.#intervalMs) {
      return { allowed: false, resetAtMs: windowStart + this.#intervalMs };
    }
    this.#windows.set(key, nowMs);
    return { allowed: true, resetAtMs: nowMs + this.#intervalMs };
  }

  get size(): number {
    return this.#windows.size;
  }
}
