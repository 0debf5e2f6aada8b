import { EVENT_GROUP, apiGroupOf, type FluxEvent } from '../api/event.js';

const EVENT_PREFIX = `${EVENT_GROUP}/`;

/** Metadata suffixes Flux drops from the involved object's group (case-insensitive). */
const DROPPED_SUFFIXES = ['checksum', 'digest'];

/**
 * Flux's metadata clean-up: keep only `event.toolkit.fluxcd.io/*` and `<group>/*` keys, where
 * group is the involved object's API group, less `<group>/checksum` and `<group>/digest`.
 */
export function cleanMetadata(
  metadata: Readonly<Record<string, string>> | undefined,
  apiVersion: string | undefined,
): Record<string, string> {
  const cleaned: Record<string, string> = {};
  if (metadata === undefined) return cleaned;
  const groupPrefix = `${apiGroupOf(apiVersion)}/`;
  const dropped = DROPPED_SUFFIXES.map((suffix) => `${groupPrefix}${suffix}`.toLowerCase());
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith(EVENT_PREFIX)) cleaned[key] = value;
    else if (key.startsWith(groupPrefix) && !dropped.includes(key.toLowerCase()))
      cleaned[key] = value;
  }
  return cleaned;
}

/**
 * A fresh event holding only the fields Herald knows, with its metadata cleaned. Validated
 * request bodies go through this so unknown fields never travel further.
 */
export function normalizeEvent(input: FluxEvent): FluxEvent {
  const source = input.involvedObject;
  const involvedObject: FluxEvent['involvedObject'] = {
    kind: source.kind,
    name: source.name,
    namespace: source.namespace,
  };
  if (source.apiVersion !== undefined) involvedObject.apiVersion = source.apiVersion;
  if (source.uid !== undefined) involvedObject.uid = source.uid;
  if (source.resourceVersion !== undefined) involvedObject.resourceVersion = source.resourceVersion;
  if (source.fieldPath !== undefined) involvedObject.fieldPath = source.fieldPath;
  const event: FluxEvent = {
    involvedObject,
    severity: input.severity,
    timestamp: input.timestamp,
    message: input.message,
    reason: input.reason,
    metadata: cleanMetadata(input.metadata, source.apiVersion),
    reportingController: input.reportingController,
  };
  if (input.reportingInstance !== undefined) event.reportingInstance = input.reportingInstance;
  return event;
}
