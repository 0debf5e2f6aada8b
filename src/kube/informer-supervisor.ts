import type { KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { InformerCache } from './informer-cache.js';
import { isExpired, KubeRequestError, kubeRequestErrorOf } from './kube-request-error.js';
import type { ListWatchTransport, Query, WatchFrame } from './list-watch-transport.js';
import type { ObjectCache } from './object-cache.js';
import { errorMessage } from '../errors/error-message.js';

/** First delay before restarting after a failed list or watch; doubles with each failure in a row. */
export const BASE_RESTART_DELAY_MS = 1_000;
/** The longest delay between restarts. */
export const MAX_RESTART_DELAY_MS = 30_000;
/**
 * A watch with no frame for this long is restarted. The API server sends a bookmark about every
 * minute to watches that allow them, so a healthy watch is never this quiet; a silent one sits
 * on a connection that died without a reset.
 */
export const SILENT_WATCH_TIMEOUT_MS = 3 * 60_000;
/** A watch that ends sooner than this without a single frame is a failure, not a normal close. */
export const SHORT_WATCH_MS = 1_000;
/** Objects per list page (`limit`), so a cluster-wide Secret list comes in bounded pieces. */
export const LIST_PAGE_SIZE = 500;
/** Bound on one list page request. */
export const LIST_PAGE_TIMEOUT_MS = 60_000;

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
  silentWatchTimeoutMs?: number;
  listPageSize?: number;
  /** Backoff waits, the silence timer, and watch durations (on its monotonic time). */
  clock: Clock;
}

export interface SupervisedInformer<T extends KubernetesObject> {
  readonly cache: ObjectCache<T>;
  /** Starts listing and watching; resolves once the first list is in the cache (or on stop). */
  start(): Promise<void>;
  /** Closes the watch, cancels any pending restart, and resolves when nothing runs any more. */
  stop(): Promise<void>;
}

/** The delay before the restart that follows `failures` failures in a row (1, 2, 3…). */
export function restartDelayMs(failures: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, BASE_RESTART_DELAY_MS * 2 ** Math.max(0, failures - 1));
}

/**
 * A list+watch of one collection into an {@link ObjectCache}, kept alive whatever happens:
 * a closed stream resumes from the last resourceVersion seen; 410 Gone lists again and the cache
 * drops what vanished meanwhile; any other failure restarts after a backoff; a silent watch is
 * restarted. Objects stay in memory only and are never logged (the Secret informer holds
 * credentials).
 *
 * Not client-node's `makeInformer`: it stops for good on any error but 410, cannot ask for
 * bookmarks, and has no notion of a silent watch. Its `Watch` carries the stream here.
 */
export function superviseInformer<T extends KubernetesObject>(
  options: InformerOptions,
): SupervisedInformer<T> {
  return new InformerSupervisor<T>(options);
}

type WatchEnd =
  { kind: 'closed'; frames: number; durationMs: number } | { kind: 'silent' } | { kind: 'stopped' };

class InformerSupervisor<T extends KubernetesObject> implements SupervisedInformer<T> {
  readonly cache: InformerCache<T>;
  private readonly stopping = new AbortController();
  private readonly clock: Clock;
  private readonly selectors: Query;
  /** Undefined until listed, and again after a 410: the next round lists first. */
  private resourceVersion: string | undefined;
  private failures = 0;
  private loop: Promise<void> | undefined;
  private readonly firstSync: Promise<void>;
  private markFirstSync: () => void = () => undefined;

  constructor(private readonly options: InformerOptions) {
    this.clock = options.clock;
    this.selectors = {
      ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
      ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
    };
    this.cache = new InformerCache<T>((error) => {
      options.logger.error(
        { path: options.path, error: errorMessage(error) },
        'Cache listener threw; other listeners were still told',
      );
    });
    this.firstSync = new Promise((resolve) => {
      this.markFirstSync = resolve;
    });
  }

  start(): Promise<void> {
    if (!this.stopping.signal.aborted) this.loop ??= this.run();
    return this.firstSync;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.markFirstSync();
  }

