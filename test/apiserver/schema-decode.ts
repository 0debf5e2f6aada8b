import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { normalizeKubeTime } from './kube-object.js';
import type { Schema } from './schema.js';

/** A value a Go-typed decoder could not take; the message is Go's encoding/json wording. */
export class DecodeError extends Error {
  readonly code = 'APISERVER_DECODE_FAILED';
}

export interface DecodeOutcome {
  /** Paths of fields dropped because no schema declares them (`spec.foo`, `spec.items[0].bar`). */
  unknownFields: string[];
}

interface Walk {
  unknown: string[];
  rootKind: string;
  applyDefaults: boolean;
}

/**
 * Prunes what the schema does not declare, drops nulls a non-nullable field may not hold, and
 * applies schema defaults, in place. Built-in subtrees (marked with a Go type) reject values of
 * the wrong type as the real server's JSON decoder does; custom-resource subtrees keep them for
 * validation to report.
 */
export function decodeWithSchema(
  root: JsonObject,
  schema: Schema,
  rootKind: string,
  applyDefaults = true,
): DecodeOutcome {
  const walk: Walk = { unknown: [], rootKind, applyDefaults };
  visitObject(root, schema, '', '', walk, isBuiltin(schema), true);
  return { unknownFields: walk.unknown };
}

function isBuiltin(schema: Schema): boolean {
  return schema['x-herald-go-type'] !== undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Returns the decoded value, or undefined to drop it. */
function visit(
  value: JsonValue,
  schema: Schema,
  path: string,
  structPath: string,
  walk: Walk,
  builtin: boolean,
): JsonValue | undefined {
  const goTyped = builtin || isBuiltin(schema);
  if (value === null) return schema.nullable ? null : undefined;
  if (goTyped) {
    checkGoType(value, schema, structPath, walk);
    if (typeof value === 'string' && schema.format === 'date-time') return goTime(value, schema);
  }
  if (
    isJsonObject(value) &&
    (schema.type === 'object' || schema.properties || schema.additionalProperties)
  ) {
    visitObject(value, schema, path, structPath, walk, goTyped, false);
  } else if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === undefined) continue;
      const decoded = visit(item, items, `${path}[${i}]`, structPath, walk, goTyped);
      value[i] = decoded === undefined ? null : decoded;
    }
  }
  return value;
}

function visitObject(
  obj: JsonObject,
  schema: Schema,
  path: string,
  structPath: string,
  walk: Walk,
  builtin: boolean,
  isRoot: boolean,
): void {
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = isRoot || schema['x-kubernetes-embedded-resource'] === true;
  const properties = schema.properties;
  const additional =
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(obj)) {
    const member = obj[key];
    if (member === undefined) continue;
    const declared = properties?.[key];
    let decoded: JsonValue | undefined;
    if (declared)
      decoded = visit(member, declared, join(path, key), join(structPath, key), walk, builtin);
    else if (additional)
      decoded = visit(member, additional, join(path, key), structPath, walk, builtin);
    else if (preserve || schema.additionalProperties === true) decoded = member;
    else if (embedded && (key === 'apiVersion' || key === 'kind')) decoded = member;
    else {
      walk.unknown.push(join(path, key));
      decoded = undefined;
    }
    if (decoded === undefined) Reflect.deleteProperty(obj, key);
    else obj[key] = decoded;
  }
  if (!properties || !walk.applyDefaults) return;
  for (const [key, propSchema] of Object.entries(properties)) {
    if (obj[key] !== undefined || propSchema.default === undefined) continue;
    const defaulted = visit(
      cloneJson(propSchema.default),
      propSchema,
      join(path, key),
      join(structPath, key),
      walk,
      builtin,
    );
    if (defaulted !== undefined) obj[key] = defaulted;
  }
}

/** metav1.Time and MicroTime re-encode what they parse: UTC, seconds or microseconds. */
function goTime(value: string, schema: Schema): string {
  const micro = schema['x-herald-go-type'] === 'v1.MicroTime';
  const normalized = normalizeKubeTime(value, micro);
  if (normalized === undefined) {
    throw new DecodeError(
      `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`,
    );
  }
  return normalized;
}

function jsonTypeName(value: JsonValue): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function goTypeOf(schema: Schema): string {
  const declared = schema['x-herald-go-type'];
  if (declared) return declared;
  if (schema['x-kubernetes-int-or-string']) return 'intstr.IntOrString';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${schema.items ? goTypeOf(schema.items) : 'interface {}'}`;
    case 'object':
    case undefined: {
      const additional = schema.additionalProperties;
      if (typeof additional === 'object') return `map[string]${goTypeOf(additional)}`;
      return 'map[string]interface {}';
    }
  }
}

function fitsType(value: JsonValue, schema: Schema): boolean {
  if (schema['x-kubernetes-int-or-string'])
    return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case undefined:
      return true;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
  }
}

function checkGoType(value: JsonValue, schema: Schema, structPath: string, walk: Walk): void {
  if (fitsType(value, schema)) return;
  const jsonType =
    typeof value === 'number' && schema.type === 'integer'
      ? `number ${String(value)}`
      : jsonTypeName(value);
  const where = structPath ? `Go struct field ${walk.rootKind}.${structPath}` : 'Go value';
  throw new DecodeError(
    `json: cannot unmarshal ${jsonType} into ${where} of type ${goTypeOf(schema)}`,
  );
}
