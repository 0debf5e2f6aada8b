/**
 * Runs tasks that share a key one after another, in the order given, and tasks of other keys
 * side by side: a task's failure does not stop the next one of its key.
 */
export function createKeyedTurns(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  /** Settles when the last task given for the key has; never rejects. */
  const tails = new Map<string, Promise<void>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const result = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
