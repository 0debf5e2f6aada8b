import { EVENT_GROUP } from './event.js';

/**
 * What a native Kubernetes Event keeps of itself in the Flux event's metadata, under
 * `event.toolkit.fluxcd.io/<key>`. After the metadata merge strips that prefix, notifiers see
 * the bare keys (the Loki line reads them to write Alloy's `count=`, `type=`, `action=`,
 * `eventRV=`).
 */
export const KUBE_EVENT_METADATA_KEYS = Object.freeze({
  /** `count` (or `series.count`) as a decimal string. */
  count: 'count',
  /** `Normal` or `Warning`. */
  type: 'type',
  /** The event's `action`, when the reporter set one. */
  action: 'action',
  /** The Event object's own `metadata.resourceVersion`. */
  resourceVersion: 'resourceVersion',
});

export type KubeEventMetadataKey =
  (typeof KUBE_EVENT_METADATA_KEYS)[keyof typeof KUBE_EVENT_METADATA_KEYS];

/** `event.toolkit.fluxcd.io/count` and friends: the key a source writes. */
export function kubeEventMetadataKey(key: KubeEventMetadataKey): string {
  return `${EVENT_GROUP}/${key}`;
}
