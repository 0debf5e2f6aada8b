import type { FluxEvent } from '../api/event.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { fluxObjectName } from './flux-object-name.js';

/**
 * Flux's incident.io alert event (`internal/notifier/incidentio.go`) as its `json.Marshal`
 * writes it: `title` (`<lower kind>/<name>.<namespace>: <reason>`), `status` (`firing` for
 * errors, `resolved` otherwise), `deduplication_key` (the involved object's UID, so a recovery
 * resolves the alert its failure fired, and clusters never share a key), `description` (the
 * message, left out when empty) and `metadata`: the event's, then `severity`, `reason` and
 * `reportingController` (when set) over it, keys sorted.
 */
export function encodeIncidentIoPayload(event: FluxEvent): Buffer {
  const { uid } = event.involvedObject;
  const metadata: Record<string, string> = {
    ...event.metadata,
    severity: event.severity,
    reason: event.reason,
    ...(event.reportingController === '' ? {} : { reportingController: event.reportingController }),
  };
  const members = [
    `"title":${goJsonString(`${fluxObjectName(event.involvedObject)}: ${event.reason}`)}`,
    `"status":${event.severity === 'error' ? '"firing"' : '"resolved"'}`,
    `"deduplication_key":${goJsonString(uid ?? '')}`,
    ...(event.message === '' ? [] : [`"description":${goJsonString(event.message)}`]),
    `"metadata":${goJsonStringMap(metadata)}`,
  ];
  return Buffer.from(`{${members.join(',')}}`, 'utf8');
}
