import type { JsonObject, JsonValue } from './json.js';

/**
 * A structural OpenAPI v3 schema (apiextensions JSONSchemaProps). Members prefixed `x-herald-`
 * are this server's own and are stripped before a schema is published.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: JsonValue[];
  default?: JsonValue;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-validations'?: JsonValue[];
  /** Marks a built-in (Go-typed) subtree: wrong types fail decoding (400) instead of validation (422). */
  'x-herald-go-type'?: string;
}

/** Shorthands for writing the built-in schemas compactly. */
export const s = {
  string: (description?: string): Schema => ({
    type: 'string',
    ...(description ? { description } : {}),
  }),
  int32: (): Schema => ({ type: 'integer', format: 'int32' }),
  int64: (): Schema => ({ type: 'integer', format: 'int64' }),
  boolean: (): Schema => ({ type: 'boolean' }),
  time: (): Schema => ({ type: 'string', format: 'date-time' }),
  stringMap: (): Schema => ({ type: 'object', additionalProperties: { type: 'string' } }),
  stringList: (): Schema => ({ type: 'array', items: { type: 'string' } }),
  object: (properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({
    type: 'object',
    properties,
    ...extra,
  }),
  arrayOf: (items: Schema, extra: Partial<Schema> = {}): Schema => ({
    type: 'array',
    items,
    ...extra,
  }),
  freeform: (): Schema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
};

/** A copy of a schema fit to publish: this server's own `x-herald-` members removed. */
export function publishableSchema(schema: Schema): JsonObject {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) =>
      key.startsWith('x-herald-') ? undefined : value,
    ),
  ) as JsonObject;
}
