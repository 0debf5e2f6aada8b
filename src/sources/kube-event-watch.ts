import { kubeRequestErrorOf } from '../kube/kube-request-error.js';
import { ApiException, Watch, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../logging/logger.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { WatchPhase } from './kube-event-occurrence.js';
import { HeraldError } from '../errors/herald-error.js';

/** What one stream of Events is handed, in order. Each call must be synchronous and not throw. */
export interface KubeEventStreamHandler {
  /** Every item of a consistent list (all pages), and the list's resourceVersion. */
  listed(events: readonly CoreV1Event[], resourceVersion: string): void;
  notified(phase: WatchPhase, event: CoreV1Event): void;
  bookmarked(resourceVersion: string): void;
}

/** How one watch ended, short of an error. */
export type WatchEnd =
  /** The server ended it (its timeout, a restart); `frames` it sent first. */
  | { kind: 'closed'; frames: number }
  /** 410 Gone: the resourceVersion was compacted. */
  | { kind: 'expired' }
  /** No frame, not even a bookmark, for `silentMs`. */
  | { kind: 'silent' };

export const HTTP_GONE = 410;

export interface EventWatchOptions {
  kubeConfig: KubeConfig;
  /** `/api/v1/events` or `/api/v1/namespaces/NS/events`. */
  path: string;
  resourceVersion: string;
  handler: Pick<KubeEventStreamHandler, 'notified' | 'bookmarked'>;
  /** Called with each resourceVersion the stream moves to, once its frame is handled. */
  onResourceVersion: (resourceVersion: string) => void;
  /** Ends the watch: the promise rejects with {@link WatchHalted} and no frame is handled after. */
  signal: AbortSignal;
  silentMs: number;
  timeoutSeconds: number;
  logger: Logger;
  /** Silence is measured on its monotonic time. */
  clock: Clock;
}

/** The watch was ended by its signal. */
export class WatchHalted extends HeraldError {
  constructor() {
    super('HERALD_WATCH_HALTED', 'the watch was halted');
  }
}

/** A watch ended with an ERROR frame other than 410. */
export class WatchStatusError extends HeraldError {
  constructor(readonly status: unknown) {
    super('HERALD_WATCH_ERROR', `the watch ended with an error: ${JSON.stringify(status)}`);
  }
}

/**
 * One watch of core/v1 Events with bookmarks, from a resourceVersion, until it ends. Resolves
 * with how it ended; rejects on a failed request, a broken stream or an ERROR frame. client-node
 * calls back inside a try that swallows what the callback throws, so a handler failure is
 * logged here rather than lost.
 */
export function watchEvents(options: EventWatchOptions): Promise<WatchEnd> {
  const { handler, signal, silentMs, clock, logger } = options;
  return new Promise<WatchEnd>((resolve, reject) => {
    let frames = 0;
    let lastFrameMs = clock.monotonic();
    let settled = false;
    let controller: AbortController | undefined;
    let silence: TimerHandle | undefined;
    const finish = (end: WatchEnd | Error): void => {
      if (settled) return;
      settled = true;
      silence?.cancel();
      signal.removeEventListener('abort', onHalt);
      controller?.abort();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const onHalt = (): void => {
      finish(new WatchHalted());
    };
    const watchSilence = (delayMs: number): void => {
      silence = clock.setTimeout(() => {
        const quietMs = clock.monotonic() - lastFrameMs;
        if (quietMs >= silentMs) finish({ kind: 'silent' });
        else watchSilence(silentMs - quietMs);
      }, delayMs);
    };
    const onFrame = (type: string, object: unknown): void => {
      if (settled) return;
      frames++;
      lastFrameMs = clock.monotonic();
      switch (type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED': {
          const event = object as CoreV1Event;
          try {
            handler.notified(type, event);
          } catch (error) {
            const { namespace = '', name = '' } = event.metadata;
            logger.error(
              { error: kubeRequestErrorOf(error).message, event: `${namespace}/${name}` },
              'Failed to handle a Kubernetes Event',
            );
          }
          moveTo(event.metadata.resourceVersion);
          return;
        }
        case 'BOOKMARK': {
          const bookmarked = (object as CoreV1Event).metadata.resourceVersion;
          if (bookmarked === undefined || bookmarked === '') return;
          handler.bookmarked(bookmarked);
          moveTo(bookmarked);
          return;
        }
        case 'ERROR':
          finish(
            (object as { code?: unknown } | null)?.code === HTTP_GONE
              ? { kind: 'expired' }
              : new WatchStatusError(object),
          );
          return;
        default:
          return;
      }
    };
    const moveTo = (resourceVersion: string | undefined): void => {
      if (resourceVersion !== undefined && resourceVersion !== '')
        options.onResourceVersion(resourceVersion);
    };

    if (signal.aborted) {
      onHalt();
      return;
    }
    signal.addEventListener('abort', onHalt, { once: true });
    watchSilence(silentMs);
    new Watch(options.kubeConfig)
      .watch(
        options.path,
        {
          resourceVersion: options.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: options.timeoutSeconds,
        },
        onFrame,
        (error: unknown) => {
          if (error === null || error === undefined) finish({ kind: 'closed', frames });
          else if (statusOf(error) === HTTP_GONE) finish({ kind: 'expired' });
          else finish(asError(error));
        },
      )
      .then(
        (opened) => {
          controller = opened;
          if (settled) opened.abort();
        },
        (error: unknown) => {
          finish(asError(error));
        },
      );
  });
}

/** The HTTP status of a failed list (ApiException) or watch request (`statusCode`). */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(JSON.stringify(error));
}
