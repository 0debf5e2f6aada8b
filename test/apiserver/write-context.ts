import type { JsonObject } from './json.js';
import { orderBySchema, sortKeysDeep } from './json-order.js';
import type { KubeObject } from './kube-object.js';
import { apiVersionOf, type ResourceType, type ResourceVersion } from './resource-type.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** What one write request asks for, decoded from its path and query. */
export interface WriteContext {
  type: ResourceType;
  version: ResourceVersion;
  /** The namespace in the URL (namespaced resources only). */
  namespace: string | undefined;
  subresource: '' | 'status';
  fieldManager: string;
  fieldValidation: FieldValidation;
  dryRun: boolean;
  /** Filled with the texts of `Warning` headers to send. */
  warnings: string[];
}

export interface WriteResult {
  object: KubeObject;
  created: boolean;
}

export interface DeleteResult {
  body: JsonObject;
  /** The stored object was removed (not only marked for deletion). */
  removed: boolean;
}

/** The object as this version serves it: apiVersion and kind first, as the real server writes them. */
export function servedObject(
  object: KubeObject,
  type: ResourceType,
  version: ResourceVersion,
): KubeObject {
  const apiVersion = apiVersionOf(type.group, version.name);
  const head = type.builtin ? { kind: type.kind, apiVersion } : { apiVersion, kind: type.kind };
  return { ...head, ...object, ...head };
}

/** The object in the member order the real server would store and write it in. */
export function canonical(
  object: KubeObject,
  type: ResourceType,
  version: ResourceVersion,
): KubeObject {
  // A placeholder keeps resourceVersion in its place when the store stamps it.
  const withRv: KubeObject = { ...object, metadata: { resourceVersion: '', ...object.metadata } };
  if (!type.builtin) return sortKeysDeep(withRv) as KubeObject;
  const head = { kind: type.kind, apiVersion: apiVersionOf(type.group, version.name) };
  return { ...head, ...(orderBySchema(withRv, version.schema) as KubeObject) };
}
