import type { ProviderTarget } from '../notifiers/notifier.js';

/**
 * What makes two targets the same notifier: everything resolved from the Provider and its
 * Secrets, and of the Provider object only what notifiers read (its UID, labels, annotations
 * and spec). A status write or a new resourceVersion keeps the notifier, with its connections,
 * batches, cached tokens and thread order; without this, every Ready condition Herald wrote
 * replaced the notifier it described.
 */
export function notifierIdentity(target: ProviderTarget): string {
  const { resource } = target;
  if (resource === undefined) return JSON.stringify(target);
  const { uid, labels, annotations } = resource.metadata;
  return JSON.stringify({
    ...target,
    resource: { uid, labels, annotations, spec: resource.spec },
  });
}
