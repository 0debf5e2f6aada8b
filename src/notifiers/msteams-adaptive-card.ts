import type { FluxEvent } from '../api/event.js';
import { fluxObjectName } from './flux-object-name.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';

/** The highest Adaptive Card version Teams renders, as Flux declares it. */
const ADAPTIVE_CARD_VERSION = '1.4';

/** Flux shows the Alert's summary as the first fact, the other metadata after it. */
const SUMMARY_KEY = 'summary';

/**
 * Flux's Adaptive Card for Teams Workflows (Power Automate) webhooks, byte for byte as its
 * `json.Marshal` writes its `msAdaptiveCard*` structs (`internal/notifier/teams.go`): a
 * `message` with one `application/vnd.microsoft.card.adaptive` attachment whose body is a
 * Container of three items: the object name as a large bolder TextBlock, the event message as
 * a wrapped TextBlock (`color: attention` for errors), and a FactSet of the metadata,
 * `summary` first and the rest in Go's key order. Go's `omitempty` leaves out an empty
 * message's `text` and an empty FactSet's `facts`; `msteams.width` is `Full`.
 */
export function encodeAdaptiveCard(event: FluxEvent): Buffer {
  const metadata = event.metadata ?? {};
  const keys = Object.keys(metadata)
    .filter((key) => key !== SUMMARY_KEY)
    .sort(compareGoStrings);
  if (Object.hasOwn(metadata, SUMMARY_KEY)) keys.unshift(SUMMARY_KEY);
  const facts = keys.map(
    (key) => `{"title":${goJsonString(key)},"value":${goJsonString(metadata[key] ?? '')}}`,
  );
  const title = textBlock([
    `"text":${goJsonString(fluxObjectName(event.involvedObject))}`,
    '"size":"large"',
    '"weight":"bolder"',
    '"wrap":true',
  ]);
  const message = textBlock([
    ...(event.message === '' ? [] : [`"text":${goJsonString(event.message)}`]),
    ...(event.severity === 'error' ? ['"color":"attention"'] : []),
    '"wrap":true',
  ]);
  const factSet = `{"type":"FactSet"${facts.length === 0 ? '' : `,"facts":[${facts.join(',')}]`}}`;
  const container = `{"type":"Container","items":[${title},${message},${factSet}]}`;
  const content =
    '{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard",' +
    `"version":"${ADAPTIVE_CARD_VERSION}","body":[${container}],"msteams":{"width":"Full"}}`;
  return Buffer.from(
    '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",' +
      `"content":${content}}]}`,
    'utf8',
  );
}

function textBlock(members: readonly string[]): string {
  return `{"type":"TextBlock",${members.join(',')}}`;
}
