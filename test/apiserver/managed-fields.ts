import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json.js';
import { formatKubeTime } from './kube-object.js';

/** One metadata.managedFields entry with its field set as paths (`spec\u0000size`). */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource: string;
  fields: Set<string>;
}

const SEP = '\u0000';
/** Members the server owns; no manager tracks them. */
const UNTRACKED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

export type FieldScope = 'all' | 'main' | 'status';

/**
 * The paths an object sets, as a field manager would own them: every map member, with maps and
 * lists as nodes of their own. Lists are atomic here (the real server tracks list items by key).
 */
export function fieldPathsOf(object: JsonObject, scope: FieldScope): Set<string> {
  const paths = new Set<string>();
  const visit = (value: JsonValue, prefix: string): void => {
    if (!isJsonObject(value)) return;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      const path = prefix ? `${prefix}${SEP}${key}` : key;
      paths.add(path);
      visit(member, path);
    }
  };
  for (const [key, member] of Object.entries(object)) {
    if (member === undefined || key === 'apiVersion' || key === 'kind') continue;
    if (scope === 'main' && key === 'status') continue;
    if (scope === 'status' && key !== 'status') continue;
    if (key === 'metadata' && isJsonObject(member)) {
      for (const [metaKey, metaMember] of Object.entries(member)) {
        if (metaMember === undefined || UNTRACKED_METADATA.has(metaKey)) continue;
        const path = `metadata${SEP}${metaKey}`;
        paths.add(path);
        visit(metaMember, path);
      }
      continue;
    }
    paths.add(key);
    visit(member, key);
  }
  return paths;
}

export function valueAtPath(object: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = object;
  for (const key of path.split(SEP)) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

/** Whether the value at path differs in a way that makes the writer its owner. */
function changedAt(before: JsonValue, after: JsonValue, path: string): boolean {
  const a = valueAtPath(before, path);
  const b = valueAtPath(after, path);
  if (isJsonObject(b)) return !isJsonObject(a);
  return !jsonEqual(a, b);
}

/** `.spec.size`: a path as fieldpath.Path prints it in conflict messages. */
export function printPath(path: string): string {
  return path
    .split(SEP)
    .map((k) => `.${k}`)
    .join('');
}

export function parseManagedFields(raw: JsonObject[] | undefined): ManagerEntry[] {
  const entries: ManagerEntry[] = [];
  for (const entry of raw ?? []) {
    const fields = new Set<string>();
    const walk = (node: JsonValue | undefined, prefix: string): void => {
      if (!isJsonObject(node)) return;
      for (const [key, child] of Object.entries(node)) {
        if (key === '.') continue;
        const name = key.startsWith('f:') ? key.slice(2) : key;
        const path = prefix ? `${prefix}${SEP}${name}` : name;
        // A node with members is owned only when marked "."; a leaf is owned by being there.
        if (!isJsonObject(child) || Object.keys(child).length === 0 || '.' in child)
          fields.add(path);
        walk(child, path);
      }
    };
    walk(entry.fieldsV1, '');
    entries.push({
      manager: typeof entry.manager === 'string' ? entry.manager : '',
      operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
      time: typeof entry.time === 'string' ? entry.time : '',
      subresource: typeof entry.subresource === 'string' ? entry.subresource : '',
      fields,
    });
  }
  return entries;
}

/** FieldsV1 as the real server writes it: `{"f:spec":{".":{},"f:size":{}}}`. */
function toFieldsV1(fields: ReadonlySet<string>): JsonObject {
  const root: JsonObject = {};
  for (const path of [...fields].sort()) {
    let node = root;
    const keys = path.split(SEP);
    keys.forEach((key, i) => {
      const name = `f:${key}`;
      const existing = node[name];
      const child: JsonObject = isJsonObject(existing) ? existing : {};
      node[name] = child;
      // A member that is itself owned and has owned children is marked with ".".
      if (
        i < keys.length - 1 &&
        fields.has(keys.slice(0, i + 1).join(SEP)) &&
        keys.slice(0, i + 1).join(SEP) !== 'metadata'
      ) {
        child['.'] = {};
      }
      node = child;
    });
  }
  return root;
}

export function serializeManagedFields(entries: readonly ManagerEntry[]): JsonObject[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => {
      const out: JsonObject = {
        manager: e.manager,
        operation: e.operation,
        apiVersion: e.apiVersion,
        time: e.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(e.fields),
      };
      if (e.subresource) out.subresource = e.subresource;
      return out;
    });
}

