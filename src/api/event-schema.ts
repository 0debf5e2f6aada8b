import { MAX_MESSAGE_LENGTH } from './event.js';

/**
 * An RFC 3339 date-time exactly as Go's `time.Parse(time.RFC3339, …)` reads it (Flux decodes
 * the timestamp with it); the validator checks it with the parser delivery uses.
 */
export const GO_RFC3339_FORMAT = 'go-rfc3339';

/** Printable ASCII only: `reportingController` is sent as the `gotk-component` header. */
export const HEADER_VALUE_FORMAT = 'http-header-value';

/**
 * `maxLength` (in code points) that costs nothing for a string already short enough in UTF-16
 * units: ajv's own `maxLength` counts the code points of every string on every request.
 */
export const MAX_CHARACTERS_KEYWORD = 'maxCharacters';

/** Limits the sum of the lengths of an object's keys and string values. */
export const MAX_TOTAL_LENGTH_KEYWORD = 'maxTotalLength';

/**
 * Longest value of each Event field, in characters. Each is a limit Kubernetes puts on what
 * the field holds, so no Flux controller or Kubernetes object reaches it; past it, an event
 * could be accepted and then refused by a receiver (a megabyte `gotk-component` header, a
 * Loki line or webhook body too large), so the Event API refuses it instead.
 */
export const EVENT_FIELD_LIMITS = {
  /** A custom resource's kind must lower-case to a DNS-1035 label; built-in kinds are shorter. */
  kind: 63,
  /** Object names are DNS-1123 subdomains. */
  name: 253,
  /** Namespaces are DNS-1123 labels. */
  namespace: 63,
  /** `<group>/<version>`: a DNS-1123 subdomain and a DNS-1035 label. */
  apiVersion: 253 + 1 + 63,
  /** A UID is a 36-character UUID; Kubernetes sets no limit, this leaves room. */
  uid: 128,
  /** Opaque, but an etcd revision (20 digits at most); Kubernetes sets no limit. */
  resourceVersion: 128,
  /** `spec.containers{name}` and the like; Kubernetes sets no limit. */
  fieldPath: 1024,
  /** events.k8s.io/v1 limits an Event's reason to 128 characters. */
  reason: 128,
  /** events.k8s.io/v1 wants a qualified name: a 253-character prefix, `/`, a 63-character name. */
  reportingController: 253 + 1 + 63,
  /** events.k8s.io/v1 limits the reporting instance to 128 characters. */
  reportingInstance: 128,
  /** Metadata keys are annotation keys (a 253-character prefix, `/`, a 63-character name). */
  metadataKey: 253 + 1 + 63,
  /** Revisions, digests and tokens are far shorter; room for an annotation copied in. */
  metadataValue: 4 * 1024,
  /**
   * All keys and values together: room for many annotations, and small enough that a webhook
   * body, escaped at worst and with the longest message, stays under 1 MiB (nginx's default).
   */
  metadataTotal: 64 * 1024,
} as const;

const limited = (max: number) => ({ type: 'string', [MAX_CHARACTERS_KEYWORD]: max }) as const;
const required = (max: number) =>
  ({ type: 'string', minLength: 1, [MAX_CHARACTERS_KEYWORD]: max }) as const;

/**
 * JSON schema of the Flux Event as controllers POST it. Unknown fields are allowed (and dropped
 * later), as Go's decoder ignores them.
 */
export const eventSchema = {
  type: 'object',
  required: ['involvedObject', 'severity', 'timestamp', 'message', 'reason', 'reportingController'],
  properties: {
    involvedObject: {
      type: 'object',
      required: ['kind', 'name', 'namespace'],
      properties: {
        kind: required(EVENT_FIELD_LIMITS.kind),
        name: required(EVENT_FIELD_LIMITS.name),
        namespace: required(EVENT_FIELD_LIMITS.namespace),
        apiVersion: limited(EVENT_FIELD_LIMITS.apiVersion),
        uid: limited(EVENT_FIELD_LIMITS.uid),
        resourceVersion: limited(EVENT_FIELD_LIMITS.resourceVersion),
        fieldPath: limited(EVENT_FIELD_LIMITS.fieldPath),
      },
    },
    severity: { type: 'string', enum: ['trace', 'info', 'error'] },
    timestamp: { type: 'string', format: GO_RFC3339_FORMAT },
    message: limited(MAX_MESSAGE_LENGTH),
    reason: required(EVENT_FIELD_LIMITS.reason),
    metadata: {
      type: 'object',
      propertyNames: { [MAX_CHARACTERS_KEYWORD]: EVENT_FIELD_LIMITS.metadataKey },
      additionalProperties: limited(EVENT_FIELD_LIMITS.metadataValue),
      [MAX_TOTAL_LENGTH_KEYWORD]: EVENT_FIELD_LIMITS.metadataTotal,
    },
    reportingController: {
      ...required(EVENT_FIELD_LIMITS.reportingController),
      format: HEADER_VALUE_FORMAT,
    },
    reportingInstance: limited(EVENT_FIELD_LIMITS.reportingInstance),
  },
} as const;
