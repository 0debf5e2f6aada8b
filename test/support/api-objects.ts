import type { Alert, AlertSpec } from '../../src/api/alert.js';
import type { Provider, ProviderSpec } from '../../src/api/provider.js';
import type { Secret } from '../../src/api/secret.js';

/** Builders of API objects for tests, in namespace `apps` unless told otherwise. */
export function provider(name: string, spec: ProviderSpec, namespace = 'apps'): Provider {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: { name, namespace },
    spec,
  };
}

export function alert(name: string, spec: Partial<AlertSpec> = {}, namespace = 'apps'): Alert {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Alert',
    metadata: { name, namespace },
    spec: {
      providerRef: { name: 'slack' },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
      ...spec,
    },
  };
}

/** A Secret as the API server returns it: values in base64 `data`. */
export function secret(name: string, values: Record<string, string>, namespace = 'apps'): Secret {
  const data = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data };
}
