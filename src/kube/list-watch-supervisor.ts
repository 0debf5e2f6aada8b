import type { KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import { errorMessage } from '../errors/error-message.js';
import type { Logger } from '../logging/logger.js';
import { isExpired, KubeRequestError, kubeRequestErrorOf } from './kube-request-error.js';
import { listAllPages } from './list-all-pages.js';
import type { ListWatchTransport, Query, WatchFrame } from './list-watch-transport.js';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs, type RestartBackoff } from './restart-backoff.js';
import { watchOnce, type WatchEnd } from './watch-once.js';

/** The watch notifications that carry a change of an object. */
export type WatchChange = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * What a supervised list+watch hands on, in order. Calls are synchronous; none comes after
 * `halt()`.
 */
export interface ListWatchConsumer<T extends KubernetesObject> {
  /** Every object of a consistent list (all pages) and its resourceVersion: the first, or after 410. */
  listed(objects: readonly T[], resourceVersion: string): void;
  /** One change seen by the watch. */
  notified(change: WatchChange, object: T): void;
  /** The stream moved to `resourceVersion` with no change to tell. */
  bookmarked(resourceVersion: string): void;
}

/** Why a list or watch was started again (the `reason` of a restart). */
export type RestartReason =
  /** The server ended the stream (its timeout, a restart): resumed from the last resourceVersion. */
  | 'closed'
  /** 410 Gone: the resourceVersion was compacted, so the collection was listed again. */
  | 'expired'
  /** No frame, not even a bookmark, for too long. */
  | 'silent'
  /** A failed request, a broken stream, or a watch that ended as soon as it opened: backed off. */
  | 'error';

export interface ListWatchTuning extends RestartBackoff {
  /**
   * A watch with no frame for this long is restarted. The API server sends a bookmark about
   * every minute to watches that allow them, so a healthy watch is never this quiet; a silent
   * one sits on a connection that died without a reset.
   */
  silentWatchTimeoutMs: number;
  /** Objects per list page (`limit`). */
  listPageSize: number;
  /** Bound on one list page request. */
  listPageTimeoutMs: number;
}

export const DEFAULT_LIST_WATCH_TUNING: Readonly<ListWatchTuning> = Object.freeze({
  ...DEFAULT_RESTART_BACKOFF,
  silentWatchTimeoutMs: 3 * 60_000,
  listPageSize: 500,
  listPageTimeoutMs: 60_000,
});

/** A watch that ends sooner than this without a single frame is a failure, not a normal close. */
export const SHORT_WATCH_MS = 1_000;

export interface ListWatchOptions<T extends KubernetesObject> {
  transport: ListWatchTransport;
  /**
   * The collection: `/apis/notification.toolkit.fluxcd.io/v1beta3/alerts` (every namespace),
   * `/api/v1/namespaces/flux-system/events`, `/api/v1/secrets`.
   */
  path: string;
  consumer: ListWatchConsumer<T>;
  logger: Logger;
  /** Backoff waits, timeouts, silence, and watch durations (on its monotonic time). */
  clock: Clock;
  labelSelector?: string;
  fieldSelector?: string;
  /** Watch from here first (a stored checkpoint's); undefined lists first. */
  resourceVersion?: string;
  /** Asks the server to end each watch after this long; undefined leaves it to the server. */
  watchTimeoutSeconds?: number;
  /**
   * After this many failures in a row the next attempt lists again instead of resuming;
   * undefined resumes however often it fails. See the Event watcher for why it wants one.
   */
  relistAfterFailures?: number;
  /** Told why, each time a list or watch ends and another starts (not on stop). */
  onRestart?: (reason: RestartReason) => void;
  tuning?: Partial<ListWatchTuning>;
}

/** A list+watch kept alive until halted. */
export interface ListWatchSupervisor {
  /** Starts listing (or resuming) and watching; once only, and not after a halt. */
  start(): void;
  /** Stops at once: from this call on the consumer is told nothing more. */
  halt(): void;
  /** Halts, closes the watch and any request in flight, and resolves when nothing runs any more. */
  stop(): Promise<void>;
}

