import type { FluxEvent } from '../api/event.js';
import { fluxObjectName } from './flux-object-name.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';

/**
 * Flux's legacy Office 365 connector MessageCard, sent to `*.webhook.office.com` addresses,
 * byte for byte as its `json.Marshal` writes `MSTeamsPayload` (`internal/notifier/teams.go`):
 * `@type`, `@context`, `themeColor` (`FF0000` for errors, `0076D7` otherwise), `summary` (the
 * object name), then one section: `activityTitle` (the message), `activitySubtitle` (the
 * object name) and a fact per metadata key (`[]` when there is none).
 *
 * Flux ranges over a Go map for the facts; Herald sends them in Go's key order, one of the
 * orders Flux can send.
 */
export function encodeMessageCard(event: FluxEvent): Buffer {
  const objectName = goJsonString(fluxObjectName(event.involvedObject));
  const metadata = event.metadata ?? {};
  const facts = Object.keys(metadata)
    .sort(compareGoStrings)
    .map((key) => `{"name":${goJsonString(key)},"value":${goJsonString(metadata[key] ?? '')}}`);
  const section =
    `{"activityTitle":${goJsonString(event.message)},"activitySubtitle":${objectName},` +
    `"facts":[${facts.join(',')}]}`;
  return Buffer.from(
    '{"@type":"MessageCard","@context":"http://schema.org/extensions",' +
      `"themeColor":"${event.severity === 'error' ? 'FF0000' : '0076D7'}",` +
      `"summary":${objectName},"sections":[${section}]}`,
    'utf8',
  );
}
