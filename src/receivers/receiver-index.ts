import type { ObjectLookup } from '../api/object-lookup.js';
import type { Receiver } from '../api/receiver.js';
import type { Secret } from '../api/secret.js';
import { receiverReadiness, type ReceiverReadiness } from './receiver-readiness.js';

export interface ReceiverEntry {
  readonly receiver: Receiver;
  readonly readiness: ReceiverReadiness;
}

/** Every Receiver with its readiness, and the ones with a webhook path by that path. */
export interface ReceiverIndex {
  readonly entries: readonly ReceiverEntry[];
  byPath(path: string): ReceiverEntry | undefined;
}

export const EMPTY_RECEIVER_INDEX: ReceiverIndex = { entries: [], byPath: () => undefined };

/**
 * Checks every Receiver against the Secrets and indexes the result by webhook path. Each
 * replica builds its own from its caches, so any replica answers a webhook, leader or not.
 */
export function buildReceiverIndex(
  receivers: readonly Receiver[],
  secrets: ObjectLookup<Secret>,
): ReceiverIndex {
  const entries = receivers.map((receiver) => ({
    receiver,
    readiness: receiverReadiness(receiver, secrets),
  }));
  const paths = new Map<string, ReceiverEntry>();
  for (const entry of entries) {
    if (entry.readiness.webhookPath !== undefined) paths.set(entry.readiness.webhookPath, entry);
  }
  return { entries, byPath: (path) => paths.get(path) };
}
