import type { FluxEvent } from '../api/event.js';
import type { EventDigest } from '../storm/event-digest.js';
import type { IndexedAlert } from './alert-index.js';

/**
 * One notification on its way to a Provider: a single event, or a summary standing for many
 * (grouped by an Alert, or merged while waiting for a paced destination).
 */
export interface PendingNotification {
  /** The event as handed to the notifier, metadata merged (a summary for many events). */
  readonly notification: FluxEvent;
  /** `namespace/name` of the Provider it goes to. */
  readonly providerKey: string;
  /** The Alert it is delivered for; a merged summary names the first. */
  readonly alert: IndexedAlert;
  /** Every Alert whose events it carries, told of the outcome. */
  readonly alerts: readonly IndexedAlert[];
  /** Wall time (epoch ms) the oldest event it carries was accepted: retries by age count from it. */
  readonly acceptedAtMs: number;
  /** Monotonic time of the same, for the latency metric. */
  readonly acceptedAt: number;
  /** Names it to receivers that deduplicate, the same for every attempt. */
  readonly deliveryId: string;
  /** The ledger records it settles once delivered or finally refused. */
  readonly ledgerIds: readonly number[];
  /** The events a summary stands for; absent when the notification is one event. */
  readonly digest?: EventDigest;
  /** The thread a threading notifier posts it in: the Alert's group key when it groups. */
  readonly threadKey?: string;
}

/** How many events it stands for. */
export function eventsIn(pending: PendingNotification): number {
  return pending.digest?.count ?? 1;
}
