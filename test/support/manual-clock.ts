import type { Clock, TimerHandle } from '../../src/clock/clock.js';

/** Where a manual clock's wall time starts: a fixed instant, so timestamps in tests are stable. */
export const MANUAL_CLOCK_START_MS = Date.parse('2024-05-01T12:00:00Z');

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers and ending due sleeps in the order they fall due. */
  advance(ms: number): void;
  /**
   * Moves time forward one due timer at a time, letting promise callbacks run after each, so
   * code that sleeps again after waking is driven too.
   */
  tick(ms: number): Promise<void>;
  /** Timers and sleeps scheduled and not yet fired or cancelled. */
  readonly pending: number;
  /** The delays asked of `sleep`, in order. */
  readonly sleeps: readonly number[];
}

interface Scheduled {
  readonly dueMs: number;
  readonly order: number;
  readonly fire: () => void;
}

/** A {@link Clock} driven by the test: nothing fires until `advance` or `tick` says so. */
export function createManualClock(startMs = MANUAL_CLOCK_START_MS): ManualClock {
  let elapsedMs = 0;
  let order = 0;
  const scheduled = new Set<Scheduled>();
  const sleeps: number[] = [];

  const schedule = (fire: () => void, ms: number): Scheduled => {
    const entry = { dueMs: elapsedMs + Math.max(0, ms), order: order++, fire };
    scheduled.add(entry);
    return entry;
  };
  const nextDue = (untilMs: number): Scheduled | undefined => {
    let next: Scheduled | undefined;
    for (const entry of scheduled) {
      if (entry.dueMs > untilMs) continue;
      if (
        next === undefined ||
        entry.dueMs < next.dueMs ||
        (entry.dueMs === next.dueMs && entry.order < next.order)
      )
        next = entry;
    }
    return next;
  };
  const fireNext = (untilMs: number): boolean => {
    const entry = nextDue(untilMs);
    if (entry === undefined) return false;
    scheduled.delete(entry);
    elapsedMs = Math.max(elapsedMs, entry.dueMs);
    entry.fire();
    return true;
  };

  return {
    now: () => startMs + elapsedMs,
    monotonic: () => elapsedMs,
    setTimeout(callback, ms): TimerHandle {
      const entry = schedule(callback, ms);
      return {
        cancel: () => {
          scheduled.delete(entry);
        },
      };
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason as Error);
          return;
        }
        const onAbort = () => {
          scheduled.delete(entry);
          reject(signal?.reason as Error);
        };
        const entry = schedule(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    advance(ms) {
      const untilMs = elapsedMs + ms;
      while (fireNext(untilMs));
      elapsedMs = untilMs;
    },
    async tick(ms) {
      const untilMs = elapsedMs + ms;
      await settle();
      while (fireNext(untilMs)) await settle();
      elapsedMs = untilMs;
    },
    get pending() {
      return scheduled.size;
    },
    sleeps,
  };
}

/** Lets every promise callback queued so far run (and those they queue, a few rounds deep). */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++)
    await new Promise<void>((resolve) => setImmediate(resolve));
}
