/** JSON values as the API server stores and serves them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy; objects leave the store only as copies so callers cannot change stored state. */
export function cloneJson<T extends JsonValue | undefined>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Structural equality the way Go's reflect.DeepEqual sees decoded JSON (undefined keys ignored). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((k) => a[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => b[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((k) => jsonEqual(a[k], b[k]));
}

/** Reads a nested value, or undefined when any step is missing or not an object. */
export function getPath(
  obj: JsonValue | undefined,
  path: readonly string[],
): JsonValue | undefined {
  let current: JsonValue | undefined = obj;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function getString(obj: JsonValue | undefined, path: readonly string[]): string | undefined {
  const value = getPath(obj, path);
  return typeof value === 'string' ? value : undefined;
}

/** Returns the object at key, creating it when missing. */
export function ensureObject(obj: JsonObject, key: string): JsonObject {
  const existing = obj[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** A shallow copy without the given members. */
export function omitKeys<T extends JsonObject>(obj: T, keys: readonly string[]): T {
  const copy = { ...obj };
  for (const key of keys) Reflect.deleteProperty(copy, key);
  return copy;
}

/** Text of a JSON member for a message: strings as they are, anything else as JSON. */
export function describeValue(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** Drops undefined members so stored objects have only JSON in them. */
export function withoutUndefined<T extends JsonObject>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) Reflect.deleteProperty(obj, key);
  return obj;
}
