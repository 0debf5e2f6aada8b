import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { Schema } from './schema.js';

/**
 * Member order as the real server writes objects: Go struct field order for built-in kinds (the
 * order their schemas list properties in), alphabetical for custom resources (Go maps sort).
 */
export function sortKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isJsonObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member !== undefined) sorted[key] = sortKeysDeep(member);
  }
  return sorted;
}

export function orderBySchema(value: JsonValue, schema: Schema | undefined): JsonValue {
  if (Array.isArray(value)) return value.map((item) => orderBySchema(item, schema?.items));
  if (!isJsonObject(value)) return value;
  const properties = schema?.properties;
  const additional =
    typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (!properties) {
    // A Go map (or free-form JSON): keys come out sorted.
    const sorted: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const member = value[key];
      if (member !== undefined) sorted[key] = orderBySchema(member, additional);
    }
    return sorted;
  }
  const ordered: JsonObject = {};
  for (const key of [...Object.keys(properties), ...Object.keys(value).sort()]) {
    const member = value[key];
    if (member !== undefined && !(key in ordered))
      ordered[key] = orderBySchema(member, properties[key]);
  }
  return ordered;
}
