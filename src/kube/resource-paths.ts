import { API_GROUP, API_VERSION } from '../api/group-version.js';
import { RECEIVER_API_VERSION } from '../api/receiver.js';
import type { Config } from '../config/config.js';

/** A resource of the API: its group (`''` for core), version and plural name. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

export const ALERTS: ResourceRef = { group: API_GROUP, version: API_VERSION, plural: 'alerts' };
export const PROVIDERS: ResourceRef = {
  group: API_GROUP,
  version: API_VERSION,
  plural: 'providers',
};
export const RECEIVERS: ResourceRef = {
  group: API_GROUP,
  version: RECEIVER_API_VERSION,
  plural: 'receivers',
};
export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets' };
/** core/v1 Events, the ones kubelet and most controllers record (events.k8s.io/v1 shows them too). */
export const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events' };

/**
 * The collection path to list and watch: every namespace when `namespace` is undefined
 * (`/apis/G/V/plural`, `/api/v1/secrets`), else that one (`/apis/G/V/namespaces/NS/plural`).
 */
export function collectionPath(resource: ResourceRef, namespace?: string): string {
  const root =
    resource.group === ''
      ? `/api/${resource.version}`
      : `/apis/${resource.group}/${resource.version}`;
  return namespace === undefined
    ? `${root}/${resource.plural}`
    : `${root}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`;
}

/**
 * The namespace Herald watches Alerts, Providers and Secrets in: undefined for all of them
 * (`--watch-all-namespaces`, the default), else only `RUNTIME_NAMESPACE`, as Flux's controller
 * restricts its whole cache.
 */
export function watchedNamespace(
  config: Pick<Config, 'watchAllNamespaces' | 'runtimeNamespace'>,
): string | undefined {
  return config.watchAllNamespaces ? undefined : config.runtimeNamespace;
}
