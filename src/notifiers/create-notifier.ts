import { providerDescriptor } from '../providers/provider-registry.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { ProviderConfigError } from './provider-config-error.js';

/**
 * Builds the notifier of a resolved provider with its type's constructor in the provider
 * registry. Throws a {@link ProviderConfigError} (stable `code`, masked message) for a type
 * Herald does not deliver to or a configuration that cannot work.
 */
export function createNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const descriptor = providerDescriptor(target.type);
  if (descriptor === undefined) {
    throw new ProviderConfigError(
      'HERALD_PROVIDER_UNSUPPORTED_TYPE',
      `Provider ${target.namespace}/${target.name}: type ${JSON.stringify(target.type)} is not supported`,
    );
  }
  return descriptor.createNotifier(target, deps);
}
