import type { KubeObject } from './kube-object.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as watches replay it. `object` carries the change's resourceVersion. */
export interface StoreEvent {
  type: StoreEventType;
  storageKey: string;
  /** `namespace/name` or `name`. */
  key: string;
  rv: number;
  object: KubeObject;
  /** The object before the change (absent for ADDED). */
  previous?: KubeObject;
}

export interface StoreOptions {
  /** How many changes are kept for watches to resume from; older resourceVersions are expired. */
  historyLimit: number;
  /** The first resourceVersion handed out is one more than this. */
  initialResourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/**
 * kube-apiserver serves watches of every resource from a watch cache but core/v1 Events (its
 * cache for them is off by default since 1.20): those read etcd, so a restart keeps their
 * resume positions and only an etcd compaction expires them.
 */
export function isWatchCached(storageKey: string): boolean {
  return storageKey !== '/events';
}

/**
 * All objects of one server instance under one resourceVersion counter, like etcd behind a real
 * server. Stored objects are never mutated; every write replaces them, so readers may keep them.
 */
export class ObjectStore {
  private rv: number;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  /** Every change after this resourceVersion is in `history` (etcd's compaction point). */
  private compactedRv: number;
  /** Where the watch caches start: filled anew from the current state at each restart. */
  private watchCacheStartRv: number;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly options: StoreOptions) {
    this.rv = options.initialResourceVersion;
    this.compactedRv = options.initialResourceVersion;
    this.watchCacheStartRv = options.initialResourceVersion;
  }

  currentResourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch of the resource may resume from (older: 410 Expired). */
  oldestResumableResourceVersion(storageKey: string): number {
    return isWatchCached(storageKey)
      ? Math.max(this.compactedRv, this.watchCacheStartRv)
      : this.compactedRv;
  }

  /** The oldest resourceVersion a list may read at (continue tokens, exact reads: from etcd). */
  oldestReadableResourceVersion(): number {
    return this.compactedRv;
  }

  get(storageKey: string, key: string): KubeObject | undefined {
    return this.buckets.get(storageKey)?.get(key);
  }

  /** Objects in key order (namespace, then name), as etcd lists them. */
  list(storageKey: string, namespace?: string): KubeObject[] {
    const bucket = this.buckets.get(storageKey);
    if (!bucket) return [];
    const keys = [...bucket.keys()].sort();
    const objects: KubeObject[] = [];
    for (const key of keys) {
      const object = bucket.get(key);
      if (object && (namespace === undefined || object.metadata.namespace === namespace))
        objects.push(object);
    }
    return objects;
  }

  count(storageKey: string): number {
    return this.buckets.get(storageKey)?.size ?? 0;
  }

  /** Stores a new object; the caller checked it does not exist. Returns it with its resourceVersion. */
  create(storageKey: string, key: string, object: KubeObject): KubeObject {
    return this.write('ADDED', storageKey, key, object, undefined);
  }

  update(storageKey: string, key: string, object: KubeObject): KubeObject {
    return this.write('MODIFIED', storageKey, key, object, this.get(storageKey, key));
  }

  delete(storageKey: string, key: string): KubeObject | undefined {
    const previous = this.get(storageKey, key);
    if (!previous) return undefined;
    this.buckets.get(storageKey)?.delete(key);
    const rv = ++this.rv;
    // A watch sees the deleted object stamped with the deletion's resourceVersion.
    const object: KubeObject = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(rv) },
    };
    this.record({ type: 'DELETED', storageKey, key, rv, object, previous });
    return object;
  }

  private write(
    type: StoreEventType,
    storageKey: string,
    key: string,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): KubeObject {
    const rv = ++this.rv;
    const stored: KubeObject = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(rv) },
    };
    let bucket = this.buckets.get(storageKey);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(storageKey, bucket);
    }
    bucket.set(key, stored);
    this.record({ type, storageKey, key, rv, object: stored, ...(previous ? { previous } : {}) });
    return stored;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.options.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.options.historyLimit);
      this.compactedRv = dropped.at(-1)?.rv ?? this.compactedRv;
    }
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes to one resource after rv, or 'expired' when some of them are no longer kept. */
  eventsSince(storageKey: string, rv: number): StoreEvent[] | 'expired' {
    if (rv < this.oldestResumableResourceVersion(storageKey)) return 'expired';
    return this.history.filter((e) => e.rv > rv && e.storageKey === storageKey);
  }

  /** The objects of a resource as they were at rv (for continue tokens and exact reads). */
  snapshot(storageKey: string, rv: number): KubeObject[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    const state = new Map(this.buckets.get(storageKey) ?? []);
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i];
      if (!event || event.rv <= rv) break;
      if (event.storageKey !== storageKey) continue;
      if (event.previous) state.set(event.key, event.previous);
      else state.delete(event.key);
    }
    return [...state.keys()].sort().flatMap((k) => {
      const object = state.get(k);
      return object ? [object] : [];
    });
  }

  /**
   * Makes every resourceVersion handed out so far too old to resume from, as an etcd compaction
   * does. The counter moves on so no client can hold a resourceVersion that is still current.
   */
  expireHistory(): number {
    this.rv++;
    this.compactedRv = this.rv;
    this.history = [];
    return this.rv;
  }

  /**
   * A restarted server's watch caches start at the current resourceVersion: resuming a watch of
   * a cached resource from before gets 410; Events, lists and continue tokens read etcd as before.
   */
  restartWatchCaches(): void {
    this.watchCacheStartRv = this.rv;
  }

  /** Drops every object (a restart without state); resourceVersions keep growing and old ones expire. */
  clear(): void {
    this.buckets.clear();
    this.expireHistory();
  }
}
