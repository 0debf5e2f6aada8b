import { isHttpUrl } from '../http-url.js';
import { addressNotAllowedMessage, refusedHostReason } from '../../http/address-policy.js';
import { ignoredHeaderNames } from '../../http/ignored-headers.js';
import type { ObjectLookup } from '../object-lookup.js';
import { DEFAULT_NAMESPACE } from '../object-meta.js';
import type { AddressReader } from '../../providers/provider-descriptor.js';
import { DELIVERED_PROVIDER_TYPES, providerDescriptor } from '../../providers/provider-registry.js';
import { PROVIDER_KIND, type Provider } from '../provider.js';
import { type ProviderSettings, resolveProviderSettings } from '../provider-settings.js';
import type { Secret } from '../secret.js';
import type { Readiness } from './readiness.js';
import { DEFAULT_READINESS_POLICY, type ReadinessPolicy } from './readiness-policy.js';
import { ReadinessReason } from './readiness-reason.js';
import { commitStatusExprProblem } from './commit-status-expr-readiness.js';
import { threadingProblem } from './threading-readiness.js';
import { providerTemplateProblem } from './template-readiness.js';

type Verdict = Pick<Readiness, 'ready' | 'reason' | 'message'>;

function notReady(reason: ReadinessReason, message: string): Verdict {
  return { ready: false, reason, message };
}

/** How messages name the credentials Secret. */
function credentialsName(provider: Provider): string {
  const name = provider.spec.secretRef?.name;
  return name === undefined ? 'spec.secretRef (not set)' : `Secret '${name}'`;
}

/** Every type needs an address; the message says where one may be set. */
function checkAddressSet(provider: Provider, settings: ProviderSettings): Verdict | undefined {
  const { address } = settings;
  if (address !== undefined && address.value !== '') return undefined;
  const where =
    provider.spec.secretRef === undefined
      ? 'spec.address'
      : `spec.address or the 'address' key of ${credentialsName(provider)}`;
  return notReady(ReadinessReason.InvalidURL, `Provider has no address: set ${where}`);
}

/** The address must be an absolute http(s) URL; the message says where it came from. */
function checkUrl(provider: Provider, settings: ProviderSettings): Verdict | undefined {
  const missing = checkAddressSet(provider, settings);
  if (missing !== undefined) return missing;
  const { address } = settings;
  if (address !== undefined && !isHttpUrl(address.value)) {
    return notReady(ReadinessReason.InvalidURL, `${address.source} is not an absolute http(s) URL`);
  }
  return undefined;
}

/** A proxy, when one is set, must be an absolute http(s) URL. */
function checkProxyUrl(settings: ProviderSettings): Verdict | undefined {
  const { proxy } = settings;
  if (proxy !== undefined && !isHttpUrl(proxy.value)) {
    return notReady(
      ReadinessReason.InvalidURL,
      `the proxy in ${proxy.source} is not an absolute http(s) URL`,
    );
  }
  return undefined;
}

/** An address the type reads itself (a repository, NATS servers…): valid, no host refused. */
function checkOwnAddress(
  provider: Provider,
  settings: ProviderSettings,
  readAddress: AddressReader,
  policy: ReadinessPolicy,
): Verdict | undefined {
  const missing = checkAddressSet(provider, settings);
  if (missing !== undefined || settings.address === undefined) return missing;
  const { value, source } = settings.address;
  const read = readAddress(value);
  if ('invalid' in read) return notReady(ReadinessReason.InvalidURL, `${source} ${read.invalid}`);
  if (policy.allowLinkLocalProviders === true) return undefined;
  for (const host of read.hosts) {
    const reason = refusedHostReason(host);
    if (reason !== undefined) {
      return notReady(
        ReadinessReason.AddressNotAllowed,
        `${source} points at ${addressNotAllowedMessage(reason)}`,
      );
    }
  }
  return undefined;
}

/**
 * Link-local and metadata addresses are refused (unless the policy allows them): a tenant who may
 * create a Provider could otherwise make Herald POST to the node's metadata server, with any
 * headers, and read the answer back. Names that only resolve there are refused when connecting.
 */
