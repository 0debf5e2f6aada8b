import type { FluxEvent } from '../api/event.js';
import { DeliveryError } from '../http/delivery-error.js';
import { drainWithAbort } from './drain-with-abort.js';
import type { NotificationContext, Notifier } from './notifier.js';

/** Delivers one event; the signal ends the delivery (its retries included). */
export type DeliverOne = (
  event: FluxEvent,
  signal: AbortSignal,
  context: NotificationContext,
) => Promise<void>;

const ignore = (): void => undefined;

/**
 * A notifier that posts each event on its own. `close` refuses new events and waits for the
 * deliveries in flight (retries included); its `signal` aborts them instead of waiting.
 */
export function createClosableNotifier(owner: string, deliver: DeliverOne): Notifier {
  const inFlight = new Set<Promise<void>>();
  const lifetime = new AbortController();
  let closed = false;
  return {
    async post(event, signal, context = {}) {
      if (closed) {
        throw new DeliveryError('HERALD_NOTIFIER_CLOSED', `${owner}: notifier is closed`, {
          attempts: 0,
        });
      }
      const delivery = deliver(
        event,
        signal === undefined ? lifetime.signal : AbortSignal.any([signal, lifetime.signal]),
        context,
      );
      const settled = delivery.then(ignore, ignore);
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
      await delivery;
    },
    async close(signal) {
      closed = true;
      await drainWithAbort(() => Promise.all([...inFlight]).then(ignore), lifetime, signal);
    },
  };
}
