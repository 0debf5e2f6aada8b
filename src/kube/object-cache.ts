import type { KubernetesObject } from '@kubernetes/client-node';

export type CacheChange = 'added' | 'updated' | 'deleted';

/**
 * A read-only, always-current view of one kind of object, kept by a supervised informer. Its
 * readers are level-based: on any change they read the whole state again.
 */
export interface ObjectCache<T extends KubernetesObject> {
  /** Every object, in no particular order. */
  list(): readonly T[];
  get(namespace: string, name: string): T | undefined;
  /** True once the first list has been received (and stays true across relists). */
  synced(): boolean;
  /** Called after each change is applied; returns a function that removes the listener. */
  onChange(listener: (change: CacheChange, object: T) => void): () => void;
}
