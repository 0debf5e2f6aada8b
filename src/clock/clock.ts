import { setTimeout as delay } from 'node:timers/promises';

/** A one-shot timer that can be called off. */
export interface TimerHandle {
  cancel(): void;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Every way Herald reads or waits on time, injected into each component, so tests drive time by
 * hand and no component starts a real timer there. Members do not use `this`: they can be passed
 * on one at a time (`clock.sleep`).
 */
export interface Clock {
  /** Wall time in epoch milliseconds: for timestamps people and other systems read. */
  readonly now: () => number;
  /** Milliseconds from an arbitrary origin that never jumps: for durations, deadlines and leases. */
  readonly monotonic: () => number;
  readonly sleep: Sleep;
  readonly setTimeout: (callback: () => void, ms: number) => TimerHandle;
}

/** The process's real clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: async (ms: number, signal?: AbortSignal) => {
    await delay(ms, undefined, signal === undefined ? undefined : { signal });
  },
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = setTimeout(callback, ms);
    return {
      cancel: () => {
        clearTimeout(timer);
      },
    };
  },
});
