/** One Slack thread Herald posts into: where its parent message is and what it has seen. */
export interface SlackThread {
  /** The channel id Slack answered with (`chat.update` takes only ids, not names). */
  readonly channel: string;
  /** The parent message's `ts`, which replies name as `thread_ts`. */
  readonly ts: string;
  /** Notifications sent to the thread, the parent's own included. */
  readonly notifications: number;
  /** Whether one of them was an error: an info after it is a recovery. */
  readonly failed: boolean;
  /** Wall time of the last notification, epoch ms: the least recent are evicted first. */
  readonly lastPostedAtMs: number;
  /** Wall time when the thread is forgotten, epoch ms: the expiry after the last notification. */
  readonly expiresAtMs: number;
}
