import type { FluxEvent } from '../api/event.js';
import { encodeFluxEventJson } from './flux-event-json.js';
import { truncateText } from './truncate-text.js';

/**
 * The event JSON as Flux encodes it, its message cut (marked) so the whole is at most
 * `maxBytes`: for receivers that take the event itself as one bounded message (a Pub/Sub
 * message, an Event Hubs event). Escaping makes the encoded message longer than the text, so
 * the cut is repeated until it fits; an event too large without its message is sent as it is,
 * for the receiver to refuse.
 */
export function encodeEventJsonWithin(event: FluxEvent, maxBytes: number): Buffer {
  let encoded = encodeFluxEventJson(event);
  let message = event.message;
  while (encoded.length > maxBytes && message !== '') {
    const room = Buffer.byteLength(message, 'utf8') - (encoded.length - maxBytes);
    const cut = truncateText(message, { max: Math.max(0, room), unit: 'bytes' });
    if (cut === message) break;
    message = cut;
    encoded = encodeFluxEventJson({ ...event, message });
  }
  return encoded;
}
