import { MAX_MESSAGE_LENGTH } from './event.js';

/**
 * An RFC 3339 date-time exactly as Go's `time.Parse(time.RFC3339, …)` reads it (Flux decodes
 * the timestamp with it); the validator checks it with the parser delivery uses.
 */
export const GO_RFC3339_FORMAT = 'go-rfc3339';

const nonEmptyString = { type: 'string', minLength: 1 } as const;
const optionalString = { type: 'string' } as const;

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
        kind: nonEmptyString,
        name: nonEmptyString,
        namespace: nonEmptyString,
        apiVersion: optionalString,
        uid: optionalString,
        resourceVersion: optionalString,
        fieldPath: optionalString,
      },
    },
    severity: { type: 'string', enum: ['trace', 'info', 'error'] },
    timestamp: { type: 'string', format: GO_RFC3339_FORMAT },
    message: { type: 'string', maxLength: MAX_MESSAGE_LENGTH },
    reason: nonEmptyString,
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    reportingController: nonEmptyString,
    reportingInstance: optionalString,
  },
} as const;
