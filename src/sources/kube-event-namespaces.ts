import type { Config } from '../config/config.js';
import { ConfigError } from '../config/flags.js';

/**
 * The namespaces whose Events are watched; empty means every namespace. As Flux's
 * `--watch-all-namespaces=false` keeps a controller to its own namespace, it keeps native
 * Events to `RUNTIME_NAMESPACE` too (the RBAC of such an install grants no more), so naming
 * another namespace in `--kube-events-namespaces` then is a contradiction, refused at start.
 */
export function kubeEventNamespaces(
  config: Pick<Config, 'watchAllNamespaces' | 'kubeEventsNamespaces' | 'runtimeNamespace'>,
): readonly string[] {
  const { watchAllNamespaces, kubeEventsNamespaces, runtimeNamespace } = config;
  if (watchAllNamespaces) return kubeEventsNamespaces;
  const outside = kubeEventsNamespaces.filter((namespace) => namespace !== runtimeNamespace);
  if (outside.length > 0) {
    throw new ConfigError(
      `invalid value for flag --kube-events-namespaces: ${outside.join(', ')} ` +
        `outside RUNTIME_NAMESPACE (${runtimeNamespace}) while --watch-all-namespaces=false`,
    );
  }
  return [runtimeNamespace];
}
