import { providerDescriptor } from '../providers/provider-registry.js';
import {
  isBatchingNotifier,
  type BatchingNotifier,
  type Notifier,
  type NotifierDeps,
  type ProviderTarget,
} from './notifier.js';
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
  const releases: (() => void)[] = [];
  const notifier = descriptor.createNotifier(target, {
    ...deps,
    releaseOnClose: (release) => releases.push(release),
  });
  return releases.length === 0 ? notifier : releasingOnClose(notifier, releases);
}

/**
 * The notifier, releasing what it holds (pooled connections) once it has closed: a replaced
 * Provider's sockets close at once instead of idling out.
 */
export function releasingOnClose(notifier: Notifier, releases: (() => void)[]): Notifier {
  const close = async (signal?: AbortSignal) => {
    try {
      await notifier.close(signal);
    } finally {
      for (const release of releases.splice(0)) release();
    }
  };
  const post: Notifier['post'] = (event, signal, context) => notifier.post(event, signal, context);
  if (!isBatchingNotifier(notifier)) return { post, close };
  const batching: BatchingNotifier = { batching: true, post, close, flush: () => notifier.flush() };
  return batching;
}
