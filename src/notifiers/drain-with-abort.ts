/**
 * Waits for `drain()`; if `signal` aborts meanwhile (or already has), aborts `work` so the
 * deliveries being drained give up instead of being waited for.
 */
export async function drainWithAbort(
  drain: () => Promise<void>,
  work: AbortController,
  signal: AbortSignal | undefined,
): Promise<void> {
  const abort = () => {
    work.abort();
  };
  if (signal?.aborted === true) abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await drain();
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}
