import { EVENT_GROUP, apiGroupOf, type FluxEvent } from '../api/event.js';
import type { IndexedAlert } from './alert-index.js';

export interface MergedMetadata {
  metadata: Record<string, string>;
  /**
   * Keys set by more than one layer, whatever their values, the higher layer winning: Flux's
   * `MetadataAppendFailed` Warning Event in a cluster.
   */
  conflicts: string[];
}

/**
 * The metadata a notification carries, as Flux builds it. Layers, lowest to highest precedence:
 *   1. `event.toolkit.fluxcd.io/*` of the event, prefix stripped;
 *   2. the Alert's `eventMetadata`;
 *   3. the Alert's `summary`, as `summary`;
 *   4. `<group>/*` of the event (the involved object's API group), prefix stripped.
 * `<group>/token` is dropped before anything else: it is for rate limiting, not for people.
 */
export function mergeNotificationMetadata(event: FluxEvent, alert: IndexedAlert): MergedMetadata {
  const groupPrefix = `${apiGroupOf(event.involvedObject.apiVersion)}/`;
  const eventPrefix = `${EVENT_GROUP}/`;
  // Maps, not plain objects: a key is any string, `__proto__` included, which assigning to
  // an object would swallow (it sets the prototype) instead of keeping.
  const layer1 = new Map<string, string>();
  const layer4 = new Map<string, string>();
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (key.startsWith(eventPrefix)) layer1.set(key.slice(eventPrefix.length), value);
    else if (key.startsWith(groupPrefix) && key !== `${groupPrefix}token`) {
      layer4.set(key.slice(groupPrefix.length), value);
    }
  }
  const layer3 = new Map<string, string>(
    alert.summary === undefined || alert.summary === '' ? [] : [['summary', alert.summary]],
  );

  const merged = new Map<string, string>();
  const conflicts = new Set<string>();
  // 1 → 4: each layer overwrites the ones below it. As Flux, a key two layers set is a
  // conflict even when they agree on its value.
  for (const layer of [layer1, Object.entries(alert.eventMetadata), layer3, layer4]) {
    for (const [key, value] of layer) {
      if (merged.has(key)) conflicts.add(key);
      merged.set(key, value);
    }
  }
  // fromEntries defines own properties, `__proto__` too.
  return { metadata: Object.fromEntries(merged), conflicts: [...conflicts].sort() };
}
