import type { Clock, TimerHandle } from '../clock/clock.js';
import type { PendingNotification } from './pending-notification.js';

/** The first wait after a Provider's receiver failed in a way time may fix; it doubles. */
export const PARKING_MIN_DELAY_MS = 30_000;
/** The longest wait between two tries of a receiver that keeps failing. */
export const PARKING_MAX_DELAY_MS = 5 * 60_000;
/**
 * Most notifications kept in memory for one Provider (about 1.5 KiB each): a receiver down for
 * hours under a steady flood must not exhaust the heap. Beyond it the oldest is dropped.
 */
export const MAX_PARKED_PER_PROVIDER = 50_000;

interface Parking {
  readonly waiting: PendingNotification[];
  /** Failures in a row; 0 while the receiver takes notifications. */
  failures: number;
  /** Until when (wall ms) the receiver is left alone; 0 when it is not. */
  downUntilMs: number;
  timer: TimerHandle | undefined;
}

/**
 * Notifications a ledger keeps while their Provider cannot take them: its receiver is down (a
 * delivery failed in a way time may fix: refused connections, timeouts, 5xx, 429), or its
 * queue is full. Nothing is tried while the receiver is down: each notification would spend a
 * queue slot on seconds of retries. When the wait ends (30 s, doubling to 5 minutes), the
 * parked notifications are handed back, oldest first, as the queue has room; a delivery that
 * succeeds ends the doubling.
 */
export class ProviderParking {
  readonly #clock: Clock;
  /** Called when a Provider's wait ends; it takes what it has room for with `take`. */
  readonly #onReady: (providerKey: string) => void;
  readonly #byProvider = new Map<string, Parking>();
  readonly #maxPerProvider: number;

  constructor(
    clock: Clock,
    onReady: (providerKey: string) => void,
    maxPerProvider = MAX_PARKED_PER_PROVIDER,
  ) {
    this.#clock = clock;
    this.#onReady = onReady;
    this.#maxPerProvider = maxPerProvider;
  }

  /** Parked notifications, all Providers together. */
  get size(): number {
    let size = 0;
    for (const parking of this.#byProvider.values()) size += parking.waiting.length;
    return size;
  }

  /** How many wait, per Provider with any. */
  *waiting(): Iterable<[string, number]> {
    for (const [key, parking] of this.#byProvider)
      if (parking.waiting.length > 0) yield [key, parking.waiting.length];
  }

  /** Whether the Provider's receiver is being left alone. */
  isDown(providerKey: string): boolean {
    const parking = this.#byProvider.get(providerKey);
    return parking !== undefined && parking.downUntilMs > this.#clock.now();
  }

  /** How many wait for the Provider. */
  waitingFor(providerKey: string): number {
    return this.#byProvider.get(providerKey)?.waiting.length ?? 0;
  }

  /** Parks a notification; returns the oldest one when that makes too many, for dropping. */
  park(providerKey: string, pending: PendingNotification): PendingNotification | undefined {
    const { waiting } = this.#parking(providerKey);
    waiting.push(pending);
    return waiting.length > this.#maxPerProvider ? waiting.shift() : undefined;
  }

  /**
   * The receiver failed: leave it alone for the next wait (unless it already is) and return
   * how long that is from now.
   */
  markDown(providerKey: string): number {
    const parking = this.#parking(providerKey);
    const now = this.#clock.now();
    if (parking.downUntilMs > now) return parking.downUntilMs - now;
    parking.failures++;
    const delayMs = Math.min(
      PARKING_MIN_DELAY_MS * 2 ** (parking.failures - 1),
      PARKING_MAX_DELAY_MS,
    );
    parking.downUntilMs = now + delayMs;
    parking.timer?.cancel();
    parking.timer = this.#clock.setTimeout(() => {
      parking.timer = undefined;
      parking.downUntilMs = 0;
      this.#onReady(providerKey);
    }, delayMs);
    return delayMs;
  }

  /** The receiver took a notification: the next failure waits the shortest time again. */
  markUp(providerKey: string): void {
    const parking = this.#byProvider.get(providerKey);
    if (parking !== undefined) parking.failures = 0;
  }

  /** Up to `count` of the Provider's parked notifications, oldest first; none while it is down. */
  take(providerKey: string, count: number): PendingNotification[] {
    const parking = this.#byProvider.get(providerKey);
    if (parking === undefined || count <= 0 || this.isDown(providerKey)) return [];
    const taken = parking.waiting.splice(0, count);
    if (parking.waiting.length === 0 && parking.failures === 0 && parking.timer === undefined)
      this.#byProvider.delete(providerKey);
    return taken;
  }

  /** Stops every wait (on stop: the ledger keeps what is parked); returns how many were parked. */
  stop(): number {
    const size = this.size;
    for (const parking of this.#byProvider.values()) parking.timer?.cancel();
    this.#byProvider.clear();
    return size;
  }

  #parking(providerKey: string): Parking {
    let parking = this.#byProvider.get(providerKey);
    if (parking === undefined) {
      parking = { waiting: [], failures: 0, downUntilMs: 0, timer: undefined };
      this.#byProvider.set(providerKey, parking);
    }
    return parking;
  }
}
