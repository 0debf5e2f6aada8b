import type { FluxEvent } from '../api/event.js';

/** A notification as the ledger keeps it: enough to deliver it again after a restart. */
export interface LedgerEntry {
  /** `namespace/name` of the Provider it goes to. */
  readonly providerKey: string;
  /** `namespace/name` of the Alert that took the event. */
  readonly alertKey: string;
  /** The event with its metadata merged, as handed to the notifier. */
  readonly notification: FluxEvent;
  /** Wall time the event was accepted (epoch ms): retries by age count from it. */
  readonly acceptedAtMs: number;
  /** A UUID naming the notification to receivers that deduplicate, across restarts too. */
  readonly deliveryId: string;
}

/** A recorded entry, with the id that settles it. */
export interface RecordedEntry extends LedgerEntry {
  readonly id: number;
}

/**
 * Where the dispatcher records each notification before it is queued and settles it once it
 * is delivered, finally refused or dropped; what is not settled is delivered again after a
 * restart. Without one, notifications live in memory only, as in Flux.
 */
export interface DeliveryLedger {
  /** The entry's id; undefined when it could not be recorded (it is then delivered from memory). */
  record(entry: LedgerEntry): number | undefined;
  settle(id: number): void;
  /** How long a notification whose deliveries keep failing is retried, from its acceptance. */
  readonly retryAgeMs: number;
}
