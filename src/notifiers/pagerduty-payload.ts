import type { FluxEvent } from '../api/event.js';
import { formatRfc3339Seconds, parseEventTime } from './event-time.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';
import { splitCamelCase } from './split-camel-case.js';
import { truncateText } from './truncate-text.js';

/** PagerDuty cuts a summary past 1,024 characters; Herald cuts it first, visibly. */
export const PAGERDUTY_MAX_SUMMARY_CHARACTERS = 1_024;

/** `<reason in lower-case words>: <lower kind>/<lower name>`, as Flux words it. */
function summaryOf(event: FluxEvent): string {
  const { kind, name } = event.involvedObject;
  const description = goToLower(splitCamelCase(event.reason).join(' '));
  return truncateText(`${description}: ${goToLower(`${kind}/${name}`)}`, {
    max: PAGERDUTY_MAX_SUMMARY_CHARACTERS,
    unit: 'characters',
  });
}

/** `{"message":…,"metadata":…}`: the metadata is `null` when there is none, as Go's nil map. */
function customDetailsOf(event: FluxEvent): string {
  const metadata = event.metadata ?? {};
  const encoded = Object.keys(metadata).length === 0 ? 'null' : goJsonStringMap(metadata);
  return `{"message":${goJsonString(event.message)},"metadata":${encoded}}`;
}

/** Members that Go's `omitempty` leaves out when empty. */
function optional(name: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`"${name}":${goJsonString(value)}`];
}

/**
 * Flux's Events API v2 event (go-pagerduty's `V2Event`): an error triggers an incident
 * deduplicated by the object's UID, with the payload Flux fills; anything else resolves the
 * incident of that UID, in case one is open.
 */
export function encodePagerDutyEvent(event: FluxEvent, routingKey: string): Buffer {
  const { kind, name, uid } = event.involvedObject;
  const trigger = event.severity === 'error';
  const members = [
    `"routing_key":${goJsonString(routingKey)}`,
    `"event_action":${trigger ? '"trigger"' : '"resolve"'}`,
    ...optional('dedup_key', uid),
  ];
  if (trigger) {
    const payload = [
      `"summary":${goJsonString(summaryOf(event))}`,
      `"source":${goJsonString(`Flux ${event.reportingController}`)}`,
      // Flux maps every error to PagerDuty's `error`.
      '"severity":"error"',
      `"timestamp":${goJsonString(formatRfc3339Seconds(parseEventTime(event.timestamp)))}`,
      ...optional('component', name),
      ...optional('group', kind),
      `"custom_details":${customDetailsOf(event)}`,
    ];
    members.push(`"payload":{${payload.join(',')}}`);
  }
  return Buffer.from(`{${members.join(',')}}`, 'utf8');
}

/** Flux's change event (go-pagerduty's `ChangeEvent`), sent for info events. */
export function encodePagerDutyChangeEvent(event: FluxEvent, routingKey: string): Buffer {
  const payload = [
    `"summary":${goJsonString(summaryOf(event))}`,
    `"source":${goJsonString(`Flux ${event.reportingController}`)}`,
    `"timestamp":${goJsonString(formatRfc3339Seconds(parseEventTime(event.timestamp)))}`,
    `"custom_details":${customDetailsOf(event)}`,
  ];
  return Buffer.from(
    `{"routing_key":${goJsonString(routingKey)},"payload":{${payload.join(',')}}}`,
    'utf8',
  );
}
