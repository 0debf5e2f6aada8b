import type { KubernetesObject } from '@kubernetes/client-node';
import type { CacheChange, ObjectCache } from './object-cache.js';

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

/** The key of an object, or undefined when it has no name (nothing can be cached without one). */
export function keyOf(object: KubernetesObject): string | undefined {
  const name = object.metadata?.name;
  return name === undefined || name === ''
    ? undefined
    : objectKey(object.metadata?.namespace, name);
}

type Listener<T> = (change: CacheChange, object: T) => void;

/**
 * The state an informer keeps: the objects by key, and who to tell when one changes. Pure (no
 * I/O): the supervisor feeds it list results and watch frames.
 */
export class InformerCache<T extends KubernetesObject> implements ObjectCache<T> {
  private readonly objects = new Map<string, T>();
  private readonly listeners = new Set<Listener<T>>();
  private snapshot: readonly T[] | undefined;
  private isSynced = false;

  /** `onListenerError` hears what a listener threw; the other listeners are still called. */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  list(): readonly T[] {
    this.snapshot ??= Object.freeze([...this.objects.values()]);
    return this.snapshot;
  }

  get(namespace: string, name: string): T | undefined {
    return this.objects.get(objectKey(namespace, name));
  }

  synced(): boolean {
    return this.isSynced;
  }

  onChange(listener: Listener<T>): () => void {
    // Wrapped, so one function registered twice is two listeners, each removed on its own.
    const entry: Listener<T> = (change, object) => {
      listener(change, object);
    };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** An ADDED or MODIFIED object. A resourceVersion already held is no change. */
  upsert(object: T): void {
    const key = keyOf(object);
    if (key === undefined) return;
    const held = this.objects.get(key);
    if (held && sameVersion(held, object)) return;
    this.objects.set(key, object);
    this.changed(held ? 'updated' : 'added', object);
  }

  /** A DELETED object (its last state, as the server sent it). */
  remove(object: T): void {
    const key = keyOf(object);
    if (key === undefined || !this.objects.delete(key)) return;
    this.changed('deleted', object);
  }

  /**
   * A full list: what it holds is added or updated, what the cache holds and it does not was
   * deleted meanwhile (while no watch was there to say so). Marks the cache synced.
   */
  replace(objects: readonly T[]): void {
    const listed = new Set<string>();
    for (const object of objects) {
      const key = keyOf(object);
      if (key !== undefined) listed.add(key);
    }
    for (const [key, held] of [...this.objects]) {
      if (listed.has(key)) continue;
      this.objects.delete(key);
      this.changed('deleted', held);
    }
    for (const object of objects) this.upsert(object);
    this.isSynced = true;
  }

  private changed(change: CacheChange, object: T): void {
    this.snapshot = undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener(change, object);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

function sameVersion(a: KubernetesObject, b: KubernetesObject): boolean {
  const version = a.metadata?.resourceVersion;
  return version !== undefined && version !== '' && version === b.metadata?.resourceVersion;
}
