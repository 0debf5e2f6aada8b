import type { Clock, TimerHandle } from '../clock/clock.js';

/**
 * A reconciler's "try again later": each `later` calls `fire` once after its delay; `stop`
 * cancels every pending one and refuses new ones, so nothing runs after a reconciler stopped.
 */
export class RetryTimers {
  readonly #timers = new Set<TimerHandle>();
  #stopped = false;

  constructor(
    private readonly clock: Pick<Clock, 'setTimeout'>,
    private readonly fire: () => void,
  ) {}

  later(delayMs: number): void {
    if (this.#stopped) return;
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(timer);
      this.fire();
    }, delayMs);
    this.#timers.add(timer);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
  }
}
