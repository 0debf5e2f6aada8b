import type { OpenApiSchema } from './openapi-schema.js';

/**
 * The root of a custom resource's schema. `metadata` stays a bare object: the API server checks
 * it itself and a CRD may constrain nothing in it but name and generateName.
 */
export function resourceSchema(
  description: string,
  spec: OpenApiSchema,
  status: OpenApiSchema,
): OpenApiSchema {
  return {
    type: 'object',
    description,
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'The versioned schema of this object, e.g. notification.toolkit.fluxcd.io/v1beta3.',
      },
      kind: {
        type: 'string',
        description: 'The REST resource this object represents, in CamelCase.',
      },
      metadata: { type: 'object' },
      spec,
      status,
    },
  };
}

/** A reference by name to an object in the referrer's namespace (Flux's LocalObjectReference). */
export function localReferenceSchema(description: string): OpenApiSchema {
  return {
    type: 'object',
    description,
    required: ['name'],
    properties: { name: { type: 'string', description: 'The name of the referenced object.' } },
  };
}

/** A map of string keys to string values. */
export function stringMapSchema(description: string): OpenApiSchema {
  return { type: 'object', description, additionalProperties: { type: 'string' } };
}
