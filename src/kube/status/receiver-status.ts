import type { Receiver } from '../../api/receiver.js';
import type { ReceiverReadiness } from '../../receivers/receiver-readiness.js';
import { desiredStatus, statusDiffers, type HeraldStatus } from './desired-status.js';

/** The annotation `flux reconcile` sets; its value is echoed as lastHandledReconcileAt. */
export const RECONCILE_REQUEST_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';

/** A Receiver's status as merge-patched: `webhookPath: null` removes a path no longer valid. */
export interface ReceiverStatusPatch extends HeraldStatus {
  webhookPath: string | null;
  lastHandledReconcileAt?: string;
}

/** The status a Receiver should have: Ready with Flux's reason, its generation and path. */
export function desiredReceiverStatus(
  receiver: Receiver,
  readiness: ReceiverReadiness,
  current: ReceiverStatusPatch | undefined,
  now: Date,
): ReceiverStatusPatch {
  const requestedAt = receiver.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
  return {
    ...desiredStatus(readiness, receiver.metadata.generation, current, undefined, now),
    webhookPath: readiness.webhookPath ?? null,
    ...(requestedAt !== undefined && { lastHandledReconcileAt: requestedAt }),
  };
}

/** Whether writing `desired` changes anything Herald owns in `current`. */
export function receiverStatusDiffers(
  current: ReceiverStatusPatch | undefined,
  desired: ReceiverStatusPatch,
): boolean {
  return (
    statusDiffers(current, desired) ||
    (current?.webhookPath ?? null) !== desired.webhookPath ||
    current?.lastHandledReconcileAt !== desired.lastHandledReconcileAt
  );
}
