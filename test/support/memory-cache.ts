import type { CacheChange, NamedObject, ObjectCache } from '../../src/kube/object-cache.js';

/** An ObjectCache a test fills by hand, for code that only reads caches. */
export class MemoryCache<T extends NamedObject> implements ObjectCache<T> {
  readonly #objects = new Map<string, T>();
  readonly #listeners = new Set<(change: CacheChange, object: T) => void>();
  #synced = true;

  constructor(objects: T[] = []) {
    for (const object of objects) this.#objects.set(keyOf(object), object);
  }

  list(): readonly T[] {
    return [...this.#objects.values()];
  }
  get(namespace: string, name: string): T | undefined {
    return this.#objects.get(`${namespace}/${name}`);
  }
  synced(): boolean {
    return this.#synced;
  }
  setSynced(synced: boolean): void {
    this.#synced = synced;
  }
  onChange(listener: (change: CacheChange, object: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  put(object: T): void {
    const change = this.#objects.has(keyOf(object)) ? 'updated' : 'added';
    this.#objects.set(keyOf(object), object);
    for (const listener of this.#listeners) listener(change, object);
  }
  remove(object: T): void {
    this.#objects.delete(keyOf(object));
    for (const listener of this.#listeners) listener('deleted', object);
  }
}

function keyOf(object: NamedObject): string {
  return `${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? ''}`;
}
