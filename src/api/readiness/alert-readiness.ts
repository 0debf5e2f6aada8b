import { ALERT_KIND, type Alert } from '../alert.js';
import { compileAlertFilters, type FilterCompiler } from '../alert-filters.js';
import type { ObjectLookup } from '../object-lookup.js';
import { DEFAULT_NAMESPACE } from '../object-meta.js';
import type { Provider } from '../provider.js';
import type { Readiness } from './readiness.js';
import { DEFAULT_READINESS_POLICY, type ReadinessPolicy } from './readiness-policy.js';
import { ReadinessReason } from './readiness-reason.js';
import { templateProblem } from './template-readiness.js';
import { providerDescriptor } from '../../providers/provider-registry.js';

/** A Provider with its own readiness, which the Alert's depends on. */
export interface ProviderState {
  provider: Provider;
  readiness: Readiness;
}

type Verdict = Pick<Readiness, 'ready' | 'reason' | 'message'>;

/** Why the Alert's sources break the policy, or undefined when they keep to it. */
function crossNamespaceDenial(
  alert: Alert,
  namespace: string,
  policy: ReadinessPolicy,
): Verdict | undefined {
  if (!policy.noCrossNamespaceRefs) return undefined;
  const index = alert.spec.eventSources.findIndex(
    (source) => source.namespace !== undefined && source.namespace !== namespace,
  );
  const source = alert.spec.eventSources[index];
  if (source === undefined) return undefined;
  return {
    ready: false,
    reason: ReadinessReason.AccessDenied,
    message:
      `spec.eventSources[${String(index)}] (${source.kind}/${source.name}) ` +
      (source.namespace === '*'
        ? 'selects every namespace'
        : `is in namespace '${source.namespace ?? ''}'`) +
      ': cross-namespace references are blocked by --no-cross-namespace-refs, so the Alert ' +
      'sends nothing',
  };
}

function verdict(
  alert: Alert,
  namespace: string,
  providers: ObjectLookup<ProviderState>,
  compileFilters: FilterCompiler,
  policy: ReadinessPolicy,
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
  const templateError = templateProblem(alert.spec.template);
  if (templateError !== undefined)
    return { ready: false, reason: ReadinessReason.InvalidTemplate, message: templateError };
  const denial = crossNamespaceDenial(alert, namespace, policy);
  if (denial !== undefined) return denial;
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
  return { ready: true, reason: ReadinessReason.Succeeded, message: readyMessage(alert, state) };
}

/**
 * Ready, saying when the Alert's template is not used: a template whose Provider is not a chat
 * type changes nothing, and whoever wrote it should learn so.
 */
function readyMessage(alert: Alert, state: ProviderState): string {
  const { type } = state.provider.spec;
  if (alert.spec.template === undefined || providerDescriptor(type)?.class === 'chat')
    return 'Alert is ready';
  return (
    `Alert is ready; its spec.template is not used: Provider '${state.provider.metadata.name}' ` +
    `is of type '${type}', and templates are for the chat provider types only`
  );
}

/**
 * Whether an Alert can dispatch: its Provider (same namespace) exists and is ready and not
 * suspended, its regexes compile, its sources keep to the cross-namespace policy, and it is not
 * suspended itself.
 */
export function alertReadiness(
  alert: Alert,
  providers: ObjectLookup<ProviderState>,
  compileFilters: FilterCompiler = compileAlertFilters,
  policy: ReadinessPolicy = DEFAULT_READINESS_POLICY,
): Readiness {
  const namespace = alert.metadata.namespace ?? DEFAULT_NAMESPACE;
  return {
    kind: ALERT_KIND,
    namespace,
    name: alert.metadata.name,
    ...verdict(alert, namespace, providers, compileFilters, policy),
  };
}
