import type { FluxEvent } from '../api/event.js';
import { parseEventTime } from './event-time.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';

/**
 * Flux's Grafana annotation (`internal/notifier/grafana.go`) as its `json.Marshal` writes it:
 * `when` the event's time in Unix seconds (as Flux sends it, though Grafana reads milliseconds
 * there), `text` `<lower kind>/<name>.<namespace>`, `tags` `flux`, the reporting controller, one
 * `<key>: <value>` per metadata entry, then `kind: `, `name: ` and `namespace: ` of the object.
 * Flux ranges over a Go map for the metadata tags, so their order varies; Herald sends them in
 * Go's key order, one of the orders Flux can send.
 */
export function encodeGrafanaAnnotation(event: FluxEvent): Buffer {
  const { kind, name, namespace } = event.involvedObject;
  const metadata = event.metadata ?? {};
  const tags = [
    'flux',
    event.reportingController,
    ...Object.keys(metadata)
      .sort(compareGoStrings)
      .map((key) => `${key}: ${metadata[key] ?? ''}`),
    `kind: ${kind}`,
    `name: ${name}`,
    `namespace: ${namespace}`,
  ];
  const when = parseEventTime(event.timestamp).epochSeconds;
  const text = `${goToLower(kind)}/${name}.${namespace}`;
  return Buffer.from(
    `{"when":${String(when)},"text":${goJsonString(text)},"tags":[${tags.map(goJsonString).join(',')}]}`,
    'utf8',
  );
}
