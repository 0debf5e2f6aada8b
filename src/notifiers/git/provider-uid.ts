import type { ProviderTarget } from '../notifier.js';
import { configError } from '../target-validation.js';

/**
 * The Provider object's UID, which change-request comment keys carry so that each cluster
 * keeps its own comment. As Flux, a Provider without one (local mode has none) is refused.
 */
export function providerUidOf(target: ProviderTarget): string {
  const uid = target.resource?.metadata.uid ?? '';
  if (uid === '') {
    throw configError(
      target,
      'HERALD_PROVIDER_UNSUPPORTED_TYPE',
      'provider UID cannot be empty: change-request comments are keyed by it (only a cluster gives one)',
    );
  }
  return uid;
}
