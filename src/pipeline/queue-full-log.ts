import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { objectKeyFields } from '../logging/object-fields.js';

export const QUEUE_FULL_MESSAGE = 'Dropped notifications: the provider queue is full';

/** One Provider's drops since its last line, and the timer that ends its current window. */
interface Window {
  /** Dropped since the last line. */
  pending: number;
  /** Dropped since start. */
  total: number;
  /** The Alert of the latest drop and the queue's depth then. */
  alert: string;
  queued: number;
  timer: TimerHandle | undefined;
}

/**
 * Logs a full queue's drops with their count, at most once per `intervalMs` per Provider: the
 * first drop at once, then, at the end of each interval that had drops, how many there were
 * since the last line (a flood of thousands is one line every interval, not silence), and what
 * is still uncounted when `flush` is called at shutdown.
 */
export class QueueFullLog {
  readonly #logger: Logger;
  readonly #clock: Pick<Clock, 'setTimeout'>;
  readonly #intervalMs: number;
  readonly #windows = new Map<string, Window>();

  constructor(logger: Logger, clock: Pick<Clock, 'setTimeout'>, intervalMs: number) {
    this.#logger = logger;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  dropped(provider: string, alert: string, queued: number): void {
    let window = this.#windows.get(provider);
    if (window === undefined) {
      window = { pending: 0, total: 0, alert, queued, timer: undefined };
      this.#windows.set(provider, window);
    }
    window.pending++;
    window.total++;
    window.alert = alert;
    window.queued = queued;
    if (window.timer !== undefined) return;
    this.#log(provider, window);
    this.#startWindow(provider, window);
  }

  /** Logs every count not logged yet and stops the timers (at shutdown). */
  flush(): void {
    for (const [provider, window] of this.#windows) {
      window.timer?.cancel();
      window.timer = undefined;
      if (window.pending > 0) this.#log(provider, window);
    }
  }

  #startWindow(provider: string, window: Window): void {
    window.timer = this.#clock.setTimeout(() => {
      window.timer = undefined;
      // A quiet interval ends the window: the next drop is logged at once again.
      if (window.pending === 0) return;
      this.#log(provider, window);
      this.#startWindow(provider, window);
    }, this.#intervalMs);
  }

  #log(provider: string, window: Window): void {
    this.#logger.error(
      {
        provider,
        ...objectKeyFields('Alert', window.alert),
        dropped: window.pending,
        droppedSinceStart: window.total,
        queued: window.queued,
      },
      QUEUE_FULL_MESSAGE,
    );
    window.pending = 0;
  }
}
