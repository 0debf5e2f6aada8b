import type { TimerHandle, Timers } from '../../src/notifiers/timers.js';

export interface ManualTimers extends Timers {
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void;
  /** Timers scheduled and not yet fired or cancelled. */
  readonly pending: number;
}

/** {@link Timers} driven by the test: nothing fires until `advance` says so. */
export function createManualTimers(): ManualTimers {
  let nowMs = 0;
  const scheduled = new Set<{ dueMs: number; callback: () => void }>();
  return {
    setTimeout(callback, ms): TimerHandle {
      const timer = { dueMs: nowMs + ms, callback };
      scheduled.add(timer);
      return {
        cancel: () => {
          scheduled.delete(timer);
        },
      };
    },
    advance(ms) {
      nowMs += ms;
      const due = [...scheduled].filter((t) => t.dueMs <= nowMs).sort((a, b) => a.dueMs - b.dueMs);
      for (const timer of due) {
        scheduled.delete(timer);
        timer.callback();
      }
    },
    get pending() {
      return scheduled.size;
    },
  };
}
