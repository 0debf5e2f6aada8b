/**
 * Settles as `promise` does, or rejects with the signal's reason once it aborts; what the
 * promise still yields then goes to `onLate` (to close a connection nobody will use).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  onLate?: (value: T) => void,
) {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason as Error);
      void promise.then(onLate, () => undefined);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
