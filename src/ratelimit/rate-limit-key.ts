import { hash } from 'node:crypto';
import { apiGroupOf, type FluxEvent } from '../api/event.js';

/** Metadata keys (under the involved object's group) that Flux adds to the key, in its order. */
const KEYED_METADATA = ['originRevision', 'revision', 'token'] as const;

/**
 * Flux's rate-limit key, so Herald and Flux suppress the same duplicates: SHA-256 (lowercase
 * hex) of `event/name=…/namespace=…/kind=…/message=…` followed by `originRevision=…`,
 * `revision=…`, `token=…` for those present in the cleaned metadata. Severity, reason, timestamp
 * and any other metadata are deliberately not part of it.
 */
export function rateLimitKey(event: FluxEvent): string {
  const { involvedObject: object, metadata } = event;
  const parts = [
    'event',
    `name=${object.name}`,
    `namespace=${object.namespace}`,
    `kind=${object.kind}`,
    `message=${event.message}`,
  ];
  if (metadata !== undefined) {
    const group = apiGroupOf(object.apiVersion);
    for (const name of KEYED_METADATA) {
      const value = metadata[`${group}/${name}`];
      if (value !== undefined) parts.push(`${name}=${value}`);
    }
  }
  // One-shot hash: about half the cost of createHash().update().digest() per event.
  return hash('sha256', parts.join('/'), 'hex');
}
