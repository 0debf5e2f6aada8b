import type { ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';

/** The target's token; a type that cannot post without one refuses to be built. */
export function requiredToken(target: ProviderTarget, what: string): string {
  if (target.token === undefined || target.token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', `${target.type} needs ${what}`);
  }
  return target.token;
}
