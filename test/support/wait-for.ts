/** Generous: tests run on busy machines (`npm test` shares a few cores with everything else). */
export const WAIT_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 20;

/**
 * Polls until the condition yields a value other than `undefined` or `false`, and returns it;
 * fails with the message after the timeout.
 */
export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  message: string,
  timeoutMs = WAIT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