export interface ManagerIdentity {
  manager: string;
  apiVersion: string;
  subresource: string;
  now: Date;
}

function sameEntry(
  e: ManagerEntry,
  who: Pick<ManagerIdentity, 'manager' | 'subresource'>,
  operation: 'Apply' | 'Update',
): boolean {
  return (
    e.manager === who.manager && e.operation === operation && e.subresource === who.subresource
  );
}

/** An Update (create, PUT, patch): the writer takes over what it changed; removed fields leave every set. */
export function recordUpdate(
  entries: readonly ManagerEntry[],
  before: JsonObject,
  after: JsonObject,
  who: ManagerIdentity,
  scope: FieldScope,
): ManagerEntry[] {
  const beforePaths = fieldPathsOf(before, scope);
  const afterPaths = fieldPathsOf(after, scope);
  const changed = [...afterPaths].filter((p) => changedAt(before, after, p));
  const removed = [...beforePaths].filter((p) => !afterPaths.has(p));
  if (changed.length === 0 && removed.length === 0) return [...entries];
  const next = entries.map((e) => ({ ...e, fields: new Set(e.fields) }));
  for (const entry of next) {
    for (const p of [...changed, ...removed]) entry.fields.delete(p);
  }
  let mine = next.find((e) => sameEntry(e, who, 'Update'));
  if (!mine) {
    mine = { ...who, operation: 'Update', time: '', fields: new Set() };
    next.push(mine);
  }
  for (const p of changed) mine.fields.add(p);
  mine.time = formatKubeTime(who.now);
  mine.apiVersion = who.apiVersion;
  return next.filter((e) => e.fields.size > 0);
}

export interface ApplyConflict {
  manager: ManagerEntry;
  path: string;
}

/** The fields an Apply takes: conflicts are fields another manager owns with a different value. */
export function applyConflicts(
  entries: readonly ManagerEntry[],
  current: JsonObject,
  applied: JsonObject,
  who: ManagerIdentity,
  scope: FieldScope,
): ApplyConflict[] {
  const conflicts: ApplyConflict[] = [];
  for (const path of fieldPathsOf(applied, scope)) {
    const value = valueAtPath(applied, path);
    if (isJsonObject(value)) continue;
    if (jsonEqual(value, valueAtPath(current, path))) continue;
    for (const entry of entries) {
      if (sameEntry(entry, who, 'Apply')) continue;
      if (entry.fields.has(path)) conflicts.push({ manager: entry, path });
    }
  }
  return conflicts;
}

/** After an Apply: this manager owns exactly what it applied; forced conflicts leave other sets. */
export function recordApply(
  entries: readonly ManagerEntry[],
  applied: JsonObject,
  forced: readonly ApplyConflict[],
  who: ManagerIdentity,
  scope: FieldScope,
): ManagerEntry[] {
  const next = entries.map((e) => ({ ...e, fields: new Set(e.fields) }));
  for (const conflict of forced) {
    next
      .find((e) => sameEntry(e, conflict.manager, conflict.manager.operation))
      ?.fields.delete(conflict.path);
  }
  const fields = fieldPathsOf(applied, scope);
  const mine = next.find((e) => sameEntry(e, who, 'Apply'));
  const time = formatKubeTime(who.now);
  if (mine) {
    // An apply that takes the same fields again leaves the entry (and so the object) untouched.
    const same = mine.fields.size === fields.size && [...fields].every((p) => mine.fields.has(p));
    mine.fields = fields;
    if (!same || forced.length > 0) mine.time = time;
    mine.apiVersion = who.apiVersion;
  } else {
    next.push({ ...who, operation: 'Apply', time, fields });
  }
  return next.filter((e) => e.fields.size > 0);
}

/** Fields a previous Apply of this manager set that it no longer applies and nobody else owns. */
export function fieldsToRemoveAfterApply(
  entries: readonly ManagerEntry[],
  applied: JsonObject,
  who: ManagerIdentity,
  scope: FieldScope,
): string[] {
  const previous = entries.find((e) => sameEntry(e, who, 'Apply'));
  if (!previous) return [];
  const now = fieldPathsOf(applied, scope);
  return [...previous.fields].filter(
    (p) => !now.has(p) && !entries.some((e) => e !== previous && e.fields.has(p)),
  );
}

/** `"kubectl-client-side-apply" using v1 at 2024-01-01T00:00:00Z`, as conflict messages name managers. */
export function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update')
    text += ` using ${entry.apiVersion}${entry.time ? ` at ${entry.time}` : ''}`;
  return text;
}
