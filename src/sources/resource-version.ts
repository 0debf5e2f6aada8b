/**
 * Kubernetes resourceVersions were opaque to clients until KEP-5504 (GA in v1.35) made them
 * comparable for objects of one resource: a decimal integer without leading zeros, `0` excluded
 * (it is the "any version" marker of list and watch requests). etcd-backed API servers have
 * always produced such values (etcd's store revision), so older servers compare the same way.
 */
const COMPARABLE_RESOURCE_VERSION = /^[1-9][0-9]*$/;

export function isComparableResourceVersion(
  resourceVersion: string | undefined,
): resourceVersion is string {
  return resourceVersion !== undefined && COMPARABLE_RESOURCE_VERSION.test(resourceVersion);
}

/**
 * Orders two resourceVersions of the same resource as client-go's `CompareResourceVersion`
 * does: negative when `a` is older, zero when equal, positive when newer; `undefined` when
 * either is not comparable (an opaque value from a server that is not etcd-backed).
 */
export function compareResourceVersions(
  a: string | undefined,
  b: string | undefined,
): number | undefined {
  if (!isComparableResourceVersion(a) || !isComparableResourceVersion(b)) return undefined;
  // Without leading zeros a longer decimal is larger; of equal length, text order is number order.
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
