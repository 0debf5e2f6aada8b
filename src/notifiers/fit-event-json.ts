import type { FluxEvent } from '../api/event.js';
import { encodeFluxEventJson } from './flux-event-json.js';
import { truncateText } from './truncate-text.js';

/**
 * The event JSON as Flux encodes it, its message cut (marked) so the whole is at most
 * `maxBytes`: for receivers that take the event itself as one bounded message (a Pub/Sub
 * message, an Event Hubs event). Escaping makes the encoded message longer than its text by a
 * varying amount, so the longest cut that fits is searched for; an event too large even
 * without its message is sent with none, for the receiver to refuse.
 */
export function encodeEventJsonWithin(event: FluxEvent, maxBytes: number): Buffer {
  const whole = encodeFluxEventJson(event);
  if (whole.length <= maxBytes) return whole;
  const encodeCut = (messageBytes: number) =>
    encodeFluxEventJson({
      ...event,
      message: truncateText(event.message, { max: messageBytes, unit: 'bytes' }),
    });
  // The longest cut (in bytes of the message's text) whose encoding fits.
  let fits = 0;
  let tooLong = Buffer.byteLength(event.message, 'utf8');
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (encodeCut(middle).length <= maxBytes) fits = middle;
    else tooLong = middle;
  }
  return encodeCut(fits);
}
