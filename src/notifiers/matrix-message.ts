import { createHash } from 'node:crypto';
import type { FluxEvent } from '../api/event.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { fitMessage } from './fit-message.js';
import { encodeFluxEventJson } from './flux-event-json.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { fluxObjectName } from './flux-object-name.js';

/**
 * Flux's Matrix transaction id: the hex SHA-1 of the event as Flux's `json.Marshal` writes it.
 * The same event always gets the same id, so a retried PUT (the homeserver stored the first
 * but its answer was lost) is taken as the same message and not posted twice; Herald computes
 * it over the event as received, before any cut, as Flux does.
 */
export function matrixTransactionId(event: FluxEvent): string {
  return createHash('sha1').update(encodeFluxEventJson(event)).digest('hex');
}

/**
 * Flux's `m.room.message` content (`internal/notifier/matrix.go`) as its `json.Marshal` writes
 * it: `body` then `msgtype: "m.text"`. The body is the emoji (`💫`, `🚨` for errors) with
 * `<lower kind>/<name>.<namespace>`, the message, and `- key: value` per metadata key (Go's key
 * order; Flux ranges over a map). The message is cut so that the content fits `limit` (bytes).
 */
export function encodeMatrixMessage(
  event: FluxEvent,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Buffer {
  const emoji = event.severity === 'error' ? '🚨' : '💫';
  const heading = `${emoji} ${fluxObjectName(event.involvedObject)}`;
  const metadata = event.metadata ?? {};
  const lines = Object.keys(metadata)
    .sort(compareGoStrings)
    .map((key) => `- ${key}: ${metadata[key] ?? ''}\n`)
    .join('');
  const encode = (message: string) =>
    Buffer.from(
      `{"body":${goJsonString(`${heading}\n${message}\n${lines}`)},"msgtype":"m.text"}`,
      'utf8',
    );
  return encode(fitMessage(event.message, limit, (cut) => encode(cut).length));
}
