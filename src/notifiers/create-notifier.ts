import { createGenericNotifier } from './generic.js';
import { createGenericHmacNotifier } from './generic-hmac.js';
import { createLokiNotifier } from './loki.js';
import type { Notifier, NotifierDeps, ProviderTarget, ProviderType } from './notifier.js';
import { ProviderConfigError } from './provider-config-error.js';
import { createSlackNotifier } from './slack.js';

type NotifierConstructor = (target: ProviderTarget, deps: NotifierDeps) => Notifier;

/**
 * One constructor per provider type. Adding a provider: its type in `SUPPORTED_PROVIDER_TYPES`,
 * its file, its entry here.
 */
const NOTIFIER_CONSTRUCTORS: Readonly<Record<ProviderType, NotifierConstructor>> = Object.freeze({
  slack: createSlackNotifier,
  generic: (target, deps) => createGenericNotifier(target, deps),
  'generic-hmac': createGenericHmacNotifier,
  loki: createLokiNotifier,
});

/**
 * Builds the notifier of a resolved provider. Throws a {@link ProviderConfigError} (stable
 * `code`, masked message) for an unsupported type or a configuration that cannot work.
 */
export function createNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  // The type comes from a custom resource; the union is a promise the API server did not keep.
  const type: string = target.type;
  const construct = Object.hasOwn(NOTIFIER_CONSTRUCTORS, type)
    ? NOTIFIER_CONSTRUCTORS[type as ProviderType]
    : undefined;
  if (construct === undefined) {
    throw new ProviderConfigError(
      'HERALD_PROVIDER_UNSUPPORTED_TYPE',
      `Provider ${target.namespace}/${target.name}: type ${JSON.stringify(type)} is not supported`,
    );
  }
  return construct(target, deps);
}
