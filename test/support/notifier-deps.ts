import type { NotifierDeps } from '../../src/notifiers/notifier.js';
import { createManualTimers, type ManualTimers } from './manual-timers.js';
import { createRecordingSleep } from './recording-sleep.js';

/** Notifier dependencies that never wait: recorded sleeps, hand-driven timers, a fixed clock. */
export function createTestDeps(): { deps: NotifierDeps; delays: number[]; timers: ManualTimers } {
  const { sleep, delays } = createRecordingSleep();
  const timers = createManualTimers();
  return { deps: { sleep, now: () => Date.parse('2024-05-01T12:00:00Z'), timers }, delays, timers };
}
