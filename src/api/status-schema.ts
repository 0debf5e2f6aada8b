import type { OpenApiSchema } from './openapi-schema.js';

/** Kubernetes' bounds on metav1.Condition fields, in characters. */
const MAX_CONDITION_TYPE_LENGTH = 316;
const MAX_CONDITION_REASON_LENGTH = 1024;
const MAX_CONDITION_MESSAGE_LENGTH = 32_768;

/** metav1.Condition, with the same constraints as Kubernetes puts on it. */
const conditionSchema: OpenApiSchema = {
  type: 'object',
  description: 'One aspect of the state of the object, e.g. whether it is Ready.',
  required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  properties: {
    type: {
      type: 'string',
      description: 'The aspect, in CamelCase (optionally prefixed by a DNS subdomain and "/").',
      maxLength: MAX_CONDITION_TYPE_LENGTH,
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    },
    status: {
      type: 'string',
      description: 'Whether the aspect holds.',
      enum: ['True', 'False', 'Unknown'],
    },
    observedGeneration: {
      type: 'integer',
      format: 'int64',
      minimum: 0,
      description: 'The metadata.generation this condition was computed from.',
    },
    lastTransitionTime: {
      type: 'string',
      format: 'date-time',
      description: 'When status last changed.',
    },
    reason: {
      type: 'string',
      description: 'A CamelCase identifier of the cause, stable for programs to act on.',
      minLength: 1,
      maxLength: MAX_CONDITION_REASON_LENGTH,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    },
    message: {
      type: 'string',
      description: 'The cause in words, for people; may be empty.',
      maxLength: MAX_CONDITION_MESSAGE_LENGTH,
    },
  },
};

/**
 * The status Herald writes on its objects (Flux's v1beta3 has none): conditions keyed by type,
 * the generation they describe, and whatever the kind adds.
 */
export function statusSchema(
  kind: string,
  extra: Readonly<Record<string, OpenApiSchema>> = {},
): OpenApiSchema {
  return {
    type: 'object',
    description: `What Herald last observed of this ${kind}.`,
    properties: {
      observedGeneration: {
        type: 'integer',
        format: 'int64',
        description: 'The metadata.generation Herald last reconciled.',
      },
      conditions: {
        type: 'array',
        description: `The conditions of the ${kind}; Ready tells whether it works.`,
        items: conditionSchema,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
      },
      ...extra,
    },
  };
}
