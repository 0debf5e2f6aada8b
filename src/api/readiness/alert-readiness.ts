import { ALERT_KIND, type Alert } from '../alert.js';
import { compileAlertFilters, type FilterCompiler } from '../alert-filters.js';
import type { ObjectLookup } from '../object-lookup.js';
import { DEFAULT_NAMESPACE } from '../object-meta.js';
import type { Provider } from '../provider.js';
import type { Readiness } from './readiness.js';
import { ReadinessReason } from './readiness-reason.js';

/** A Provider with its own readiness, which the Alert's depends on. */
export interface ProviderState {
  provider: Provider;
  readiness: Readiness;
}

type Verdict = Pick<Readiness, 'ready' | 'reason' | 'message'>;

function verdict(
  alert: Alert,
  namespace: string,
  providers: ObjectLookup<ProviderState>,
  compileFilters: FilterCompiler,
): Verdict {
  const providerName = alert.spec.providerRef.name;
  const state = providers(namespace, providerName);
  if (state === undefined) {
    return {
      ready: false,
      reason: ReadinessReason.ProviderNotFound,
      message: `Provider '${providerName}' not found`,
    };
  }
  const filters = compileFilters(alert.spec);
  if (!filters.ok) {
    const [first] = filters.problems;
    const message =
      first === undefined
        ? 'invalid regular expression'
        : `${first.field} is not a valid RE2 regular expression: ${first.error}`;
    return { ready: false, reason: ReadinessReason.InvalidRegex, message };
  }
  if (state.provider.spec.suspend === true) {
    return {
      ready: false,
      reason: ReadinessReason.ProviderNotReady,
      message: `Provider '${providerName}' is suspended`,
    };
  }
  if (!state.readiness.ready) {
    const message = `Provider '${providerName}' is not ready (${state.readiness.reason})`;
    return { ready: false, reason: ReadinessReason.ProviderNotReady, message };
  }
  if (alert.spec.suspend === true)
    return { ready: false, reason: ReadinessReason.Suspended, message: 'Alert is suspended' };
  return { ready: true, reason: ReadinessReason.Succeeded, message: 'Alert is ready' };
}

/**
 * Whether an Alert can dispatch: its Provider (same namespace) exists and is ready and not
 * suspended, its regexes compile, and it is not suspended itself.
 */
export function alertReadiness(
  alert: Alert,
  providers: ObjectLookup<ProviderState>,
  compileFilters: FilterCompiler = compileAlertFilters,
): Readiness {
  const namespace = alert.metadata.namespace ?? DEFAULT_NAMESPACE;
  return {
    kind: ALERT_KIND,
    namespace,
    name: alert.metadata.name,
    ...verdict(alert, namespace, providers, compileFilters),
  };
}