function checkAddressAllowed(
  settings: ProviderSettings,
  policy: ReadinessPolicy,
  which: readonly ('address' | 'proxy')[],
): Verdict | undefined {
  if (policy.allowLinkLocalProviders === true) return undefined;
  for (const key of which) {
    const setting = settings[key];
    if (setting === undefined) continue;
    const what = key === 'proxy' ? 'the proxy in ' : '';
    const reason = refusedHostReason(new URL(setting.value).hostname);
    if (reason !== undefined) {
      return notReady(
        ReadinessReason.AddressNotAllowed,
        `${what}${setting.source} points at ${addressNotAllowedMessage(reason)}`,
      );
    }
  }
  return undefined;
}

/**
 * Ready, naming the Secret's headers Herald ignores: a Provider that works as Flux's would is
 * not refused, but whoever set `Content-Length` learns it has no effect.
 */
function ready(provider: Provider, settings: ProviderSettings): Verdict {
  const ignored = ignoredHeaderNames(settings.headers);
  const message =
    ignored.length === 0
      ? 'Provider is ready'
      : `Provider is ready; the 'headers' of ${credentialsName(provider)} set ` +
        `${ignored.join(', ')}, which Herald ignores: its HTTP client writes ` +
        `${ignored.length === 1 ? 'that header' : 'those headers'} itself`;
  return { ready: true, reason: ReadinessReason.Succeeded, message };
}

function verdict(
  provider: Provider,
  secrets: ObjectLookup<Secret>,
  policy: ReadinessPolicy,
): Verdict {
  const { type, suspend, secretRef } = provider.spec;
  const descriptor = providerDescriptor(type);
  if (descriptor === undefined) {
    const supported = DELIVERED_PROVIDER_TYPES.join(', ');
    return notReady(
      ReadinessReason.UnsupportedType,
      `Provider type '${type}' is not supported by Herald yet (supported: ${supported})`,
    );
  }
  const resolution = resolveProviderSettings(provider, secrets);
  if (!resolution.ok) return notReady(resolution.reason, resolution.message);
  const namespace = provider.metadata.namespace ?? DEFAULT_NAMESPACE;
  const secret = secretRef === undefined ? undefined : secrets(namespace, secretRef.name);
  const urlProblem =
    (descriptor.readAddress === undefined
      ? (checkUrl(provider, resolution.settings) ??
        checkAddressAllowed(resolution.settings, policy, ['address']))
      : checkOwnAddress(provider, resolution.settings, descriptor.readAddress, policy)) ??
    checkProxyUrl(resolution.settings) ??
    checkAddressAllowed(resolution.settings, policy, ['proxy']);
  if (urlProblem !== undefined) return urlProblem;
  const missing = descriptor.checkCredentials?.(
    resolution.settings,
    secret,
    credentialsName(provider),
  );
  if (missing !== undefined) return notReady(ReadinessReason.SecretKeyMissing, missing);
  const exprProblem = commitStatusExprProblem(provider, descriptor.class);
  if (exprProblem !== undefined) {
    return notReady(ReadinessReason.InvalidCommitStatusExpr, exprProblem);
  }
  const threading = threadingProblem(provider, resolution.settings);
  if (threading !== undefined) return notReady(ReadinessReason.InvalidThreading, threading);
  const templateError = providerTemplateProblem(provider.spec.template, descriptor.class);
  if (templateError !== undefined) return notReady(ReadinessReason.InvalidTemplate, templateError);
  if (suspend === true) return notReady(ReadinessReason.Suspended, 'Provider is suspended');
  return ready(provider, resolution.settings);
}

/**
 * Whether a Provider can deliver: a supported type, its Secrets and keys present, URLs valid and
 * not pointing at a link-local or metadata address (unless the policy allows it).
 */
export function providerReadiness(
  provider: Provider,
  secrets: ObjectLookup<Secret>,
  policy: ReadinessPolicy = DEFAULT_READINESS_POLICY,
): Readiness {
  return {
    kind: PROVIDER_KIND,
    namespace: provider.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: provider.metadata.name,
    ...verdict(provider, secrets, policy),
  };
}
