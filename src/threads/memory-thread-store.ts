import type { Clock } from '../clock/clock.js';
import type { SlackThread } from './slack-thread.js';
import { ThreadTable } from './thread-table.js';
import type { ThreadStore } from './thread-store.js';

/** Threads kept for the life of the process only. `onFirstSave` runs once, e.g. to warn. */
export function createMemoryThreadStore(
  clock: Pick<Clock, 'now'>,
  onFirstSave: () => void = () => undefined,
): ThreadStore {
  const table = new ThreadTable(clock);
  let saved = false;
  return {
    find: (key) => Promise.resolve(table.get(key)),
    save(key: string, thread: SlackThread) {
      if (!saved) onFirstSave();
      saved = true;
      table.set(key, thread);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
