import { ALERT_KIND, type Alert } from '../alert.js';
import { compileAlertFilters, type FilterCompiler } from '../alert-filters.js';
import type { ObjectLookup } from '../object-lookup.js';
import { DEFAULT_NAMESPACE, type ObjectMeta } from '../object-meta.js';
import { PROVIDER_KIND, type Provider } from '../provider.js';
import type { Secret } from '../secret.js';
import { alertReadiness } from './alert-readiness.js';
import { providerReadiness } from './provider-readiness.js';
import { DEFAULT_READINESS_POLICY, type ReadinessPolicy } from './readiness-policy.js';
import type { ReadinessReason } from './readiness-reason.js';

/** Whether one Alert or Provider works, and if not why: the Ready condition, as data. */
export interface Readiness {
  kind: typeof ALERT_KIND | typeof PROVIDER_KIND;
  namespace: string;
  name: string;
  ready: boolean;
  reason: ReadinessReason;
  /** A sentence naming the cause; never a secret value nor a URL. */
  message: string;
}

/** Everything readiness depends on; Secrets of any namespace may be in it. */
export interface ObjectSet {
  alerts: readonly Alert[];
  providers: readonly Provider[];
  secrets: readonly Secret[];
}

function indexByName<T extends { metadata: ObjectMeta }>(objects: readonly T[]): ObjectLookup<T> {
  const index = new Map(objects.map((object) => [keyOf(object.metadata), object]));
  return (namespace, name) => index.get(`${namespace}/${name}`);
}

function keyOf(metadata: ObjectMeta): string {
  return `${metadata.namespace ?? DEFAULT_NAMESPACE}/${metadata.name}`;
}

/**
 * The readiness of every Provider, then of every Alert, of a whole object set, under the
 * controller's policy (its flags). Pure: the reconciler runs it on its caches, local mode on the
 * loaded manifests.
 */
export function evaluateReadiness(
  objects: ObjectSet,
  policy: ReadinessPolicy = DEFAULT_READINESS_POLICY,
  compileFilters: FilterCompiler = compileAlertFilters,
): Readiness[] {
  const secrets = indexByName(objects.secrets);
  const providers = objects.providers.map((provider) => ({
    provider,
    readiness: providerReadiness(provider, secrets, policy),
  }));
  const byName = indexByName(
    providers.map(({ provider, readiness }) => ({
      metadata: provider.metadata,
      provider,
      readiness,
    })),
  );
  const alerts = objects.alerts.map((alert) =>
    alertReadiness(alert, byName, compileFilters, policy),
  );
  return [...providers.map(({ readiness }) => readiness), ...alerts];
}
