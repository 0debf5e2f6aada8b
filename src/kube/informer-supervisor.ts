import type { KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import { errorMessage } from '../errors/error-message.js';
import type { Logger } from '../logging/logger.js';
import { InformerCache } from './informer-cache.js';
import type { ListWatchTransport } from './list-watch-transport.js';
import { superviseListWatch, type ListWatchTuning } from './list-watch-supervisor.js';
import type { ObjectCache } from './object-cache.js';

export interface InformerOptions {
  transport: ListWatchTransport;
  /**
   * The collection: `/apis/notification.toolkit.fluxcd.io/v1beta3/alerts` (every namespace),
   * `/apis/notification.toolkit.fluxcd.io/v1beta3/namespaces/flux-system/alerts`, `/api/v1/secrets`.
   */
  path: string;
  logger: Logger;
  labelSelector?: string;
  fieldSelector?: string;
  tuning?: Partial<ListWatchTuning>;
  /** Backoff waits, timeouts, the silence timer, and watch durations. */
  clock: Clock;
}

export interface SupervisedInformer<T extends KubernetesObject> {
  readonly cache: ObjectCache<T>;
  /** Starts listing and watching; resolves once the first list is in the cache (or on stop). */
  start(): Promise<void>;
  /** Closes the watch, cancels any pending restart, and resolves when nothing runs any more. */
  stop(): Promise<void>;
}

/**
 * A supervised list+watch of one collection into an {@link ObjectCache}: each list replaces
 * the cache (what vanished meanwhile is deleted from it), each change updates it. Objects stay
 * in memory only.
 */
export function superviseInformer<T extends KubernetesObject>(
  options: InformerOptions,
): SupervisedInformer<T> {
  const { logger, path } = options;
  const cache = new InformerCache<T>((error) => {
    logger.error(
      { path, error: errorMessage(error) },
      'Cache listener threw; other listeners were still told',
    );
  });
  let markFirstSync: () => void = () => undefined;
  const firstSync = new Promise<void>((resolve) => {
    markFirstSync = resolve;
  });
  const supervisor = superviseListWatch<T>({
    ...options,
    consumer: {
      listed(objects) {
        cache.replace(objects);
        markFirstSync();
      },
      notified(change, object) {
        if (change === 'DELETED') cache.remove(object);
        else cache.upsert(object);
      },
      bookmarked: () => undefined,
    },
  });
  return {
    cache,
    start() {
      supervisor.start();
      return firstSync;
    },
    async stop() {
      await supervisor.stop();
      markFirstSync();
    },
  };
}
