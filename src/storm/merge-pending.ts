import { randomUUID } from 'node:crypto';
import type { PendingNotification } from '../pipeline/pending-notification.js';
import { digestOf, mergeDigests, type EventDigest } from './event-digest.js';
import { summaryEvent } from './event-summary.js';

/**
 * One notification standing for several on their way to the same Provider: their digests
 * merged into a summary event, their ledger records settled together. One is returned as is.
 */
export function mergePending(items: readonly PendingNotification[]): PendingNotification {
  const [first, ...rest] = items;
  if (first === undefined) throw new RangeError('nothing to merge');
  if (rest.length === 0) return first;
  let digest = digestOfPending(first);
  let { acceptedAtMs, acceptedAt } = first;
  const alerts = new Map(first.alerts.map((alert) => [alert.key, alert]));
  const ledgerIds = [...first.ledgerIds];
  let threadKey = first.threadKey;
  for (const item of rest) {
    digest = mergeDigests(digest, digestOfPending(item));
    acceptedAtMs = Math.min(acceptedAtMs, item.acceptedAtMs);
    acceptedAt = Math.min(acceptedAt, item.acceptedAt);
    for (const alert of item.alerts) if (!alerts.has(alert.key)) alerts.set(alert.key, alert);
    ledgerIds.push(...item.ledgerIds);
    if (item.threadKey !== threadKey) threadKey = undefined;
  }
  return {
    notification: summaryEvent(digest),
    providerKey: first.providerKey,
    alert: first.alert,
    alerts: [...alerts.values()],
    acceptedAtMs,
    acceptedAt,
    deliveryId: randomUUID(),
    ledgerIds,
    digest,
    ...(threadKey === undefined ? {} : { threadKey }),
  };
}

function digestOfPending(pending: PendingNotification): EventDigest {
  return pending.digest ?? digestOf(pending.notification);
}
