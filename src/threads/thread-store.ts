import type { SlackThread } from './slack-thread.js';

/**
 * Where Slack threads are kept between notifications, and across restarts where the store is
 * durable: a file in local mode, a ConfigMap in a cluster, memory without either. Keys are
 * opaque to the store; each thread expires on its own (`expiresAtMs`). Nothing in it is secret:
 * channel ids and message timestamps.
 */
export interface ThreadStore {
  /** The thread stored under `key`; undefined when there is none or it expired. */
  find(key: string): Promise<SlackThread | undefined>;
  /**
   * Stores `thread` under `key`, replacing what was there, as the most recently used. Resolves
   * once it is written as far as the store can (a failed write is logged, never thrown: the
   * message it records was delivered all the same).
   */
  save(key: string, thread: SlackThread): Promise<void>;
  /** Waits for the write in flight, if any. */
  close(): Promise<void>;
}
