import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or rejects as soon as `signal` aborts. Injected wherever the code waits, so tests
 * record the delays instead of sleeping through them.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
};
