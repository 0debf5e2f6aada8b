import type { FluxEvent } from '../api/event.js';
import { parseEventTime } from './event-time.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';
import { truncateText } from './truncate-text.js';

/** The Events API's limits (https://docs.datadoghq.com/api/latest/events/#post-an-event). */
export const DATADOG_MAX_TEXT_CHARACTERS = 4_000;
export const DATADOG_MAX_TITLE_CHARACTERS = 100;

/**
 * Flux's Datadog event (`internal/notifier/datadog.go`), as the Datadog Go client writes its
 * `EventCreateRequest`: from a map, so keys in alphabetical order, Go's escaping. `title` is
 * `Events from the <kind> <name>/<namespace>` (the wording of Datadog's Kubernetes
 * integration), `text` the message, `alert_type` `error` or `info`, `source_type_name`
 * `fluxcd`, `date_happened` the event's time in Unix seconds, and `tags` the reporting
 * controller, reason, kind, name and namespace, then one `key:value` per metadata key (Flux's
 * map order varies; Herald's is Go's key order), every tag lower-cased as Datadog stores tags.
 * Text and title are cut to Datadog's limits, marked, rather than refused.
 */
export function encodeDatadogEvent(event: FluxEvent): Buffer {
  const { kind, name, namespace } = event.involvedObject;
  const metadata = event.metadata ?? {};
  const tags = [
    `flux_reporting_controller:${event.reportingController}`,
    `flux_reason:${event.reason}`,
    `kube_kind:${kind}`,
    `kube_name:${name}`,
    `kube_namespace:${namespace}`,
    ...Object.keys(metadata)
      .sort(compareGoStrings)
      .map((key) => `${key}:${metadata[key] ?? ''}`),
  ].map(goToLower);
  const title = `Events from the ${kind} ${name}/${namespace}`;
  const members = [
    `"alert_type":${event.severity === 'error' ? '"error"' : '"info"'}`,
    `"date_happened":${parseEventTime(event.timestamp).epochSeconds}`,
    `"source_type_name":"fluxcd"`,
    `"tags":[${tags.map(goJsonString).join(',')}]`,
    `"text":${goJsonString(truncateText(event.message, { max: DATADOG_MAX_TEXT_CHARACTERS, unit: 'characters' }))}`,
    `"title":${goJsonString(truncateText(title, { max: DATADOG_MAX_TITLE_CHARACTERS, unit: 'characters' }))}`,
  ];
  return Buffer.from(`{${members.join(',')}}`, 'utf8');
}
