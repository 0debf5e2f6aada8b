/** How long to wait before trying again after failures in a row: a delay doubled each time, capped. */
export interface RestartBackoff {
  /** The delay after the first failure. */
  readonly restartDelayBaseMs: number;
  /** The longest delay, however many failures came before. */
  readonly restartDelayMaxMs: number;
}

export const BASE_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = Object.freeze({
  restartDelayBaseMs: BASE_RESTART_DELAY_MS,
  restartDelayMaxMs: MAX_RESTART_DELAY_MS,
});

/** Doublings past this would overflow to Infinity long after the cap is reached. */
const MAX_DOUBLINGS = 30;

/** The delay before the attempt that follows `failures` failures in a row (1, 2, 3…). */
export function restartDelayMs(
  failures: number,
  backoff: RestartBackoff = DEFAULT_RESTART_BACKOFF,
): number {
  const doublings = Math.min(MAX_DOUBLINGS, Math.max(0, failures - 1));
  return Math.min(backoff.restartDelayMaxMs, backoff.restartDelayBaseMs * 2 ** doublings);
}
