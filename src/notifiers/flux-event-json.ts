import type { FluxEvent, InvolvedObject } from '../api/event.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { formatRfc3339Seconds, isGoZeroTime, parseEventTime } from './event-time.js';

/** corev1.ObjectReference's fields in Go struct order; all `omitempty`. */
const INVOLVED_OBJECT_FIELDS = [
  'kind',
  'namespace',
  'name',
  'uid',
  'apiVersion',
  'resourceVersion',
  'fieldPath',
] as const satisfies readonly (keyof InvolvedObject)[];

/**
 * The event as Flux's notification-controller sends it (`json.Marshal` of fluxcd/pkg's
 * `event/v1beta1.Event`), byte for byte, so a generic-hmac receiver checks our signature as it
 * checks Flux's: struct field order; `metadata` and `reportingInstance` omitted when empty
 * (`omitempty`), `severity`, `message`, `reason`, `reportingController` always present;
 * timestamp in UTC whole seconds (`null` for Go's zero time); Go's string escaping; no
 * whitespace.
 */
export function encodeFluxEventJson(event: FluxEvent): Buffer {
  const object = event.involvedObject;
  const objectMembers = INVOLVED_OBJECT_FIELDS.flatMap((field) => {
    const value = object[field];
    return value === undefined || value === '' ? [] : [`"${field}":${goJsonString(value)}`];
  });
  const time = parseEventTime(event.timestamp);
  const members = [
    `"involvedObject":{${objectMembers.join(',')}}`,
    `"severity":${goJsonString(event.severity)}`,
    `"timestamp":${isGoZeroTime(time) ? 'null' : goJsonString(formatRfc3339Seconds(time))}`,
    `"message":${goJsonString(event.message)}`,
    `"reason":${goJsonString(event.reason)}`,
  ];
  if (event.metadata !== undefined && Object.keys(event.metadata).length > 0) {
    members.push(`"metadata":${goJsonStringMap(event.metadata)}`);
  }
  members.push(`"reportingController":${goJsonString(event.reportingController)}`);
  if (event.reportingInstance !== undefined && event.reportingInstance !== '') {
    members.push(`"reportingInstance":${goJsonString(event.reportingInstance)}`);
  }
  return Buffer.from(`{${members.join(',')}}`, 'utf8');
}
