import { objectMetaSchema } from './object-meta-schema.js';

/** Secret keys as the API server allows them. */
const SECRET_KEY_PATTERN = '^[-._a-zA-Z0-9]+$';
const MAX_SECRET_KEY_LENGTH = 253;

const secretValues = {
  type: 'object',
  propertyNames: { maxLength: MAX_SECRET_KEY_LENGTH, pattern: SECRET_KEY_PATTERN },
  additionalProperties: { type: 'string' },
} as const;

/** A core/v1 Secret document; base64 of `data` is checked apart, to name the key. */
export const secretSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: objectMetaSchema,
    type: { type: 'string', default: 'Opaque' },
    immutable: { type: 'boolean' },
    data: secretValues,
    stringData: secretValues,
  },
} as const;
