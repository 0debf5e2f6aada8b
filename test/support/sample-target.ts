import type { ProviderTarget } from '../../src/notifiers/notifier.js';

/** A resolved provider pointing nowhere useful; tests set the address and what they test. */
export function sampleTarget(overrides: Partial<ProviderTarget>): ProviderTarget {
  return {
    type: 'generic',
    name: 'receiver',
    namespace: 'flux-system',
    address: 'http://127.0.0.1:1',
    timeoutMs: 15_000, // Flux's default
    ...overrides,
  };
}
