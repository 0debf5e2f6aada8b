import { join } from 'node:path';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { openFileThreadStore, THREADS_FILE_NAME } from './file-thread-store.js';
import { createMemoryThreadStore } from './memory-thread-store.js';
import type { ThreadStore } from './thread-store.js';

/**
 * Where a Herald outside a cluster keeps Slack threads: a file in `--storage-path`, else memory,
 * said once when the first thread is started (a restart then starts new threads).
 */
export function openLocalThreadStore(options: {
  storagePath: string | undefined;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}): ThreadStore {
  const { storagePath, clock, logger } = options;
  if (storagePath !== undefined) {
    return openFileThreadStore({ path: join(storagePath, THREADS_FILE_NAME), clock, logger });
  }
  return createMemoryThreadStore(clock, () => {
    logger.warn(
      'Slack threads are kept in memory: set --storage-path to keep them across restarts',
    );
  });
}
