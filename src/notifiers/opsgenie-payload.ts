import type { FluxEvent } from '../api/event.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { truncateText } from './truncate-text.js';

/** Opsgenie's documented limits for an alert's fields, in characters. */
export const OPSGENIE_LIMITS = { message: 130, description: 15_000 } as const;

/**
 * Flux's Opsgenie alert (`internal/notifier/opsgenie.go`) as its `json.Marshal` writes it:
 * `message` `<kind>/<name>`, `description` the event's message, `details` the metadata plus
 * `severity` (which wins over a metadata key of that name), in Go's key order. Fields past
 * Opsgenie's limits are cut with a visible marker rather than left to Opsgenie.
 */
export function encodeOpsgenieAlert(event: FluxEvent): Buffer {
  const { kind, name } = event.involvedObject;
  const details = { ...(event.metadata ?? {}), severity: event.severity };
  const message = truncateText(`${kind}/${name}`, {
    max: OPSGENIE_LIMITS.message,
    unit: 'characters',
  });
  const description = truncateText(event.message, {
    max: OPSGENIE_LIMITS.description,
    unit: 'characters',
  });
  return Buffer.from(
    `{"message":${goJsonString(message)},"description":${goJsonString(description)},` +
      `"details":${goJsonStringMap(details)}}`,
    'utf8',
  );
}