  /** A method, not a getter: TypeScript would keep a getter's narrowing across awaits. */
  private stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopped()) {
      let phase: 'list' | 'watch' = 'list';
      try {
        if (this.resourceVersion === undefined) await this.list();
        if (this.stopped()) return;
        phase = 'watch';
        const end = await this.watch(this.resourceVersion ?? '');
        if (end.kind === 'silent') {
          this.options.logger.info(
            { path: this.options.path, silentMs: this.silentWatchTimeoutMs },
            'Restarting a silent watch',
          );
        } else if (end.kind === 'closed' && end.frames === 0 && end.durationMs < SHORT_WATCH_MS) {
          throw new KubeRequestError('the watch ended as soon as it opened', undefined);
        }
      } catch (error) {
        if (this.stopped()) return;
        const failure = kubeRequestErrorOf(error);
        if (isExpired(failure)) {
          this.options.logger.info(
            { path: this.options.path, resourceVersion: this.resourceVersion },
            phase === 'watch' ? 'Watch expired; listing again' : 'List expired; listing again',
          );
          this.resourceVersion = undefined;
          continue;
        }
        await this.backOff(phase, failure);
      }
    }
  }

  private get silentWatchTimeoutMs(): number {
    return this.options.silentWatchTimeoutMs ?? SILENT_WATCH_TIMEOUT_MS;
  }

  /** Every page of a fresh list, then the cache replaced with it in one go. */
  private async list(): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.options.transport.list(
        this.options.path,
        {
          ...this.selectors,
          limit: String(this.options.listPageSize ?? LIST_PAGE_SIZE),
          ...(continueToken === undefined ? {} : { continue: continueToken }),
        },
        AbortSignal.any([this.stopping.signal, AbortSignal.timeout(LIST_PAGE_TIMEOUT_MS)]),
      );
      for (const item of page.items) if (isKubeObject(item)) items.push(item as T);
      continueToken = page.continueToken;
      resourceVersion = page.resourceVersion;
    } while (continueToken !== undefined);
    if (this.stopped()) return;
    this.cache.replace(items);
    this.resourceVersion = resourceVersion;
    this.failures = 0;
    this.options.logger.debug(
      { path: this.options.path, objects: items.length, resourceVersion },
      'Listed objects',
    );
    this.markFirstSync();
  }

  /** One watch from `resourceVersion`, until it ends, errs, goes silent or the informer stops. */
  private watch(resourceVersion: string): Promise<WatchEnd> {
    const { clock } = this;
    const startedAt = clock.monotonic();
    const query: Query = { ...this.selectors, resourceVersion, allowWatchBookmarks: 'true' };
    return new Promise<WatchEnd>((resolve, reject) => {
      let frames = 0;
      let settled = false;
      let lastFrameAt = startedAt;
      let close: (() => void) | undefined;
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        silence.cancel();
        this.stopping.signal.removeEventListener('abort', onStop);
        close?.();
        settle();
      };
      // Re-armed only when it fires, for what is left since the last frame: a frame costs nothing.
      const armSilence = (ms: number) =>
        clock.setTimeout(() => {
          const quietMs = clock.monotonic() - lastFrameAt;
          if (quietMs < this.silentWatchTimeoutMs) {
            silence = armSilence(this.silentWatchTimeoutMs - quietMs);
            return;
          }
          finish(() => {
            resolve({ kind: 'silent' });
          });
        }, ms);
      let silence = armSilence(this.silentWatchTimeoutMs);
      const onStop = (): void => {
        finish(() => {
          resolve({ kind: 'stopped' });
        });
      };
      this.stopping.signal.addEventListener('abort', onStop);
      const onFrame = (frame: WatchFrame): void => {
        if (settled) return;
        lastFrameAt = clock.monotonic();
        if (frame.type === 'ERROR') {
          finish(() => {
            reject(KubeRequestError.fromStatus(frame.object));
          });
          return;
        }
        frames++;
        this.failures = 0;
        this.apply(frame);
      };
      const onEnd = (error: KubeRequestError | undefined): void => {
        finish(() => {
          if (error) reject(error);
          else resolve({ kind: 'closed', frames, durationMs: clock.monotonic() - startedAt });
        });
      };
      this.options.transport.watch(this.options.path, query, onFrame, onEnd).then(
        (closeWatch) => {
          close = closeWatch;
          if (settled) closeWatch();
        },
        (error: unknown) => {
          onEnd(kubeRequestErrorOf(error));
        },
      );
    });
  }

  private apply(frame: WatchFrame): void {
    if (!isKubeObject(frame.object)) return;
    const object = frame.object as T;
    switch (frame.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.cache.upsert(object);
        break;
      case 'DELETED':
        this.cache.remove(object);
        break;
      case 'BOOKMARK':
        break;
      default:
        return;
    }
    const version = object.metadata?.resourceVersion;
    if (version !== undefined && version !== '') this.resourceVersion = version;
  }

  private async backOff(phase: 'list' | 'watch', failure: KubeRequestError): Promise<void> {
    this.failures++;
    const retryInMs = restartDelayMs(this.failures);
    this.options.logger.error(
      {
        path: this.options.path,
        status: failure.status,
        reason: failure.reason,
        error: failure.message,
        failures: this.failures,
        retryInMs,
      },
      phase === 'list' ? 'List failed; retrying' : 'Watch failed; restarting',
    );
    try {
      await this.clock.sleep(retryInMs, this.stopping.signal);
    } catch {
      // Aborted by stop().
    }
  }
}

function isKubeObject(value: unknown): value is KubernetesObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { metadata?: unknown }).metadata === 'object'
  );
}
