import { objectKey } from './kube-object.js';
import type { ObjectWriter } from './object-writer.js';
import type { ResourceRegistry } from './resource-registry.js';
import type { ObjectStore } from './store.js';

const EVENTS_KEY = '/events';
const SWEEP_INTERVAL_MS = 1000;

/**
 * core/v1 Events live for a TTL after their last write (an etcd lease on a real server, one hour
 * by default) and then disappear with a DELETED watch event.
 */
export class EventTtl {
  private readonly expiresAt = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly writer: ObjectWriter,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    store.subscribe((event) => {
      if (event.storageKey !== EVENTS_KEY) return;
      if (event.type === 'DELETED') this.expiresAt.delete(event.key);
      else this.expiresAt.set(event.key, this.now().getTime() + this.ttlMs);
    });
    this.timer = setInterval(() => {
      this.expire(false);
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Deletes the events whose TTL has passed, or all of them; returns how many went. */
  expire(all: boolean): number {
    const events = this.registry.find('', 'v1', 'events');
    if (!events) return 0;
    const now = this.now().getTime();
    let count = 0;
    for (const [key, expiry] of [...this.expiresAt]) {
      if (!all && expiry > now) continue;
      const object = this.store.get(EVENTS_KEY, key);
      if (object && objectKey(object.metadata.namespace, object.metadata.name ?? '') === key) {
        this.writer.deleteStored(events.type, events.version, object);
        count++;
      }
      this.expiresAt.delete(key);
    }
    return count;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
