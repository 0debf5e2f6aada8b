import { kubeRequestErrorOf } from '../kube/kube-request-error.js';
import {
  CoreV1Api,
  type CoreV1Event,
  type CoreV1EventList,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import type { KubeEventMetrics, WatchRestartReason } from './kube-event-metrics.js';
import {
  HTTP_GONE,
  WatchHalted,
  asError,
  statusOf,
  watchEvents,
  type KubeEventStreamHandler,
  type WatchEnd,
} from './kube-event-watch.js';

export interface WatchTuning {
  /** First delay after a failure; doubled at each failure in a row up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /**
   * A watch with no frame for this long is restarted. Servers send a bookmark about once a
   * minute to watches that allow them, so three minutes of silence means a dead connection.
   */
  silentWatchMs: number;
  /** Asks the server to end each watch after this long (client-go: 5 to 10 minutes). */
  watchTimeoutSeconds: number;
  /** Events per list page. */
  listPageSize: number;
}

export const DEFAULT_WATCH_TUNING: Readonly<WatchTuning> = Object.freeze({
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  silentWatchMs: 180_000,
  watchTimeoutSeconds: 300,
  listPageSize: 500,
});

/**
 * Failures in a row after which the stream lists again instead of resuming. A resourceVersion
 * newer than the server's (etcd restored from a backup) fails every watch with 504 "Too large
 * resource version", and client-node keeps no body to tell it apart: client-go's reflector
 * relists then too. A relist is always safe: it is judged against the checkpoint.
 */
export const RELIST_AFTER_FAILURES = 3;

/** The delay after `failures` failures in a row: the base, doubled each time, capped. */
export function backoffMs(
  tuning: Pick<WatchTuning, 'backoffBaseMs' | 'backoffMaxMs'>,
  failures: number,
): number {
  return Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** Math.min(failures - 1, 30));
}

export interface KubeEventWatcherOptions {
  kubeConfig: KubeConfig;
  /** The namespace watched; undefined watches every namespace as one stream. */
  namespace: string | undefined;
  /** Watch from this resourceVersion (a checkpoint's); undefined lists first. */
  resourceVersion: string | undefined;
  handler: KubeEventStreamHandler;
  logger: Logger;
  metrics: Pick<KubeEventMetrics, 'watchRestarts'>;
  clock: Clock;
  tuning?: Partial<WatchTuning>;
}

/**
 * One supervised stream of core/v1 Events (DESIGN §7): list for a resourceVersion and the
 * current Events (unless resuming from a checkpoint), then watch from it with bookmarks.
 * - A stream the server ends resumes from the last resourceVersion seen, at once.
 * - 410 Gone (on the watch or its first frame) lists again; the handler diffs that list
 *   against its checkpoint.
 * - Any other error restarts after an exponential backoff; so does a stream that ends before
 *   its first frame, so a server that keeps closing is not hammered.
 * - A stream silent for `silentWatchMs` (no bookmark either) is restarted.
 * client-node's informer would hide the resourceVersions and stop on most errors; this drives
 * its `Watch` and list calls directly.
 */
export class KubeEventWatcher {
  readonly #options: KubeEventWatcherOptions;
  readonly #tuning: WatchTuning;
  readonly #core: CoreV1Api;
  readonly #halt = new AbortController();
  #resourceVersion: string | undefined;
  #running: Promise<void> | undefined;

  constructor(options: KubeEventWatcherOptions) {
    this.#options = options;
    this.#tuning = { ...DEFAULT_WATCH_TUNING, ...options.tuning };
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#resourceVersion = options.resourceVersion;
  }

