import { describeValue, getPath, getString, isJsonObject, type JsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import { objectMetaSchema } from './object-meta.js';
import {
  compareKubeVersions,
  metadataFields,
  type ResourceType,
  type ResourceVersion,
} from './resource-type.js';
import { publishableSchema, s, type Schema } from './schema.js';
import { compileJsonPath } from './jsonpath.js';
import { crdTable, type CrdPrinterColumn } from './table.js';

/** CRDs without printer columns get an Age column, as the real server adds. */
const DEFAULT_CRD_COLUMNS: CrdPrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function printerColumnsOf(version: JsonObject): CrdPrinterColumn[] {
  const raw = version.additionalPrinterColumns;
  if (!Array.isArray(raw)) return DEFAULT_CRD_COLUMNS;
  return raw.filter(isJsonObject).map((c) => ({
    name: typeof c.name === 'string' ? c.name : '',
    type: typeof c.type === 'string' ? c.type : 'string',
    ...(typeof c.format === 'string' ? { format: c.format } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
    ...(typeof c.priority === 'number' ? { priority: c.priority } : {}),
    jsonPath: typeof c.jsonPath === 'string' ? c.jsonPath : '',
  }));
}

/** The CRD's schema with ObjectMeta decoding in place of whatever it says about metadata. */
function decodingSchema(crdSchema: Schema): Schema {
  return {
    ...crdSchema,
    type: 'object',
    properties: {
      ...crdSchema.properties,
      apiVersion: s.string(),
      kind: s.string(),
      metadata: objectMetaSchema,
    },
  };
}

/** What a 422 is computed against: everything but TypeMeta and ObjectMeta, which are checked apart. */
function validationSchema(crdSchema: Schema): Schema {
  const properties = { ...crdSchema.properties };
  delete properties.apiVersion;
  delete properties.kind;
  delete properties.metadata;
  return { ...crdSchema, properties };
}

function versionOf(version: JsonObject): ResourceVersion {
  const raw = getPath(version, ['schema', 'openAPIV3Schema']);
  const crdSchema: Schema = isJsonObject(raw) ? raw : s.freeform();
  return {
    name: typeof version.name === 'string' ? version.name : '',
    served: version.served !== false,
    storage: version.storage === true,
    schema: decodingSchema(crdSchema),
    validationSchema: validationSchema(crdSchema),
    publishedSchema: publishableSchema(crdSchema),
    statusSubresource: isJsonObject(getPath(version, ['subresources', 'status'])),
    table: crdTable(printerColumnsOf(version)),
    ...(typeof version.deprecationWarning === 'string'
      ? { deprecationWarning: version.deprecationWarning }
      : {}),
  };
}

/** The resource a CustomResourceDefinition serves: what discovery, CRUD and tables are built from. */
export function resourceTypeFromCrd(crd: KubeObject): ResourceType {
  const names = getPath(crd, ['spec', 'names']);
  const namesObj = isJsonObject(names) ? names : {};
  const kind = getString(namesObj, ['kind']) ?? '';
  const rawVersions = getPath(crd, ['spec', 'versions']);
  const versions = (Array.isArray(rawVersions) ? rawVersions.filter(isJsonObject) : [])
    .map(versionOf)
    .sort((a, b) => compareKubeVersions(a.name, b.name));
  const selectable = versions.length
    ? selectableFieldsOf(crd)
    : new Map<string, (o: KubeObject) => string>();
  return {
    group: getString(crd, ['spec', 'group']) ?? '',
    resource: getString(namesObj, ['plural']) ?? '',
    singular: getString(namesObj, ['singular']) ?? kind.toLowerCase(),
    kind,
    listKind: getString(namesObj, ['listKind']) ?? `${kind}List`,
    namespaced: getString(crd, ['spec', 'scope']) === 'Namespaced',
    shortNames: stringList(namesObj.shortNames),
    categories: stringList(namesObj.categories),
    versions,
    builtin: false,
    tracksGeneration: true,
    nameRule: 'dns-subdomain',
    allowCreateOnUpdate: false,
    fieldLabels: new Set(['metadata.name', 'metadata.namespace', ...selectable.keys()]),
    fieldsOf: (o) => {
      const fields = metadataFields(o);
      for (const [label, read] of selectable) fields[label] = read(o);
      return fields;
    },
    hooks: {},
  };
}

/** spec.versions[].selectableFields (one list for all versions here; the storage version's). */
function selectableFieldsOf(crd: KubeObject): Map<string, (o: KubeObject) => string> {
  const fields = new Map<string, (o: KubeObject) => string>();
  const rawVersions = getPath(crd, ['spec', 'versions']);
  const storage = (Array.isArray(rawVersions) ? rawVersions.filter(isJsonObject) : []).find(
    (v) => v.storage === true,
  );
  const selectable = storage?.selectableFields;
  if (!Array.isArray(selectable)) return fields;
  for (const entry of selectable) {
    const jsonPath = isJsonObject(entry) ? entry.jsonPath : undefined;
    if (typeof jsonPath !== 'string') continue;
    const read = compileJsonPath(jsonPath);
    fields.set(jsonPath.replace(/^\./, ''), (o) => {
      const value = read(o)[0];
      return value === undefined || value === null ? '' : describeValue(value);
    });
  }
  return fields;
}
