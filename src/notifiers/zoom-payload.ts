import type { FluxEvent } from '../api/event.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { fluxObjectName } from './flux-object-name.js';

/**
 * Flux's Zoom Team Chat message (`internal/notifier/zoom.go`), the Incoming Webhook's `full`
 * format, as its `json.Marshal` writes it: a head with `<lower kind>/<name>.<namespace>` and the
 * severity as sub head, then a body of one `message` item (its `text` left out when empty) and,
 * when there is metadata, one `fields` item with a `key`/`value` pair per key, sorted.
 */
export function encodeZoomPayload(event: FluxEvent): Buffer {
  const head = `{"text":${goJsonString(fluxObjectName(event.involvedObject))},"sub_head":{"text":${goJsonString(event.severity)}}}`;
  const items = [
    event.message === ''
      ? '{"type":"message"}'
      : `{"type":"message","text":${goJsonString(event.message)}}`,
  ];
  const metadata = event.metadata ?? {};
  const keys = Object.keys(metadata).sort(compareGoStrings);
  if (keys.length > 0) {
    const fields = keys.map(
      (key) => `{"key":${goJsonString(key)},"value":${goJsonString(metadata[key] ?? '')}}`,
    );
    items.push(`{"type":"fields","items":[${fields.join(',')}]}`);
  }
  return Buffer.from(`{"content":{"head":${head},"body":[${items.join(',')}]}}`, 'utf8');
}
