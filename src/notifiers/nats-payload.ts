import type { FluxEvent } from '../api/event.js';
import { encodeFluxEventJson } from './flux-event-json.js';
import { goJsonString } from './go-json-string.js';
import { truncateText } from './truncate-text.js';

/** nats-server's default `max_payload`: what a message may carry when the server says nothing. */
export const NATS_DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** The bytes a message takes inside the JSON, quotes left out: Go escapes some characters. */
function escapedBytes(message: string): number {
  return Buffer.byteLength(goJsonString(message), 'utf8') - 2;
}

/**
 * What Flux publishes: the event's JSON, byte-compatible with Flux's (as `generic` posts it).
 * When it is larger than the server's `max_payload`, the message is cut, visibly, until the
 * whole fits (escaping makes the JSON longer than the text, so this may take a few rounds);
 * undefined when the rest of the event alone is too large.
 */
export function encodeNatsMessage(event: FluxEvent, maxBytes: number): Buffer | undefined {
  const whole = encodeFluxEventJson(event);
  if (whole.length <= maxBytes) return whole;
  const budget = maxBytes - encodeFluxEventJson({ ...event, message: '' }).length;
  if (budget < 0) return undefined;
  let room = budget;
  for (;;) {
    const message = truncateText(event.message, { max: room, unit: 'bytes' });
    const size = escapedBytes(message);
    if (size <= budget) return encodeFluxEventJson({ ...event, message });
    room = Math.min(room - 1, Math.floor((room * budget) / size));
  }
}
