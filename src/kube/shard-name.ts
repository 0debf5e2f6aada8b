import { createHash } from 'node:crypto';

/**
 * The name of an object one shard owns alone (its Lease, its checkpoint ConfigMap): `base` for
 * replicas that watch everything, else `base-<hash of the selector>`, a valid name whatever the
 * selector holds.
 */
export function shardedName(base: string, watchLabelSelector: string | undefined): string {
  if (watchLabelSelector === undefined) return base;
  const hash = createHash('sha256').update(watchLabelSelector).digest('hex').slice(0, 10);
  return `${base}-${hash}`;
}
