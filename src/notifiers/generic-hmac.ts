import { createGenericNotifier } from './generic.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { requiredSetting } from './target-validation.js';

/**
 * generic with an `X-Signature` header keyed by the secret's `token`. An empty token would sign
 * with an empty key, which any receiver could forge, so it is refused when the notifier is built.
 */
export function createGenericHmacNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const key = requiredSetting(target, 'token', 'generic-hmac needs a non-empty token to sign with');
  return createGenericNotifier(target, deps, key);
}
