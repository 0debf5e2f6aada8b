import type { FluxEvent } from '../api/event.js';
import { DeliveryError } from '../http/delivery-error.js';
import { drainWithAbort } from './drain-with-abort.js';
import type { DeliveryContext, Notifier } from './notifier.js';

/** Delivers one event; the signal ends the delivery (its retries included). */
export type DeliverOne = (
  event: FluxEvent,
  signal: AbortSignal,
  context: DeliveryContext,
) => Promise<void>;

const ignore = (): void => undefined;

/**
 * A notifier that posts each event on its own. `close` refuses new events and waits for the
 * deliveries in flight (retries included); its `signal` aborts them instead of waiting.
 */
export function createClosableNotifier(owner: string, deliver: DeliverOne): Notifier {
  const inFlight = new Set<Promise<void>>();
  const lifetime = new AbortController();
  // A queue hands every job the same signal: combine it with the lifetime once, not per event.
  const combined = new WeakMap<AbortSignal, AbortSignal>();
  const signalFor = (signal: AbortSignal) => {
    let both = combined.get(signal);
    if (both === undefined) {
      both = AbortSignal.any([signal, lifetime.signal]);
      combined.set(signal, both);
    }
    return both;
  };
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
        signal === undefined ? lifetime.signal : signalFor(signal),
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
