import type { NotifierDeps } from '../../src/notifiers/notifier.js';
import { createManualClock, type ManualClock } from './manual-clock.js';
import { createRecordingSleep } from './recording-sleep.js';

/**
 * Notifier dependencies that never wait: sleeps return at once and are recorded, timers fire
 * when the test advances the clock, and wall time stands still until then.
 */
export function createTestDeps(): { deps: NotifierDeps; delays: number[]; clock: ManualClock } {
  const { sleep, delays } = createRecordingSleep();
  const clock = createManualClock();
  return { deps: { clock: { ...clock, sleep } }, delays, clock };
}
