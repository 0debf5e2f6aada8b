import type { Clock, TimerHandle } from '../clock/clock.js';
import type { PendingNotification } from '../pipeline/pending-notification.js';
import { mergePending } from './merge-pending.js';
import { TokenBucket } from './token-bucket.js';

/** A Provider's `spec.pacing`, read, with the destination it paces. */
export interface PacingSpec {
  /**
   * Names the destination (endpoint and channel, hashed): Providers that post to the same
   * place share one bucket.
   */
  readonly destination: string;
  readonly perSecond: number;
  readonly burst: number;
  /** How long a notification may wait for its turn before the waiting ones are merged. */
  readonly maxWaitMs: number;
}

/** Notifications that may wait for one destination; more are merged at once. */
const MAX_WAITING = 1_000;

interface Waiting {
  readonly pending: PendingNotification;
  readonly sinceMs: number;
}

interface Destination {
  spec: PacingSpec;
  readonly bucket: TokenBucket;
  waiting: Waiting[];
  timer: TimerHandle | undefined;
}

/**
 * Sends each destination's notifications no faster than its rate (a token bucket), in order.
 * When the oldest has waited longer than the bound, everything waiting for that destination
 * becomes one summary, sent with the next token: a storm costs one message per turn instead of
 * a queue that grows, drops, or retries into more 429s.
 */
export class DestinationPacer {
  readonly #clock: Clock;
  readonly #release: (pending: PendingNotification) => void;
  readonly #destinations = new Map<string, Destination>();
  #merged = 0;

  constructor(clock: Clock, release: (pending: PendingNotification) => void) {
    this.#clock = clock;
    this.#release = release;
  }

  /** Notifications merged into summaries so far (each counted once, however often merged). */
  get merged(): number {
    return this.#merged;
  }

  /** Notifications waiting for their turn, per destination. */
  waitingCount(): number {
    let count = 0;
    for (const destination of this.#destinations.values()) count += destination.waiting.length;
    return count;
  }

  offer(pending: PendingNotification, spec: PacingSpec): void {
    const now = this.#clock.now();
    let destination = this.#destinations.get(spec.destination);
    if (destination === undefined) {
      destination = {
        spec,
        bucket: new TokenBucket(spec.perSecond, spec.burst, now),
        waiting: [],
        timer: undefined,
      };
      this.#destinations.set(spec.destination, destination);
    } else if (destination.spec !== spec) {
      destination.spec = spec;
      destination.bucket.configure(spec.perSecond, spec.burst, now);
    }
    destination.waiting.push({ pending, sinceMs: now });
    this.#pump(spec.destination, destination);
  }

  /**
   * The receiver said to wait (a 429's Retry-After, Discord's exhausted `X-RateLimit-*`):
   * nothing more goes to the destination before then.
   */
  holdUntil(destinationKey: string, untilMs: number): void {
    const destination = this.#destinations.get(destinationKey);
    if (destination === undefined) return;
    destination.bucket.pauseUntil(untilMs, this.#clock.now());
  }

  /** Sends what waits now, one summary per destination, and forgets every destination (stop). */
  flushAll(): void {
    for (const destination of this.#destinations.values()) {
      destination.timer?.cancel();
      if (destination.waiting.length > 0) this.#release(this.#mergeWaiting(destination).pending);
    }
    this.#destinations.clear();
  }

  #pump(key: string, destination: Destination): void {
    destination.timer?.cancel();
    destination.timer = undefined;
    const now = this.#clock.now();
    const { maxWaitMs } = destination.spec;
    const [oldest] = destination.waiting;
    if (
      destination.waiting.length > 1 &&
      oldest !== undefined &&
      (now - oldest.sinceMs >= maxWaitMs || destination.waiting.length > MAX_WAITING)
    ) {
      destination.waiting = [this.#mergeWaiting(destination)];
    }
    while (destination.waiting.length > 0 && destination.bucket.take(now)) {
      const next = destination.waiting.shift();
      if (next !== undefined) this.#release(next.pending);
    }
    if (destination.waiting.length === 0) {
      // Idle: forget it once its bucket would be full again, so the map holds busy ones only.
      const { burst, perSecond } = destination.spec;
      destination.timer = this.#clock.setTimeout(
        () => {
          if (destination.waiting.length === 0) this.#destinations.delete(key);
        },
        Math.ceil((burst / perSecond) * 1_000),
      );
      return;
    }
    const head = destination.waiting[0];
    const untilMerge =
      head === undefined || destination.waiting.length < 2
        ? Number.POSITIVE_INFINITY
        : Math.max(0, head.sinceMs + maxWaitMs - now);
    const delay = Math.min(destination.bucket.msUntilToken(now), untilMerge);
    destination.timer = this.#clock.setTimeout(
      () => {
        this.#pump(key, destination);
      },
      Math.max(1, delay),
    );
  }

  /** Everything waiting, as one notification waiting since the oldest did. */
  #mergeWaiting(destination: Destination): Waiting {
    const { waiting } = destination;
    const [oldest] = waiting;
    if (oldest === undefined) throw new RangeError('nothing waits');
    if (waiting.length === 1) return oldest;
    for (const { pending } of waiting) if (pending.digest === undefined) this.#merged++;
    return {
      pending: mergePending(waiting.map(({ pending }) => pending)),
      sinceMs: oldest.sinceMs,
    };
  }
}
