/**
 * Runs `write` one at a time. A request made while a write runs is served by the next one,
 * which takes in every request made meanwhile: however many saves come, at most one write
 * waits behind the one in flight. `write` must not reject (it logs its own failures).
 */
export function coalescedWriter(write: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running = write().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (running === undefined) return run();
    queued ??= running.then(() => {
      queued = undefined;
      return run();
    });
    return queued;
  };
}