  /** The resourceVersion the stream resumes from; undefined while it must list. */
  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /**
   * Stops at once: from this call on the handler is called no more (a leader that lost its
   * Lease must not ingest). Requests in flight are left to end on their own.
   */
  halt(): void {
    if (this.#halt.signal.aborted) return;
    this.#halt.abort();
  }

  /** Halts and waits for the loop to end. */
  async stop(): Promise<void> {
    this.halt();
    await this.#running;
  }

  #halted(): boolean {
    return this.#halt.signal.aborted;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#halted()) {
      let restart: WatchRestartReason;
      const listing = this.#resourceVersion === undefined;
      try {
        const from = this.#resourceVersion ?? (await this.#list());
        const end = await this.#watch(from);
        if (end.kind === 'expired') this.#resourceVersion = undefined;
        // Expired straight after a fresh list, or ended before a frame: not progress.
        const futile =
          (end.kind === 'closed' && end.frames === 0) || (end.kind === 'expired' && listing);
        failures = futile ? failures + 1 : 0;
        restart = end.kind;
      } catch (error) {
        if (this.#halted()) return;
        failures++;
        restart = 'error';
        // 410 on a list continuation: too old to finish, list from the start again.
        if (statusOf(error) === HTTP_GONE || failures >= RELIST_AFTER_FAILURES)
          this.#resourceVersion = undefined;
        this.#options.logger.error(
          { error: kubeRequestErrorOf(error).message, namespace: this.#namespaceLabel, failures },
          'Failed to watch Kubernetes Events',
        );
      }
      if (this.#halted()) return;
      this.#options.metrics.watchRestarts.inc({ reason: restart });
      if (restart === 'expired' || restart === 'silent') {
        this.#options.logger.info(
          { namespace: this.#namespaceLabel, reason: restart },
          restart === 'expired'
            ? 'Listed Kubernetes Events again: the watch position was compacted (410)'
            : 'Restarted a silent Kubernetes Event watch',
        );
      }
      if (failures > 0 && !(await this.#backoff(failures))) return;
    }
  }

  get #namespaceLabel(): string {
    return this.#options.namespace ?? '*';
  }

  /** Sleeps before the next attempt; false when halted meanwhile. */
  async #backoff(failures: number): Promise<boolean> {
    try {
      await this.#options.clock.sleep(backoffMs(this.#tuning, failures), this.#halt.signal);
    } catch {
      // Aborted by halt().
    }
    return !this.#halted();
  }

  /** Lists every page, hands the Events over, and returns the list's resourceVersion. */
  async #list(): Promise<string> {
    const { namespace } = this.#options;
    const limit = this.#tuning.listPageSize;
    const items: CoreV1Event[] = [];
    let resourceVersion: string | undefined;
    let next: string | undefined;
    do {
      const request: Promise<CoreV1EventList> =
        namespace === undefined
          ? this.#core.listEventForAllNamespaces({ limit, _continue: next })
          : this.#core.listNamespacedEvent({ namespace, limit, _continue: next });
      const page = await this.#unlessHalted(request);
      items.push(...page.items);
      // Every page of one list carries the resourceVersion it was read at.
      resourceVersion ??= page.metadata?.resourceVersion;
      next = page.metadata?._continue || undefined;
    } while (next !== undefined);
    if (resourceVersion === undefined || resourceVersion === '') {
      throw new Error('the Event list has no resourceVersion to watch from');
    }
    if (this.#halted()) throw new WatchHalted();
    this.#options.handler.listed(items, resourceVersion);
    this.#resourceVersion = resourceVersion;
    return resourceVersion;
  }

  /** The request's result, unless halted first (then rejects, and its result is dropped). */
  #unlessHalted<T>(request: Promise<T>): Promise<T> {
    const signal = this.#halt.signal;
    if (signal.aborted) return Promise.reject(new WatchHalted());
    return new Promise<T>((resolve, reject) => {
      const onHalt = () => {
        reject(new WatchHalted());
      };
      signal.addEventListener('abort', onHalt, { once: true });
      request.then(
        (value) => {
          signal.removeEventListener('abort', onHalt);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onHalt);
          reject(asError(error));
        },
      );
    });
  }

  /** One watch from `resourceVersion`, until it ends; rejects on an error. */
  #watch(resourceVersion: string): Promise<WatchEnd> {
    const { kubeConfig, namespace, handler, clock, logger } = this.#options;
    return watchEvents({
      kubeConfig,
      path: namespace === undefined ? '/api/v1/events' : `/api/v1/namespaces/${namespace}/events`,
      resourceVersion,
      handler,
      onResourceVersion: (moved) => {
        this.#resourceVersion = moved;
      },
      signal: this.#halt.signal,
      silentMs: this.#tuning.silentWatchMs,
      timeoutSeconds: this.#tuning.watchTimeoutSeconds,
      logger,
      clock,
    });
  }
}
