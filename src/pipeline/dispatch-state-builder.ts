import type { Alert } from '../api/alert.js';
import { compileAlertFilters, type FilterCompiler } from '../api/alert-filters.js';
import { DEFAULT_NAMESPACE, namespacedName } from '../api/object-meta.js';
import type { Provider } from '../api/provider.js';
import { resolveProviderSettings } from '../api/provider-settings.js';
import {
  DEFAULT_READINESS_POLICY,
  type ReadinessPolicy,
} from '../api/readiness/readiness-policy.js';
import { evaluateReadiness, type ObjectSet, type Readiness } from '../api/readiness/readiness.js';
import { ReadinessReason } from '../api/readiness/readiness-reason.js';
import type { Secret } from '../api/secret.js';
import type { Notifier, ProviderTarget } from '../notifiers/notifier.js';
import {
  PROVIDER_CONFIG_ERROR_REASONS,
  ProviderConfigError,
} from '../notifiers/provider-config-error.js';
import { AlertIndex, type IndexedAlert, type IndexedProvider } from './alert-index.js';
import type { DispatchState } from './dispatcher.js';
import { toProviderTarget } from './provider-target.js';
import { groupingOf, pacingOf } from '../storm/storm-settings.js';
import { alertTemplate, providerTemplate } from './alert-template.js';

export interface BuiltDispatchState {
  state: DispatchState;
  /** Every Provider and Alert, ready or not and why: for status and `GET /status`. */
  readiness: Readiness[];
}

export interface DispatchStateOptions {
  /** The controller's flags readiness applies (`--no-cross-namespace-refs`). */
  readonly policy?: ReadinessPolicy;
  readonly compileFilters?: FilterCompiler;
}

/**
 * Turns an object set (from a cluster's caches or from manifests) into what dispatch routes
 * with: the readiness of everything, a notifier per ready Provider, and the Alert index. Pure
 * but for `createNotifier`, which may throw on a configuration readiness did not catch; that
 * Provider is then reported not ready.
 */
export function buildDispatchState(
  objects: ObjectSet,
  createNotifier: (target: ProviderTarget) => Notifier,
  options: DispatchStateOptions = {},
): BuiltDispatchState {
  const { policy = DEFAULT_READINESS_POLICY, compileFilters = compileAlertFilters } = options;
  const readiness = evaluateReadiness(objects, policy, compileFilters);
  const readinessOf = new Map(
    readiness.map((entry) => [`${entry.kind}/${entry.namespace}/${entry.name}`, entry]),
  );
  const secrets = secretLookup(objects.secrets);

  const notifiers = new Map<string, Notifier>();
  const indexedProviders = new Map<string, IndexedProvider>();
  for (const provider of objects.providers) {
    const key = namespacedName(provider.metadata);
    const template = providerTemplate(provider.spec.template);
    const indexed: IndexedProvider = {
      key,
      type: provider.spec.type,
      suspended: provider.spec.suspend === true,
      ...(template === undefined ? {} : { template }),
    };
    const entry = readinessOf.get(`Provider/${key}`);
    if (indexed.suspended) indexedProviders.set(key, indexed);
    else if (entry?.ready === true) {
      const built = buildNotifier(provider, secrets, createNotifier);
      if ('notifier' in built) {
        notifiers.set(key, built.notifier);
        const pacing = pacingOf(provider.spec, built.target);
        indexedProviders.set(key, pacing === undefined ? indexed : { ...indexed, pacing });
      } else {
        readinessOf.set(`Provider/${key}`, { ...entry, ready: false, ...built });
      }
    }
  }

  const alerts = objects.alerts.map((alert) =>
    indexAlert(alert, indexedProviders, readinessOf, compileFilters),
  );
  return {
    state: { index: new AlertIndex(alerts), notifiers },
    readiness: [...readinessOf.values()],
  };
}

/** The Provider's notifier, or why none could be built (a configuration readiness let pass). */
function buildNotifier(
  provider: Provider,
  secrets: (namespace: string, name: string) => Secret | undefined,
  createNotifier: (target: ProviderTarget) => Notifier,
): { notifier: Notifier; target: ProviderTarget } | Pick<Readiness, 'reason' | 'message'> {
  const resolved = resolveProviderSettings(provider, secrets);
  if (!resolved.ok) return resolved;
  const target = toProviderTarget(provider, resolved.settings);
  if (target === undefined) {
    return {
      reason: ReadinessReason.UnsupportedType,
      message: `no notifier for type '${provider.spec.type}'`,
    };
  }
  try {
    return { notifier: createNotifier(target), target };
  } catch (error) {
    if (error instanceof ProviderConfigError) {
      return { reason: PROVIDER_CONFIG_ERROR_REASONS[error.code], message: error.message };
    }
    const message = error instanceof Error ? error.message : 'building the notifier failed';
    return { reason: ReadinessReason.NotifierFailed, message };
  }
}

function indexAlert(
  alert: Alert,
  providers: ReadonlyMap<string, IndexedProvider>,
  readinessOf: ReadonlyMap<string, Readiness>,
  compileFilters: FilterCompiler,
): IndexedAlert {
  const namespace = alert.metadata.namespace ?? DEFAULT_NAMESPACE;
  const key = `${namespace}/${alert.metadata.name}`;
  const compiled = compileFilters(alert.spec);
  const provider = providers.get(`${namespace}/${alert.spec.providerRef.name}`);
  const suspended = alert.spec.suspend === true;
  const readiness = readinessOf.get(`Alert/${key}`);
  const template = alertTemplate(alert, provider);
  // A suspended Provider stays attached so the drop says why; otherwise only a ready Alert
  // routes, and never one whose sources cross namespaces against the policy.
  const routable =
    compiled.ok &&
    template.ok &&
    provider !== undefined &&
    readiness?.reason !== ReadinessReason.AccessDenied &&
    (provider.suspended || suspended || readiness?.ready === true);
  return {
    key,
    namespace,
    ...(alert.metadata.uid === undefined ? {} : { uid: alert.metadata.uid }),
    severity: alert.spec.eventSeverity ?? 'info',
    sources: alert.spec.eventSources,
    filters: compiled.ok ? compiled.filters : { inclusion: [], exclusion: [] },
    eventMetadata: alert.spec.eventMetadata ?? {},
    summary: alert.spec.summary,
    suspended,
    ...(alert.spec.grouping === undefined ? {} : { grouping: groupingOf(alert.spec.grouping) }),
    provider: routable ? provider : undefined,
    resource: alert,
    ...(template.template === undefined ? {} : { template: template.template }),
  };
}

function secretLookup(
  secrets: readonly Secret[],
): (namespace: string, name: string) => Secret | undefined {
  const byKey = new Map(secrets.map((secret) => [namespacedName(secret.metadata), secret]));
  return (namespace, name) => byKey.get(`${namespace}/${name}`);
}
