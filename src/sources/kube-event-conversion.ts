import type { CoreV1Event } from '@kubernetes/client-node';
import {
  EVENT_GROUP,
  MAX_MESSAGE_LENGTH,
  type EventSeverity,
  type FluxEvent,
  type InvolvedObject,
} from '../api/event.js';
import { cleanMetadata } from '../pipeline/event-metadata.js';
import { occurrenceCount } from './kube-event-occurrence.js';
import { effectiveTime } from './kube-event-time.js';

/** Why a Kubernetes Event is not converted. */
export type ConversionSkipReason =
  /** No involved object kind or name: nothing an Alert could match. */
  | 'involved-object-incomplete'
  /** None of the Event's times is readable (the API server always sets creationTimestamp). */
  | 'no-time';

export interface ConversionSkip {
  readonly skip: ConversionSkipReason;
}

/** reportingController when the Event names neither `reportingComponent` nor `source.component`. */
export const UNKNOWN_REPORTING_CONTROLLER = 'kubernetes';
/** reason when the Event has none (the Event API requires one). */
export const UNKNOWN_REASON = 'Unknown';
/**
 * The namespace when neither the involved object nor the Event names one. The API server never
 * serves an Event without a namespace; this is where it records those of cluster-scoped objects.
 */
const DEFAULT_NAMESPACE = 'default';

/**
 * A core/v1 Event as a Flux event (the shape Flux controllers POST to the Event API), or why
 * it is skipped.
 *
 * - `involvedObject.namespace`: the involved object's; for a cluster-scoped object (a Node has
 *   none) the Event's own namespace, where Kubernetes records such Events (`default`, usually),
 *   so an Alert in that namespace with `kind: Node` matches them.
 * - `severity`: `Warning` → `error`; `Normal` and any other type → `info` (the type itself is
 *   kept in metadata).
 * - `timestamp`: `series.lastObservedTime`, `lastTimestamp`, `eventTime`, `creationTimestamp`,
 *   the first set, in UTC with microseconds.
 * - `message`: at most 39,000 characters (code points, as the Event API counts them).
 * - metadata: the Event's annotations (Flux records its metadata there), then under
 *   `event.toolkit.fluxcd.io/`: `count`, `type`, `action`, and the Event object's own
 *   `resourceVersion`, `name` and `uid`; empty values are left out. It is already cleaned the
 *   way Herald cleans every event (cleanMetadata), so all of it reaches the notifiers.
 */
export function toFluxEvent(event: CoreV1Event): FluxEvent | ConversionSkip {
  const involvedObject = involvedObjectOf(event);
  if (involvedObject === undefined) return { skip: 'involved-object-incomplete' };
  const timestamp = effectiveTime(event);
  if (timestamp === undefined) return { skip: 'no-time' };
  const converted: FluxEvent = {
    involvedObject,
    severity: severityOf(event.type),
    timestamp,
    message: truncateMessage(event.message ?? ''),
    reason: nonEmpty(event.reason) ?? UNKNOWN_REASON,
    metadata: cleanMetadata(metadataOf(event), involvedObject.apiVersion),
    reportingController:
      nonEmpty(event.reportingComponent) ??
      nonEmpty(event.source?.component) ??
      UNKNOWN_REPORTING_CONTROLLER,
  };
  const reportingInstance = nonEmpty(event.reportingInstance) ?? nonEmpty(event.source?.host);
  if (reportingInstance !== undefined) converted.reportingInstance = reportingInstance;
  return converted;
}

function involvedObjectOf(event: CoreV1Event): InvolvedObject | undefined {
  const source = event.involvedObject;
  const kind = nonEmpty(source.kind);
  const name = nonEmpty(source.name);
  if (kind === undefined || name === undefined) return undefined;
  const namespace =
    nonEmpty(source.namespace) ?? nonEmpty(event.metadata.namespace) ?? DEFAULT_NAMESPACE;
  const involved: InvolvedObject = { kind, name, namespace };
  const apiVersion = nonEmpty(source.apiVersion);
  const uid = nonEmpty(source.uid);
  const resourceVersion = nonEmpty(source.resourceVersion);
  const fieldPath = nonEmpty(source.fieldPath);
  if (apiVersion !== undefined) involved.apiVersion = apiVersion;
  if (uid !== undefined) involved.uid = uid;
  if (resourceVersion !== undefined) involved.resourceVersion = resourceVersion;
  if (fieldPath !== undefined) involved.fieldPath = fieldPath;
  return involved;
}

function severityOf(type: string | undefined): EventSeverity {
  return type === 'Warning' ? 'error' : 'info';
}

function metadataOf(event: CoreV1Event): Record<string, string> {
  const { annotations, resourceVersion, name, uid } = event.metadata;
  const metadata: Record<string, string> = { ...annotations };
  const own: Record<string, string | undefined> = {
    count: String(occurrenceCount(event)),
    type: event.type,
    action: event.action,
    resourceVersion,
    name,
    uid,
  };
  for (const [key, value] of Object.entries(own)) {
    const present = nonEmpty(value);
    if (present !== undefined) metadata[`${EVENT_GROUP}/${key}`] = present;
  }
  return metadata;
}

/** Code points, not UTF-16 units: the Event API's `maxLength` counts as ajv does. */
function truncateMessage(message: string): string {
  // A string never has more code points than UTF-16 units.
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const codePoints = Array.from(message);
  return codePoints.length <= MAX_MESSAGE_LENGTH
    ? message
    : codePoints.slice(0, MAX_MESSAGE_LENGTH).join('');
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}
