import type { SlackThread } from '../../src/threads/slack-thread.js';
import { MANUAL_CLOCK_START_MS } from './manual-clock.js';

/** A thread with one notification, posted to at `atMs` (manual clock time), expiring `expiryMs` later. */
export function sampleThread(
  ts: string,
  atMs = MANUAL_CLOCK_START_MS,
  expiryMs = 24 * 3_600_000,
): SlackThread {
  return {
    channel: 'C0OPS',
    ts,
    notifications: 1,
    failed: false,
    lastPostedAtMs: atMs,
    expiresAtMs: atMs + expiryMs,
  };
}
