import type { Clock, TimerHandle } from '../clock/clock.js';

/** One point in time that every part of a shutdown works toward. */
export interface Deadline {
  /** Aborts when the deadline passes: work still in flight then is given up. */
  readonly signal: AbortSignal;
  /** Milliseconds left, 0 once passed. */
  remainingMs(): number;
  /** Cancels the timer (the work finished in time). */
  dispose(): void;
}

/** A deadline `ms` from now on the clock's monotonic time. */
export function deadlineIn(clock: Clock, ms: number): Deadline {
  const controller = new AbortController();
  const endMs = clock.monotonic() + ms;
  const timer: TimerHandle = clock.setTimeout(() => {
    controller.abort(new Error(`the ${ms} ms deadline passed`));
  }, ms);
  return {
    signal: controller.signal,
    remainingMs: () => (controller.signal.aborted ? 0 : Math.max(0, endMs - clock.monotonic())),
    dispose: () => {
      timer.cancel();
    },
  };
}
