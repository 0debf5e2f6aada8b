import type { ProviderSpec } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import type { Readiness } from '../../src/api/readiness/readiness.js';
import type { Secret } from '../../src/api/secret.js';
import { provider } from './api-objects.js';

/** The readiness of a Provider `apps/p` with `spec`, its Secrets found among `secrets`. */
export function providerReadinessWith(spec: ProviderSpec, secrets: readonly Secret[]): Readiness {
  const lookup = (namespace: string, secretName: string) =>
    secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === secretName);
  return providerReadiness(provider('p', spec), lookup);
}
