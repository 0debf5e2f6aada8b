import { DeliveryError, type DeliveryErrorCode } from '../http/delivery-error.js';
import { drainWithAbort } from './drain-with-abort.js';
import type { Clock, TimerHandle } from '../clock/clock.js';

/** Each item's error, in the order of the batch; undefined for an item delivered. */
export type ItemErrors = readonly (Error | undefined)[];

export interface BatcherOptions<T> {
  /** Names the owner in the batcher's own errors (`Provider apps/loki`). */
  readonly owner: string;
  /** A batch is sent once its items reach this size… */
  readonly maxBatchBytes: number;
  /** …or this long after its first item arrived, whichever comes first. */
  readonly maxWaitMs: number;
  /** Items waiting or being sent, at most; beyond it `add` refuses at once. */
  readonly maxPendingBytes: number;
  readonly sizeOf: (item: T) => number;
  /**
   * Delivers one batch (retries included). Its rejection is every item's rejection; when the
   * receiver refused only some items, it resolves with each item's error (undefined: delivered).
   */
  readonly send: (items: readonly T[], signal: AbortSignal) => Promise<ItemErrors | undefined>;
  readonly clock: Pick<Clock, 'setTimeout'>;
}

export interface Batcher<T> {
  /**
   * Settles when the batch holding `item` is delivered or finally fails. `signal` withdraws the
   * item while its batch has not been sent yet; once sending, the batch decides.
   */
  add(item: T, signal?: AbortSignal): Promise<void>;
  /** Sends the open batch now; resolves when every item added so far has settled. */
  flush(): Promise<void>;
  /** Refuses new items and flushes; `signal` aborts the sending that is left. */
  close(signal?: AbortSignal): Promise<void>;
}

type ItemState = 'open' | 'queued' | 'sending' | 'settled';

interface Pending<T> {
  readonly item: T;
  readonly bytes: number;
  state: ItemState;
  batch: Batch<T>;
  settle(error?: Error): void;
}

interface Batch<T> {
  entries: Pending<T>[];
  bytes: number;
}

/** The items added with one signal, and the one listener that withdraws them all. */
interface SignalWatch<T> {
  readonly entries: Set<Pending<T>>;
  readonly onAbort: () => void;
}

/**
 * Groups items into batches by size and age and sends one batch at a time, in order (a second
 * request to a struggling receiver would only compete with the first's retries).
 */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  let open: Batch<T> | undefined;
  let openTimer: TimerHandle | undefined;
  const queue: Batch<T>[] = [];
  /** Resolves (never rejects) when its item settles; what `flush` waits for. */
  const unsettled = new Set<Promise<void>>();
  let pendingBytes = 0;
  let sender: Promise<void> | undefined;
  let closed = false;
  const lifetime = new AbortController();
  // One abort listener per signal, not per item: callers pass one signal for many events (a
  // Provider's queue), and thousands of listeners on it would be a leak warning each time.
  const watches = new Map<AbortSignal, SignalWatch<T>>();

  function watch(signal: AbortSignal, entry: Pending<T>): void {
    let watched = watches.get(signal);
    if (watched === undefined) {
      const entries = new Set<Pending<T>>();
      const onAbort = () => {
        watches.delete(signal);
        for (const each of entries) withdraw(each);
      };
      watched = { entries, onAbort };
      watches.set(signal, watched);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    watched.entries.add(entry);
  }

  function unwatch(signal: AbortSignal, entry: Pending<T>): void {
    const watched = watches.get(signal);
    if (watched === undefined) return;
    watched.entries.delete(entry);
    if (watched.entries.size > 0) return;
    watches.delete(signal);
    signal.removeEventListener('abort', watched.onAbort);
  }

  const refusal = (code: DeliveryErrorCode, text: string) =>
    new DeliveryError(code, `${options.owner}: ${text}`, { attempts: 0 });

  function seal(): void {
    openTimer?.cancel();
    openTimer = undefined;
    if (open === undefined) return;
    for (const entry of open.entries) entry.state = 'queued';
    queue.push(open);
    open = undefined;
    sender ??= sendQueued();
  }

  async function sendQueued(): Promise<void> {
    // Yield first, so `sender` is assigned before this loop can clear it.
    await Promise.resolve();
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const entries = batch.entries;
      if (entries.length === 0) continue;
      for (const entry of entries) entry.state = 'sending';
      try {
        const errors = await options.send(
          entries.map((entry) => entry.item),
          lifetime.signal,
        );
        entries.forEach((entry, index) => {
          entry.settle(errors?.[index]);
        });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error('batch delivery failed');
        for (const entry of entries) entry.settle(failure);
      }
    }
    sender = undefined;
  }

  function withdraw(entry: Pending<T>): void {
    if (entry.state !== 'open' && entry.state !== 'queued') return;
    const batch = entry.batch;
    batch.entries = batch.entries.filter((other) => other !== entry);
    batch.bytes -= entry.bytes;
    if (batch === open && batch.entries.length === 0) {
      openTimer?.cancel();
      openTimer = undefined;
      open = undefined;
    }
    entry.settle(refusal('HERALD_DELIVERY_ABORTED', 'delivery was aborted before it was sent'));
  }

  async function flush(): Promise<void> {
    seal();
    await Promise.all([...unsettled]);
  }

  return {
    add(item, signal) {
      if (closed) return Promise.reject(refusal('HERALD_NOTIFIER_CLOSED', 'notifier is closed'));
      if (signal?.aborted === true) {
        return Promise.reject(
          refusal('HERALD_DELIVERY_ABORTED', 'delivery was aborted before it was sent'),
        );
      }
      const bytes = options.sizeOf(item);
      if (pendingBytes + bytes > options.maxPendingBytes) {
        return Promise.reject(
          refusal(
            'HERALD_DELIVERY_BACKLOG_FULL',
            `more than ${options.maxPendingBytes} bytes are waiting to be sent`,
          ),
        );
      }
      if (open !== undefined && open.bytes + bytes > options.maxBatchBytes) seal();
      if (open === undefined) {
        open = { entries: [], bytes: 0 };
        openTimer = options.clock.setTimeout(seal, options.maxWaitMs);
      }
      const batch = open;
      const delivered = new Promise<void>((resolve, reject) => {
        const entry: Pending<T> = {
          item,
          bytes,
          state: 'open',
          batch,
          settle(error?: Error) {
            if (entry.state === 'settled') return;
            entry.state = 'settled';
            pendingBytes -= bytes;
            if (signal !== undefined) unwatch(signal, entry);
            if (error === undefined) resolve();
            else reject(error);
          },
        };
        batch.entries.push(entry);
        batch.bytes += bytes;
        pendingBytes += bytes;
        if (signal !== undefined) watch(signal, entry);
      });
      const settled = delivered.then(
        () => undefined,
        () => undefined,
      );
      unsettled.add(settled);
      void settled.then(() => unsettled.delete(settled));
      if (batch.bytes >= options.maxBatchBytes) seal();
      return delivered;
    },

    flush,

    async close(signal) {
      closed = true;
      await drainWithAbort(flush, lifetime, signal);
    },
  };
}
