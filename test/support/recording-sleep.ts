import type { Sleep } from '../../src/clock/clock.js';

/** A {@link Sleep} that returns at once and remembers each requested delay. */
export function createRecordingSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    delays.push(ms);
    if (signal?.aborted === true) return Promise.reject(new Error('aborted'));
    return Promise.resolve();
  };
  return { sleep, delays };
}
