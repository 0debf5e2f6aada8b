/**
 * The Flux event (`event.toolkit.fluxcd.io/v1beta1` Event), as controllers POST it to the
 * Event API and as native Kubernetes Events are converted to it.
 */
export interface InvolvedObject {
  kind: string;
  name: string;
  namespace: string;
  apiVersion?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type EventSeverity = 'trace' | 'info' | 'error';

export interface FluxEvent {
  involvedObject: InvolvedObject;
  severity: EventSeverity;
  /** RFC 3339 time at which the event was recorded. */
  timestamp: string;
  message: string;
  reason: string;
  metadata?: Record<string, string>;
  reportingController: string;
  reportingInstance?: string;
}

/** The API group of Flux's event metadata keys, e.g. `event.toolkit.fluxcd.io/token`. */
export const EVENT_GROUP = 'event.toolkit.fluxcd.io';

/** Longest message Flux accepts (its Event type documents 39,000 characters). */
export const MAX_MESSAGE_LENGTH = 39_000;

/**
 * `Kind/namespace/name`: how logs, summaries, groups and Slack threads name an involved object
 * (one spelling, so a thread follows its group).
 */
export function involvedObjectKey({ kind, namespace, name }: InvolvedObject): string {
  return `${kind}/${namespace}/${name}`;
}

/** `kustomize.toolkit.fluxcd.io/v1` → `kustomize.toolkit.fluxcd.io`; `v1` or none → ``. */
export function apiGroupOf(apiVersion: string | undefined): string {
  if (apiVersion === undefined) return '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
