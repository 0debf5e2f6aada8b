import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../clock/clock.js';
import { errorMessage } from '../errors/error-message.js';
import type { Logger } from '../logging/logger.js';
import { coalescedWriter } from './coalesced-writer.js';
import { decodeThreads, encodeThreads } from './thread-document.js';
import { ThreadTable } from './thread-table.js';
import type { ThreadStore } from './thread-store.js';

/** The file, in `--storage-path`, that keeps Slack threads in local mode. */
export const THREADS_FILE_NAME = 'slack-threads.json';

/**
 * Threads kept in a JSON file, read once when opened and rewritten whole after each change:
 * to a temporary file first, then renamed over the old one, so a kill mid-write leaves the old
 * file or the new one, never half of one. A file that cannot be read (torn by a crash of the
 * machine, edited by hand) is logged and Herald starts with no threads.
 */
export function openFileThreadStore(options: {
  path: string;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}): ThreadStore {
  const { path, logger } = options;
  const table = new ThreadTable(options.clock);
  table.merge(readThreadsFile(path, logger));
  const temporary = `${path}.tmp`;
  const write = coalescedWriter(async () => {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, encodeThreads(table.entries()), { flush: true });
      await rename(temporary, path);
    } catch (error) {
      logger.error({ file: path, error: errorMessage(error) }, 'Failed to write the Slack threads');
    }
  });
  let writing: Promise<void> = Promise.resolve();
  return {
    find: (key) => Promise.resolve(table.get(key)),
    save(key, thread) {
      table.set(key, thread);
      writing = write();
      return writing;
    },
    close: () => writing,
  };
}

function readThreadsFile(
  path: string,
  logger: Logger,
): ReturnType<typeof decodeThreads>['threads'] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    logger.warn(
      { code: 'HERALD_THREADS_UNREADABLE', file: path, error: errorMessage(error) },
      'Cannot read the stored Slack threads: new notifications start new threads',
    );
    return [];
  }
  const { threads, problems } = decodeThreads(text);
  for (const problem of problems) {
    logger.warn(
      { code: 'HERALD_THREADS_UNREADABLE', file: path, problem },
      'Ignored unreadable Slack threads: their objects start new threads',
    );
  }
  return threads;
}
