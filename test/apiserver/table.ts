import { ageSince } from './human-duration.js';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { compileJsonPath } from './jsonpath.js';
import type { KubeObject } from './kube-object.js';
import type { PrinterColumn, TableDefinition } from './resource-type.js';

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const nameColumn: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
  priority: 0,
};

export function column(
  name: string,
  description: string,
  extra: Partial<PrinterColumn> = {},
): PrinterColumn {
  return { name, type: 'string', format: '', description, priority: 0, ...extra };
}

export const ageColumn = column('Age', CREATION_TIMESTAMP_DESCRIPTION);

/** `age` cell of the usual printers. */
export function ageCell(object: KubeObject, now: Date): string {
  return ageSince(object.metadata.creationTimestamp, now);
}

/** rest.NewDefaultTableConvertor: Name and Created At, what kinds without a printer show. */
export const defaultTable: TableDefinition = {
  columns: [nameColumn, column('Created At', CREATION_TIMESTAMP_DESCRIPTION, { type: 'date' })],
  cells: (object) => [object.metadata.name ?? '', object.metadata.creationTimestamp ?? null],
};

export interface CrdPrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The table convertor of apiextensions-apiserver, built from additionalPrinterColumns. */
export function crdTable(printerColumns: readonly CrdPrinterColumn[]): TableDefinition {
  const paths = printerColumns.map((c) => compileJsonPath(c.jsonPath));
  return {
    columns: [
      nameColumn,
      ...printerColumns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description:
          c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells: (object, now) => [
      object.metadata.name ?? '',
      ...printerColumns.map((c, i) => {
        const found = paths[i]?.(object)[0];
        return found === undefined ? null : cellForJsonValue(c.type, found, now);
      }),
    ],
  };
}

function cellForJsonValue(type: string, value: JsonValue, now: Date): JsonValue {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return goPrint(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? ageSince(value, now) : null;
    default:
      return null;
  }
}

/** fmt.Print of a decoded JSON value, as the JSONPath printer writes a string cell. */
function goPrint(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  const entries = Object.keys(value)
    .sort()
    .flatMap((k) => {
      const member = value[k];
      return member === undefined ? [] : [`${k}:${goPrint(member)}`];
    });
  return `map[${entries.join(' ')}]`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  noHeaders: boolean;
  now: Date;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A meta.k8s.io/v1 Table of the objects; rows carry the object as PartialObjectMetadata by default. */
export function buildTable(
  table: TableDefinition,
  objects: readonly KubeObject[],
  listMeta: ListMeta,
  options: TableOptions,
): JsonObject {
  const metadata: JsonObject = { resourceVersion: listMeta.resourceVersion };
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined)
    metadata.remainingItemCount = listMeta.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    // The real server writes null (not []) when headers are suppressed.
    columnDefinitions: options.noHeaders ? null : table.columns.map((c) => ({ ...c })),
    rows: objects.map((object) => {
      const row: JsonObject = { cells: table.cells(object, options.now) };
      if (options.includeObject === 'Object') row.object = cloneJson(object);
      else if (options.includeObject === 'Metadata') row.object = partialObjectMetadata(object);
      return row;
    }),
  };
}

export function partialObjectMetadata(object: KubeObject): JsonObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: isJsonObject(object.metadata) ? cloneJson(object.metadata) : {},
  };
}
