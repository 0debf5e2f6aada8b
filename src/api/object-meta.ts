/** The part of Kubernetes' ObjectMeta that Herald reads or writes. */
export interface ObjectMeta {
  name: string;
  /** Absent only before defaulting: local mode sets `default`, as kubectl does. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
}

/** A reference to an object in the same namespace as the referrer. */
export interface LocalObjectReference {
  name: string;
}

/** The namespace of an object that names none, as kubectl applies it. */
export const DEFAULT_NAMESPACE = 'default';

/** `namespace/name`, the key of an object in indexes, queues and messages. */
export function namespacedName(metadata: ObjectMeta): string {
  return `${metadata.namespace ?? DEFAULT_NAMESPACE}/${metadata.name}`;
}
