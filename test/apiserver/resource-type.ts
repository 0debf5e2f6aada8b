import type { FieldError } from './field-errors.js';
import type { JsonObject, JsonValue } from './json.js';
import type { KubeObject } from './kube-object.js';
import type { NameRule } from './object-meta.js';
import type { Schema } from './schema.js';
import type { GroupKind, GroupResource } from './status-errors.js';

/** A meta.k8s.io/v1 TableColumnDefinition. */
export interface PrinterColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** How one version of a resource renders as a Table: its columns and each object's cells. */
export interface TableDefinition {
  columns: readonly PrinterColumn[];
  cells(object: KubeObject, now: Date): JsonValue[];
}

export interface ResourceVersion {
  name: string;
  served: boolean;
  storage: boolean;
  /** Decoding schema: prunes, defaults and type-checks writes. */
  schema: Schema;
  /** Custom resources only: validated after decoding, each violation a 422 cause. */
  validationSchema?: Schema;
  /** The schema published in /openapi/v3 (without this server's own members). */
  publishedSchema: JsonObject;
  statusSubresource: boolean;
  table: TableDefinition;
  deprecationWarning?: string;
}

/** Hooks a built-in kind adds to the generic write path (defaults, conversions, validation). */
export interface KindHooks {
  /** After decoding, before anything else: e.g. Secret `stringData` into `data`. */
  normalize?(object: KubeObject): void;
  /** Defaults a create sets (Namespace phase, Secret type). */
  prepareForCreate?(object: KubeObject): void;
  /** Kind-specific validation of the object about to be stored. */
  validate?(object: KubeObject, old: KubeObject | undefined): FieldError[];
}

export interface ResourceType {
  group: string;
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Served versions first by preference (v1 before v1beta1 before v1alpha1). */
  versions: readonly ResourceVersion[];
  /** Built into the server (not from a CRD): typed list items, strategic merge patch. */
  builtin: boolean;
  /** metadata.generation counts spec changes (custom resources, CRDs); core kinds leave it unset. */
  tracksGeneration: boolean;
  nameRule: NameRule;
  /** Whether a PUT of a missing object creates it (Events and Leases do). */
  allowCreateOnUpdate: boolean;
  /** Field labels a fieldSelector may use, and their values for an object. */
  fieldLabels: ReadonlySet<string>;
  fieldsOf(object: KubeObject): Record<string, string>;
  hooks: KindHooks;
  /** Extra discovery-only subresources (e.g. namespaces/finalize) with their verbs. */
  extraSubresources?: readonly { name: string; verbs: readonly string[] }[];
}

export function groupResourceOf(type: ResourceType): GroupResource {
  return { group: type.group, resource: type.resource };
}

export function groupKindOf(type: ResourceType): GroupKind {
  return { group: type.group, kind: type.kind };
}

/** The key objects of a resource are stored under, shared by all its versions. */
export function storageKeyOf(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The metadata.name / metadata.namespace field labels every resource supports. */
export function metadataFields(object: KubeObject): Record<string, string> {
  return {
    'metadata.name': object.metadata.name ?? '',
    'metadata.namespace': object.metadata.namespace ?? '',
  };
}

/**
 * Orders versions as Kubernetes prefers them: GA before beta before alpha, higher numbers first,
 * then anything that does not look like a Kubernetes version, alphabetically.
 */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stability = m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
