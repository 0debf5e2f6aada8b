import { V1ConfigMap, V1ObjectMeta, type CoreV1Api } from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import { kubeRequestErrorOf } from '../kube/kube-request-error.js';
import type { Leadership } from '../kube/leadership.js';
import { withRequestTimeout } from '../kube/request-timeout.js';
import type { Logger } from '../logging/logger.js';
import { coalescedWriter } from './coalesced-writer.js';
import { decodeThreads, encodeThreads } from './thread-document.js';
import { ThreadTable } from './thread-table.js';
import type { ThreadStore } from './thread-store.js';

/** The ConfigMap, in `RUNTIME_NAMESPACE`, that keeps Slack threads in a cluster. */
export const THREADS_CONFIGMAP_NAME = 'herald-slack-threads';
/** Its one key: the thread document (thread-document.ts). */
export const THREADS_CONFIGMAP_KEY = 'threads.json';
/** Below a ConfigMap's 1 MiB, with room for its metadata: past it the oldest threads go. */
const MAX_DOCUMENT_BYTES = 900 * 1024;
/** Writes lost to another replica's in a row before this one gives up until the next save. */
const MAX_WRITE_ATTEMPTS = 3;
/**
 * Each call to the API server is cut off after this: deliveries of a thread wait on its store,
 * and a message already sent is better recorded late (by the next write) than waited on.
 */
const STORE_CALL_TIMEOUT_MS = 5_000;
const CALL_OPTIONS = withRequestTimeout(STORE_CALL_TIMEOUT_MS);
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;

export interface ConfigMapThreadStoreOptions {
  core: CoreV1Api;
  /** `RUNTIME_NAMESPACE`. */
  namespace: string;
  name?: string;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  leadership: Leadership;
}

/**
 * Threads kept in a ConfigMap: read at the first use and again whenever this replica gains
 * leadership (a new leader takes in what the last one wrote), rewritten whole after each change.
 * Every replica that delivers writes it, each with the resourceVersion it last saw: a write that
 * lost a race (409) reads the other's threads in, keeping the later of two for one key, and
 * writes again, so no replica's thread is overwritten blind. Failures are logged; delivery goes
 * on from memory meanwhile.
 */
export function openConfigMapThreadStore(options: ConfigMapThreadStoreOptions): ThreadStore {
  const { core, namespace, logger } = options;
  const name = options.name ?? THREADS_CONFIGMAP_NAME;
  const where = { configMap: `${namespace}/${name}` };
  const table = new ThreadTable(options.clock);
  /** The resourceVersion last read or written; undefined while none is known. */
  let resourceVersion: string | undefined;

  const remember = (configMap: V1ConfigMap): void => {
    resourceVersion = configMap.metadata?.resourceVersion;
  };

  /** Reads the ConfigMap and takes its threads in; never rejects. */
  const read = async (): Promise<void> => {
    let configMap: V1ConfigMap;
    try {
      configMap = await core.readNamespacedConfigMap({ name, namespace }, CALL_OPTIONS);
    } catch (error) {
      const failure = kubeRequestErrorOf(error);
      if (failure.status === HTTP_NOT_FOUND) {
        resourceVersion = undefined;
        return;
      }
      logger.warn(
        { ...where, code: 'HERALD_THREADS_UNREADABLE', error: failure.message },
        'Cannot read the stored Slack threads: continuing with those in memory',
      );
      return;
    }
    remember(configMap);
    const text = configMap.data?.[THREADS_CONFIGMAP_KEY];
    if (text === undefined) return;
    const { threads, problems } = decodeThreads(text);
    for (const problem of problems) {
      logger.warn(
        { ...where, code: 'HERALD_THREADS_UNREADABLE', problem },
        'Ignored unreadable Slack threads: their objects start new threads',
      );
    }
    table.merge(threads);
  };

  let loaded: Promise<void> | undefined;
  const load = (): Promise<void> => (loaded ??= read());
  const stopFollowing = options.leadership.onChange((leading) => {
    // Before the first use there is nothing to refresh: that use reads anyway.
    if (leading && loaded !== undefined) loaded = loaded.then(read);
  });

  const document = (): string => {
    let text = encodeThreads(table.entries());
    while (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES && table.size > 0) {
      table.trimTo(Math.floor(table.size * 0.9));
      text = encodeThreads(table.entries());
    }
    return text;
  };

  const store = async (): Promise<void> => {
    const body = new V1ConfigMap();
    body.metadata = Object.assign(new V1ObjectMeta(), {
      name,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    });
    body.data = { [THREADS_CONFIGMAP_KEY]: document() };
    remember(
      resourceVersion === undefined
        ? await core.createNamespacedConfigMap({ namespace, body }, CALL_OPTIONS)
        : await core.replaceNamespacedConfigMap({ name, namespace, body }, CALL_OPTIONS),
    );
  };

  const write = coalescedWriter(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await store();
        return;
      } catch (error) {
        const failure = kubeRequestErrorOf(error);
        const retry = attempt < MAX_WRITE_ATTEMPTS;
        // Another replica wrote (or created) it first: take its threads in and write again.
        if (failure.status === HTTP_CONFLICT && retry) {
          await read();
          continue;
        }
        // Deleted behind our back: create it.
        if (failure.status === HTTP_NOT_FOUND && retry) {
          resourceVersion = undefined;
          continue;
        }
        logger.error({ ...where, error: failure.message }, 'Failed to write the Slack threads');
        return;
      }
    }
  });

  let writing: Promise<void> = Promise.resolve();
  return {
    async find(key) {
      await load();
      return table.get(key);
    },
    async save(key, thread) {
      await load();
      table.set(key, thread);
      writing = write();
      await writing;
    },
    async close() {
      stopFollowing();
      await writing;
    },
  };
}
