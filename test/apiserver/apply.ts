import { parse as parseYaml } from 'yaml';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json.js';
import { sortKeysDeep } from './json-order.js';
import {
  applyConflicts,
  describeManager,
  fieldPathsOf,
  fieldsToRemoveAfterApply,
  printPath,
  recordApply,
  type ApplyConflict,
  type FieldScope,
  type ManagerEntry,
  type ManagerIdentity,
  valueAtPath,
} from './managed-fields.js';
import { ApiError, apiErrors, failure } from './status-errors.js';

/** The body of an `application/apply-patch+yaml` request (JSON is YAML too). */
export function parseApplyBody(text: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw apiErrors.badRequest(
      `error decoding YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isJsonObject(parsed))
    throw apiErrors.badRequest('error decoding YAML: the object must be a map');
  return parsed;
}

/** Applied maps merge into the live object; scalars and lists replace what is there. */
function mergeApplied(live: JsonValue | undefined, applied: JsonValue): JsonValue {
  if (!isJsonObject(applied) || !isJsonObject(live)) return cloneJson(applied);
  const result: JsonObject = { ...live };
  for (const [key, value] of Object.entries(applied)) {
    if (value === undefined) continue;
    result[key] = mergeApplied(result[key], value);
  }
  return result;
}

function removePath(object: JsonObject, path: string): void {
  const keys = path.split('\u0000');
  const last = keys.pop();
  let node: JsonValue | undefined = object;
  for (const key of keys) node = isJsonObject(node) ? node[key] : undefined;
  if (isJsonObject(node) && last !== undefined) Reflect.deleteProperty(node, last);
}

/** apierrors.NewApplyConflict, worded as the real field manager words it. */
function conflictError(conflicts: readonly ApplyConflict[]): ApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.manager)}`,
    field: printPath(c.path),
  }));
  let message: string;
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only.manager)}: ${printPath(only.path)}`;
  } else {
    const byManager = new Map<string, { entry: ManagerEntry; paths: string[] }>();
    for (const c of conflicts) {
      const key = describeManager(c.manager);
      const group = byManager.get(key) ?? { entry: c.manager, paths: [] };
      group.paths.push(printPath(c.path));
      byManager.set(key, group);
    }
    const lines = [...byManager.keys()]
      .sort()
      .flatMap((key) => [
        `conflicts with ${key}:`,
        ...(byManager.get(key)?.paths ?? []).map((p) => `- ${p}`),
      ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(failure(409, 'Conflict', message, { causes }));
}

export interface AppliedResult {
  object: JsonObject;
  entries: ManagerEntry[];
}

/**
 * Server-side apply onto the live object: conflicts (409 unless forced), merge, then removal of
 * what this manager applied before but no longer applies and nobody else owns.
 */
export function applyConfiguration(
  live: JsonObject,
  applied: JsonObject,
  entries: readonly ManagerEntry[],
  who: ManagerIdentity,
  force: boolean,
  scope: FieldScope,
): AppliedResult {
  const conflicts = applyConflicts(entries, live, applied, who, scope);
  const upgrading = who.manager === KUBECTL_MANAGER && hasLastApplied(live);
  if (conflicts.length > 0 && !force) {
    // lastAppliedManager: kubectl moving from client-side to server-side apply takes over what
    // its last-applied annotation says it set, as long as the live values still match it.
    const allowed = upgrading ? fieldsStillAsLastApplied(live, scope) : new Set<string>();
    if (!conflicts.every((c) => allowed.has(c.path))) throw conflictError(conflicts);
  }
  // A deep copy: removals and the annotation below must not reach the stored object.
  const merged = mergeApplied(cloneJson(live), applied) as JsonObject;
  for (const path of fieldsToRemoveAfterApply(entries, applied, who, scope))
    removePath(merged, path);
  // lastAppliedUpdater: keep the annotation in step so a return to client-side apply works.
  if (upgrading) setLastApplied(merged, lastAppliedOf(applied));
  return { object: merged, entries: recordApply(entries, applied, conflicts, who, scope) };
}

const KUBECTL_MANAGER = 'kubectl';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function annotationsOf(object: JsonObject): JsonObject | undefined {
  const metadata = object.metadata;
  const annotations = isJsonObject(metadata) ? metadata.annotations : undefined;
  return isJsonObject(annotations) ? annotations : undefined;
}

function hasLastApplied(object: JsonObject): boolean {
  return typeof annotationsOf(object)?.[LAST_APPLIED] === 'string';
}

function fieldsStillAsLastApplied(live: JsonObject, scope: FieldScope): Set<string> {
  const raw = annotationsOf(live)?.[LAST_APPLIED];
  let lastApplied: unknown;
  try {
    lastApplied = typeof raw === 'string' ? JSON.parse(raw) : undefined;
  } catch {
    return new Set();
  }
  if (!isJsonObject(lastApplied)) return new Set();
  return new Set(
    [...fieldPathsOf(lastApplied, scope)].filter((p) =>
      jsonEqual(valueAtPath(lastApplied, p), valueAtPath(live, p)),
    ),
  );
}

/** buildLastApplied: the applied object without the annotation itself, keys sorted like Go maps. */
function lastAppliedOf(applied: JsonObject): string {
  const copy = cloneJson(applied);
  const annotations = annotationsOf(copy);
  if (annotations) {
    Reflect.deleteProperty(annotations, LAST_APPLIED);
    if (Object.keys(annotations).length === 0 && isJsonObject(copy.metadata)) {
      Reflect.deleteProperty(copy.metadata, 'annotations');
    }
  }
  return JSON.stringify(sortKeysDeep(copy));
}

function setLastApplied(object: JsonObject, value: string): void {
  const annotations = annotationsOf(object);
  if (annotations) annotations[LAST_APPLIED] = value;
}
