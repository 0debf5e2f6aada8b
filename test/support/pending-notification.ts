import type { FluxEvent } from '../../src/api/event.js';
import type { IndexedAlert } from '../../src/pipeline/alert-index.js';
import type { PendingNotification } from '../../src/pipeline/pending-notification.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { indexedAlert } from './indexed-alert.js';

let next = 0;

/**
 * A notification of one event for storm-control tests: the seed event for `Kind/apps/<object>`
 * with `message`, recorded under a fresh ledger id.
 */
export function pendingNotification(
  options: {
    object?: string;
    message?: string;
    severity?: FluxEvent['severity'];
    reason?: string;
    timestamp?: string;
    alert?: IndexedAlert;
  } = {},
): PendingNotification {
  const id = ++next;
  const alert = options.alert ?? indexedAlert();
  const seed = seedEvent();
  return {
    notification: {
      ...seed,
      involvedObject: { ...seed.involvedObject, name: options.object ?? 'webapp' },
      message: options.message ?? `event ${String(id)}`,
      severity: options.severity ?? seed.severity,
      reason: options.reason ?? seed.reason,
      timestamp: options.timestamp ?? seed.timestamp,
    },
    providerKey: alert.provider?.key ?? 'apps/slack',
    alert,
    alerts: [alert],
    acceptedAtMs: id,
    acceptedAt: id,
    deliveryId: `delivery-${String(id)}`,
    ledgerIds: [id],
  };
}