/**
 * A list+watch of one collection, kept alive whatever happens, for informers and native Events:
 * - a stream the server ends resumes at once from the last resourceVersion seen (a change or a
 *   bookmark);
 * - 410 Gone lists again, at once when the position it lost was resumed from, after a backoff
 *   when it came straight after a fresh list (nothing was gained by listing);
 * - any other failure, or a watch that ends as soon as it opens, restarts after a backoff that
 *   doubles with each failure in a row; a frame received or a list that was needed ends the row;
 * - a silent watch is restarted.
 * Objects are never logged (the Secret informer holds credentials).
 *
 * Not client-node's `makeInformer`: it stops for good on any error but 410, cannot ask for
 * bookmarks, hides the resourceVersions, and has no notion of a silent watch.
 */
export function superviseListWatch<T extends KubernetesObject>(
  options: ListWatchOptions<T>,
): ListWatchSupervisor {
  return new Supervisor(options);
}

/** How a round of list-then-watch ended: why it restarts, and after what wait. */
interface RoundEnd {
  reason: RestartReason;
  delayMs: number;
}

class Supervisor<T extends KubernetesObject> implements ListWatchSupervisor {
  private readonly halting = new AbortController();
  private readonly tuning: ListWatchTuning;
  private readonly selectors: Query;
  /** Undefined when the next round must list first. */
  private resourceVersion: string | undefined;
  private failures = 0;
  /** The next list is a tactic against failures in a row, not a sign they ended. */
  private relistForced = false;
  /** Whether the current round's watch has handed on a frame. */
  private heard = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: ListWatchOptions<T>) {
    this.tuning = { ...DEFAULT_LIST_WATCH_TUNING, ...options.tuning };
    this.resourceVersion = options.resourceVersion;
    this.selectors = {
      ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
      ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
    };
  }

  start(): void {
    if (!this.halted()) this.loop ??= this.run();
  }

  halt(): void {
    this.halting.abort();
  }

  async stop(): Promise<void> {
    this.halt();
    await this.loop;
  }

  /** A method, not a getter: TypeScript would keep a getter's narrowing across awaits. */
  private halted(): boolean {
    return this.halting.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.halted()) {
      const end = await this.round();
      if (end === undefined || this.halted()) return;
      this.options.onRestart?.(end.reason);
      if (end.delayMs > 0) {
        try {
          await this.options.clock.sleep(end.delayMs, this.halting.signal);
        } catch {
          // Aborted by halt().
        }
      }
    }
  }

  /** Lists when it must, then watches until the watch ends; undefined once halted. */
  private async round(): Promise<RoundEnd | undefined> {
    const fromList = this.resourceVersion === undefined;
    let phase: 'list' | 'watch' = 'list';
    this.heard = false;
    try {
      if (fromList) await this.list();
      if (this.halted()) return undefined;
      phase = 'watch';
      const end = await this.watch(this.resourceVersion ?? '');
      switch (end.kind) {
        case 'stopped':
          return undefined;
        case 'silent':
          this.options.logger.info(
            { path: this.options.path, silentMs: this.tuning.silentWatchTimeoutMs },
            'Restarting a silent watch',
          );
          return { reason: 'silent', delayMs: 0 };
        case 'closed':
          if (end.frames === 0 && end.durationMs < SHORT_WATCH_MS)
            throw new KubeRequestError('the watch ended as soon as it opened', undefined);
          return { reason: 'closed', delayMs: 0 };
      }
    } catch (error) {
      if (this.halted()) return undefined;
      const failure = kubeRequestErrorOf(error);
      return isExpired(failure)
        ? this.expired(phase, fromList && !this.heard)
        : this.failed(phase, failure);
    }
  }

  /** 410 Gone: lists next; backs off first when listing again gains nothing. */
  private expired(phase: 'list' | 'watch', straightAfterList: boolean): RoundEnd {
    const { path, logger } = this.options;
    const futile = phase === 'list' || straightAfterList;
    const delayMs = futile ? restartDelayMs(++this.failures, this.tuning) : 0;
    logger.info(
      {
        path,
        resourceVersion: this.resourceVersion,
        ...(futile ? { failures: this.failures, retryInMs: delayMs } : {}),
      },
      phase === 'watch' ? 'Watch expired; listing again' : 'List expired; listing again',
    );
    this.resourceVersion = undefined;
    return { reason: 'expired', delayMs };
  }

  private failed(phase: 'list' | 'watch', failure: KubeRequestError): RoundEnd {
    const { path, logger, relistAfterFailures } = this.options;
    this.failures++;
    const relist =
      this.resourceVersion !== undefined &&
      relistAfterFailures !== undefined &&
      this.failures >= relistAfterFailures;
    if (relist) {
      this.resourceVersion = undefined;
      this.relistForced = true;
    }
    const delayMs = restartDelayMs(this.failures, this.tuning);
    logger.error(
      {
        path,
        status: failure.status,
        reason: failure.reason,
        error: failure.message,
        failures: this.failures,
        retryInMs: delayMs,
        ...(relist ? { relist } : {}),
      },
      phase === 'list' ? 'List failed; retrying' : 'Watch failed; restarting',
    );
    return { reason: 'error', delayMs };
  }

  /** Every page of a fresh list, then handed on in one go. */
  private async list(): Promise<void> {
    const { transport, path, consumer, logger, clock } = this.options;
    const listed = await listAllPages({
      transport,
      path,
      query: this.selectors,
      pageSize: this.tuning.listPageSize,
      pageTimeoutMs: this.tuning.listPageTimeoutMs,
      signal: this.halting.signal,
      clock,
    });
    if (this.halted()) return;
    const objects = listed.items.filter(isKubeObject) as T[];
    consumer.listed(objects, listed.resourceVersion);
    this.resourceVersion = listed.resourceVersion;
    if (!this.relistForced) this.failures = 0;
    this.relistForced = false;
    logger.debug(
      { path, objects: objects.length, resourceVersion: listed.resourceVersion },
      'Listed objects',
    );
  }

  private watch(resourceVersion: string): Promise<WatchEnd> {
    const { transport, path, clock, watchTimeoutSeconds } = this.options;
    return watchOnce({
      transport,
      path,
      query: {
        ...this.selectors,
        resourceVersion,
        allowWatchBookmarks: 'true',
        ...(watchTimeoutSeconds === undefined
          ? {}
          : { timeoutSeconds: String(watchTimeoutSeconds) }),
      },
      onFrame: (frame) => {
        this.heard = true;
        this.failures = 0;
        this.relistForced = false;
        this.handOn(frame);
      },
      signal: this.halting.signal,
      silentWatchTimeoutMs: this.tuning.silentWatchTimeoutMs,
      clock,
    });
  }

  /**
   * Tells the consumer, then moves past the frame whatever it did: client-node would swallow a
   * throw here, so it is logged, and one bad object does not stall the stream.
   */
  private handOn(frame: WatchFrame): void {
    if (!isKubeObject(frame.object)) return;
    const object = frame.object as T;
    const resourceVersion = object.metadata?.resourceVersion;
    try {
      switch (frame.type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED':
          this.options.consumer.notified(frame.type, object);
          break;
        case 'BOOKMARK':
          if (resourceVersion !== undefined && resourceVersion !== '')
            this.options.consumer.bookmarked(resourceVersion);
          break;
        default:
          return;
      }
    } catch (error) {
      const { namespace = '', name = '' } = object.metadata ?? {};
      this.options.logger.error(
        { path: this.options.path, object: `${namespace}/${name}`, error: errorMessage(error) },
        'Failed to handle a watched object',
      );
    }
    if (resourceVersion !== undefined && resourceVersion !== '')
      this.resourceVersion = resourceVersion;
  }
}

function isKubeObject(value: unknown): value is KubernetesObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { metadata?: unknown }).metadata === 'object'
  );
}
