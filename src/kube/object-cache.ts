export type CacheChange = 'added' | 'updated' | 'deleted';

/**
 * A read-only, always-current view of one kind of object, kept by a supervised informer. Its
 * readers are level-based: on any change they read the whole state again.
 */
/** Anything with Kubernetes object metadata (client-node's typed objects and Herald's own). */
export interface NamedObject {
  metadata?: { name?: string; namespace?: string };
}

export interface ObjectCache<T extends NamedObject> {
  /** Every object, in no particular order. */
  list(): readonly T[];
  get(namespace: string, name: string): T | undefined;
  /** True once the first list has been received (and stays true across relists). */
  synced(): boolean;
  /** Called after each change is applied; returns a function that removes the listener. */
  onChange(listener: (change: CacheChange, object: T) => void): () => void;
}
