import { isHttpUrl } from '../http-url.js';
import type { ObjectLookup } from '../object-lookup.js';
import { DEFAULT_NAMESPACE } from '../object-meta.js';
import {
  PROVIDER_KIND,
  type Provider,
  type ProviderType,
  SUPPORTED_PROVIDER_TYPES,
  hasNotifier,
} from '../provider.js';
import { type ProviderSettings, resolveProviderSettings } from '../provider-settings.js';
import { readSecretString, type Secret } from '../secret.js';
import type { Readiness } from './readiness.js';
import { ReadinessReason } from './readiness-reason.js';

type Verdict = Pick<Readiness, 'ready' | 'reason' | 'message'>;

function notReady(reason: ReadinessReason, message: string): Verdict {
  return { ready: false, reason, message };
}

/** Slack's Web API, unlike an incoming webhook, authenticates with a bot token. */
function isSlackWebApi(address: string): boolean {
  if (!URL.canParse(address)) return false;
  const url = new URL(address);
  return url.hostname === 'slack.com' && url.pathname === '/api/chat.postMessage';
}

/** How messages name the credentials Secret. */
function credentialsName(provider: Provider): string {
  const name = provider.spec.secretRef?.name;
  return name === undefined ? 'spec.secretRef (not set)' : `Secret '${name}'`;
}

type CredentialCheck = (
  settings: ProviderSettings,
  secret: Secret | undefined,
  secretName: string,
) => string | undefined;

/** What each supported type needs beyond an address; the message of what is missing. */
const CREDENTIAL_CHECKS: Partial<Record<ProviderType, CredentialCheck>> = {
  'generic-hmac': ({ token }, _secret, named) => {
    if (token === undefined) return `generic-hmac signs with a 'token' key: none in ${named}`;
    return token === '' ? `the 'token' key of ${named} is empty` : undefined;
  },
  // Basic auth takes both halves; a token (bearer) or no credentials at all are fine too.
  loki: ({ username, password }, secret, named) => {
    if (password !== undefined && username === undefined)
      return `${named} has 'password' but no 'username'`;
    const secretUsername = secret === undefined ? undefined : readSecretString(secret, 'username');
    return secretUsername !== undefined && password === undefined
      ? `${named} has 'username' but no 'password'`
      : undefined;
  },
  slack: ({ address, token }, _secret, named) =>
    address !== undefined && isSlackWebApi(address.value) && !token
      ? `Slack's chat.postMessage API needs a bot token: no 'token' key in ${named}`
      : undefined,
};

/** The address (and proxy) must be absolute http(s) URLs; messages say where each came from. */
function checkUrls(provider: Provider, settings: ProviderSettings): Verdict | undefined {
  const { address, proxy } = settings;
  if (address === undefined || address.value === '') {
    const where =
      provider.spec.secretRef === undefined
        ? 'spec.address'
        : `spec.address or the 'address' key of ${credentialsName(provider)}`;
    return notReady(ReadinessReason.InvalidURL, `Provider has no address: set ${where}`);
  }
  if (!isHttpUrl(address.value)) {
    return notReady(ReadinessReason.InvalidURL, `${address.source} is not an absolute http(s) URL`);
  }
  if (proxy !== undefined && !isHttpUrl(proxy.value)) {
    return notReady(
      ReadinessReason.InvalidURL,
      `the proxy in ${proxy.source} is not an absolute http(s) URL`,
    );
  }
  return undefined;
}

function verdict(provider: Provider, secrets: ObjectLookup<Secret>): Verdict {
  const { type, suspend, secretRef } = provider.spec;
  if (!hasNotifier(type)) {
    const supported = SUPPORTED_PROVIDER_TYPES.join(', ');
    return notReady(
      ReadinessReason.UnsupportedType,
      `Provider type '${type}' is not supported by Herald yet (supported: ${supported})`,
    );
  }
  const resolution = resolveProviderSettings(provider, secrets);
  if (!resolution.ok) return notReady(resolution.reason, resolution.message);
  const namespace = provider.metadata.namespace ?? DEFAULT_NAMESPACE;
  const secret = secretRef === undefined ? undefined : secrets(namespace, secretRef.name);
  const urlProblem = checkUrls(provider, resolution.settings);
  if (urlProblem !== undefined) return urlProblem;
  const missing = CREDENTIAL_CHECKS[type]?.(resolution.settings, secret, credentialsName(provider));
  if (missing !== undefined) return notReady(ReadinessReason.SecretKeyMissing, missing);
  if (suspend === true) return notReady(ReadinessReason.Suspended, 'Provider is suspended');
  return { ready: true, reason: ReadinessReason.Succeeded, message: 'Provider is ready' };
}

/** Whether a Provider can deliver: a supported type, its Secrets and keys present, URLs valid. */
export function providerReadiness(provider: Provider, secrets: ObjectLookup<Secret>): Readiness {
  return {
    kind: PROVIDER_KIND,
    namespace: provider.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: provider.metadata.name,
    ...verdict(provider, secrets),
  };
}
