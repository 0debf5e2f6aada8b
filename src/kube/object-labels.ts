import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import type { InvolvedObject } from '../api/event.js';
import { kubeRequestErrorOf } from './kube-request-error.js';

/** Labels change rarely; a short cache spares the API server a GET per event. */
const LABELS_TTL_MS = 30_000;
const MAX_CACHED_OBJECTS = 10_000;

export type LabelLookup = (object: InvolvedObject) => Promise<Record<string, string>>;

/**
 * The labels of an event's involved object, for Alerts' `matchLabels`: any kind of any group,
 * resolved through discovery by client-node, briefly cached. Rejects when the object cannot be
 * read (no apiVersion on the event, unknown kind, gone, or not allowed by RBAC).
 */
export function objectLabelLookup(api: KubernetesObjectApi): LabelLookup {
  const cache = new LRUCache<string, Record<string, string>>({
    max: MAX_CACHED_OBJECTS,
    ttl: LABELS_TTL_MS,
  });
  return async (object) => {
    if (object.apiVersion === undefined || object.apiVersion === '') {
      throw new Error(`the event names no apiVersion for ${object.kind}/${object.name}`);
    }
    const key = `${object.apiVersion}/${object.kind}/${object.namespace}/${object.name}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let found: Awaited<ReturnType<KubernetesObjectApi['read']>>;
    try {
      found = await api.read({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: { name: object.name, namespace: object.namespace },
      });
    } catch (error) {
      // client-node's own message carries every response header: say what failed, in a line.
      throw kubeRequestErrorOf(error);
    }
    const labels = found.metadata?.labels ?? {};
    cache.set(key, labels);
    return labels;
  };
}
