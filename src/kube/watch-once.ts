import type { Clock } from '../clock/clock.js';
import { KubeRequestError, kubeRequestErrorOf } from './kube-request-error.js';
import type { ListWatchTransport, Query, WatchFrame } from './list-watch-transport.js';

/** How one watch ended, short of an error. */
export type WatchEnd =
  /** The server ended the stream (its timeout, a restart) after `frames` frames. */
  | { kind: 'closed'; frames: number; durationMs: number }
  /** No frame, not even a bookmark, for the silence timeout. */
  | { kind: 'silent' }
  /** Its signal aborted. */
  | { kind: 'stopped' };

export interface WatchOnceOptions {
  transport: ListWatchTransport;
  path: string;
  query: Query;
  /** Each frame but ERROR, in order; never called once the watch has ended. */
  onFrame: (frame: WatchFrame) => void;
  /** Ends the watch at once: no frame is handed on from the moment it aborts. */
  signal: AbortSignal;
  silentWatchTimeoutMs: number;
  /** The silence timer, and the watch's duration on its monotonic time. */
  clock: Clock;
}

/**
 * One watch, until the server ends it, it goes silent, or its signal aborts. Rejects with a
 * {@link KubeRequestError} on a failed request, a broken stream or an ERROR frame (410 Gone
 * among them).
 */
export function watchOnce(options: WatchOnceOptions): Promise<WatchEnd> {
  const { transport, path, query, onFrame, signal, silentWatchTimeoutMs, clock } = options;
  const startedAt = clock.monotonic();
  return new Promise<WatchEnd>((resolve, reject) => {
    let frames = 0;
    let settled = false;
    let lastFrameAt = startedAt;
    let close: (() => void) | undefined;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      silence.cancel();
      signal.removeEventListener('abort', onStop);
      close?.();
      settle();
    };
    // Re-armed only when it fires, for what is left since the last frame: a frame costs nothing.
    const armSilence = (ms: number) =>
      clock.setTimeout(() => {
        const quietMs = clock.monotonic() - lastFrameAt;
        if (quietMs < silentWatchTimeoutMs) {
          silence = armSilence(silentWatchTimeoutMs - quietMs);
          return;
        }
        finish(() => {
          resolve({ kind: 'silent' });
        });
      }, ms);
    let silence = armSilence(silentWatchTimeoutMs);
    const onStop = (): void => {
      finish(() => {
        resolve({ kind: 'stopped' });
      });
    };
    if (signal.aborted) {
      onStop();
      return;
    }
    signal.addEventListener('abort', onStop);
    const onWatchFrame = (frame: WatchFrame): void => {
      if (settled) return;
      lastFrameAt = clock.monotonic();
      if (frame.type === 'ERROR') {
        finish(() => {
          reject(KubeRequestError.fromStatus(frame.object));
        });
        return;
      }
      frames++;
      onFrame(frame);
    };
    const onEnd = (error: KubeRequestError | undefined): void => {
      finish(() => {
        if (error) reject(error);
        else resolve({ kind: 'closed', frames, durationMs: clock.monotonic() - startedAt });
      });
    };
    transport.watch(path, query, onWatchFrame, onEnd).then(
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
