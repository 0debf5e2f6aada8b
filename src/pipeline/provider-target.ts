import type { Provider } from '../api/provider.js';
import type { ProviderSettings } from '../api/provider-settings.js';
import { DEFAULT_NAMESPACE } from '../api/object-meta.js';
import { parseDuration } from '../config/duration.js';
import type { ProviderTarget } from '../notifiers/notifier.js';
import { providerDescriptor } from '../providers/provider-registry.js';

/**
 * A Provider and its resolved Secrets as a notifier takes them. Undefined when the Provider's
 * type has no notifier or it has no address (readiness reports both before this is called).
 */
export function toProviderTarget(
  provider: Provider,
  settings: ProviderSettings,
): ProviderTarget | undefined {
  const { type } = provider.spec;
  if (providerDescriptor(type) === undefined) return undefined;
  if (settings.address === undefined) return undefined;
  return {
    type,
    name: provider.metadata.name,
    namespace: provider.metadata.namespace ?? DEFAULT_NAMESPACE,
    address: settings.address.value,
    timeoutMs: parseDuration(settings.timeout),
    headers: settings.headers,
    ...(settings.channel !== undefined && { channel: settings.channel }),
    ...(settings.username !== undefined && { username: settings.username }),
    ...(settings.password !== undefined && { password: settings.password }),
    ...(settings.token !== undefined && { token: settings.token }),
    ...(settings.proxy !== undefined && { proxy: proxyUrl(settings.proxy) }),
    ...(settings.tls !== undefined && { tls: settings.tls }),
    ...(settings.secretData !== undefined && { secretData: settings.secretData }),
    resource: provider,
  };
}

/** The proxy URL with the proxySecretRef credentials folded in, as an HTTP client takes it. */
function proxyUrl(proxy: NonNullable<ProviderSettings['proxy']>): string {
  if (proxy.username === undefined) return proxy.value;
  const url = new URL(proxy.value);
  url.username = proxy.username;
  url.password = proxy.password ?? '';
  return url.toString();
}
