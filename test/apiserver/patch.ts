import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json.js';
import type { Schema } from './schema.js';
import { apiErrors } from './status-errors.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`JSON pointer must start with '/': ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

class JsonPatchError extends Error {}

interface Location {
  parent: JsonObject | JsonValue[];
  key: string;
}

function locate(doc: JsonValue, pointer: string, op: string, missing: string): Location {
  const parts = decodePointer(pointer);
  const last = parts.pop();
  if (last === undefined)
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`);
  let current: JsonValue | undefined = doc;
  for (const part of parts) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isJsonObject(current)) current = current[part];
    else current = undefined;
    if (current === undefined)
      throw new JsonPatchError(
        `${op} operation does not apply: doc is missing ${missing}: ${pointer}`,
      );
  }
  if (!Array.isArray(current) && !isJsonObject(current)) {
    throw new JsonPatchError(
      `${op} operation does not apply: doc is missing ${missing}: ${pointer}`,
    );
  }
  return { parent: current, key: last };
}

function readAt(doc: JsonValue, pointer: string, op: string): JsonValue {
  const { parent, key } = locate(doc, pointer, op, 'path');
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined)
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`);
  return value;
}

function addAt(doc: JsonValue, pointer: string, value: JsonValue, op: string): void {
  const { parent, key } = locate(doc, pointer, op, 'path');
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new JsonPatchError(`${op} operation does not apply: index out of bounds: ${pointer}`);
    }
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
}

function removeAt(doc: JsonValue, pointer: string, op: string): JsonValue {
  const { parent, key } = locate(doc, pointer, op, 'path');
  if (Array.isArray(parent)) {
    const index = Number(key);
    const [removed] = Number.isInteger(index) && index >= 0 ? parent.splice(index, 1) : [];
    if (removed === undefined)
      throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`);
    return removed;
  }
  const removed = parent[key];
  if (removed === undefined)
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`);
  Reflect.deleteProperty(parent, key);
  return removed;
}

/** RFC 6902 JSON patch with evanphx/json-patch's messages; a failing op is a 422 like the real server's. */
export function jsonPatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!Array.isArray(patch)) {
    throw apiErrors.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = cloneJson(target);
  try {
    for (const raw of patch) {
      if (!isJsonObject(raw)) throw new JsonPatchError('invalid JSON patch operation');
      const op = typeof raw.op === 'string' ? raw.op : '';
      const path = typeof raw.path === 'string' ? raw.path : '';
      const from = typeof raw.from === 'string' ? raw.from : '';
      const value = raw.value === undefined ? null : cloneJson(raw.value);
      switch (op) {
        case 'add':
          if (path === '') doc = value;
          else addAt(doc, path, value, 'add');
          break;
        case 'remove':
          removeAt(doc, path, 'remove');
          break;
        case 'replace':
          if (path === '') doc = value;
          else {
            removeAt(doc, path, 'replace');
            addAt(doc, path, value, 'replace');
          }
          break;
        case 'move':
          addAt(doc, path, removeAt(doc, from, 'move'), 'move');
          break;
        case 'copy':
          addAt(doc, path, cloneJson(readAt(doc, from, 'copy')), 'copy');
          break;
        case 'test':
          if (!jsonEqual(readAt(doc, path, 'test'), value)) {
            throw new JsonPatchError(`testing value ${path} failed: test failed`);
          }
          break;
        default:
          throw new JsonPatchError(`Unexpected kind: ${op}`);
      }
    }
  } catch (error) {
    if (error instanceof JsonPatchError) throw apiErrors.patchRejected(error.message);
    throw error;
  }
  return doc;
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

function childSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const declared = schema.properties?.[key];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/**
 * Strategic merge patch for built-in kinds: a merge patch that follows the schema's
 * `x-kubernetes-patch-strategy` (merge lists by key or as sets) and the `$patch`,
 * `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList` directives.
 */
export function strategicMergePatch(
  target: JsonValue | undefined,
  patch: JsonValue,
  schema: Schema | undefined,
): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return null;
  const result: JsonObject = directive === 'replace' || !isJsonObject(target) ? {} : { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (
      value === undefined ||
      key === DIRECTIVE ||
      key === RETAIN_KEYS ||
      key.startsWith(SET_ELEMENT_ORDER)
    )
      continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((item) => !value.some((v) => jsonEqual(v, item)));
      }
      continue;
    }
    if (value === null) {
      Reflect.deleteProperty(result, key);
      continue;
    }
    const sub = childSchema(schema, key);
    const merged = Array.isArray(value)
      ? mergeList(result[key], value, sub)
      : strategicMergePatch(result[key], value, sub);
    if (merged === null && isJsonObject(value) && value[DIRECTIVE] === 'delete')
      Reflect.deleteProperty(result, key);
    else result[key] = merged;
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result))
      if (!retain.includes(key)) Reflect.deleteProperty(result, key);
  }
  return result;
}

function mergeList(
  current: JsonValue | undefined,
  patch: JsonValue[],
  schema: Schema | undefined,
): JsonValue {
  const strategy = schema?.['x-kubernetes-patch-strategy'] ?? '';
  if (!strategy.split(',').includes('merge') || !Array.isArray(current)) {
    return patch
      .filter((item) => !(isJsonObject(item) && item[DIRECTIVE] !== undefined))
      .map((v) => cloneJson(v));
  }
  const mergeKey = schema?.['x-kubernetes-patch-merge-key'];
  const result = [...current];
  for (const item of patch) {
    if (!mergeKey || !isJsonObject(item)) {
      if (!result.some((existing) => jsonEqual(existing, item))) result.push(cloneJson(item));
      continue;
    }
    const index = result.findIndex(
      (existing) => isJsonObject(existing) && jsonEqual(existing[mergeKey], item[mergeKey]),
    );
    if (item[DIRECTIVE] === 'delete') {
      if (index !== -1) result.splice(index, 1);
    } else if (index === -1) {
      const added = strategicMergePatch(undefined, item, schema.items);
      if (added !== null) result.push(added);
    } else {
      const merged = strategicMergePatch(result[index], item, schema.items);
      if (merged !== null) result[index] = merged;
    }
  }
  return result;
}
