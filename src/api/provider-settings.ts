import type { ObjectLookup } from './object-lookup.js';
import { DEFAULT_NAMESPACE } from './object-meta.js';
import { DEFAULT_PROVIDER_TIMEOUT, type Provider, type ProviderSpec } from './provider.js';
import { ReadinessReason } from './readiness/readiness-reason.js';
import { readSecretString, type Secret } from './secret.js';
import { parseSecretHeaders } from './secret-headers.js';
import { readTlsMaterial, type TlsMaterial } from './tls-material.js';

/** A value and, for messages, where it came from (never the value itself). */
export interface SourcedValue {
  value: string;
  /** e.g. `spec.address`, or `the 'address' key of Secret 'slack-url'`. */
  source: string;
}

export interface ProxySettings extends SourcedValue {
  username?: string;
  password?: string;
}

/** What a notifier needs of a Provider once its Secrets are read. */
export interface ProviderSettings {
  address?: SourcedValue;
  proxy?: ProxySettings;
  token?: string;
  username?: string;
  password?: string;
  channel?: string;
  headers: Record<string, string>;
  tls?: TlsMaterial;
  /** Go duration. */
  timeout: string;
  /**
   * Every key of the credentials Secret, decoded and trimmed, for types that read keys of
   * their own (GitHub App: `githubAppID`, `githubAppInstallationID`, `githubAppPrivateKey`).
   */
  secretData?: Record<string, string>;
}

export type SettingsResolution =
  | { ok: true; settings: ProviderSettings }
  | { ok: false; reason: ReadinessReason; message: string };

type Failure = Extract<SettingsResolution, { ok: false }>;

function isFailure(value: object): value is Failure {
  return (value as { ok?: unknown }).ok === false;
}

function keyMissing(secretName: string, message: string): Failure {
  return {
    ok: false,
    reason: ReadinessReason.SecretKeyMissing,
    message: `Secret '${secretName}' ${message}`,
  };
}

/** Secrets made with `kubectl create secret --from-file` often end in a line break. */
function readTrimmed(secret: Secret, key: string): string | undefined {
  return readSecretString(secret, key)?.trim();
}

/** What the spec alone says; empty strings count as unset, as Go's omitempty makes them. */
function specSettings(spec: ProviderSpec): ProviderSettings {
  const address = spec.address?.trim();
  return {
    headers: {},
    timeout: spec.timeout ?? DEFAULT_PROVIDER_TIMEOUT,
    ...(address && { address: { value: address, source: 'spec.address' } }),
    ...(spec.proxy && { proxy: { value: spec.proxy, source: 'spec.proxy' } }),
    ...(spec.username && { username: spec.username }),
    ...(spec.channel && { channel: spec.channel }),
  };
}

/** The credentials Secret's keys replace the spec's fields, as in Flux. */
function applyCredentials(
  settings: ProviderSettings,
  secret: Secret,
  secretName: string,
): Failure | undefined {
  const text = readSecretString(secret, 'headers');
  const headers = text === undefined ? {} : parseSecretHeaders(text);
  if (headers === undefined) {
    const message = `the 'headers' key of Secret '${secretName}' is not a YAML map of header names to values`;
    return { ok: false, reason: ReadinessReason.InvalidSecretData, message };
  }
  settings.headers = headers;
  for (const key of ['address', 'proxy'] as const) {
    const value = readTrimmed(secret, key);
    if (value !== undefined)
      settings[key] = { value, source: `the '${key}' key of Secret '${secretName}'` };
  }
  for (const key of ['token', 'username', 'password'] as const) {
    const value = readTrimmed(secret, key);
    if (value !== undefined) settings[key] = value;
  }
  const keys = new Set([
    ...Object.keys(secret.data ?? {}),
    ...Object.keys(secret.stringData ?? {}),
  ]);
  settings.secretData = Object.fromEntries(
    [...keys].map((key) => [key, readTrimmed(secret, key) ?? '']),
  );
  return undefined;
}

function readProxy(secret: Secret, secretName: string): ProxySettings | Failure {
  const address = readTrimmed(secret, 'address');
  if (address === undefined) return keyMissing(secretName, "has no 'address' key (the proxy URL)");
  const username = readTrimmed(secret, 'username');
  const password = readTrimmed(secret, 'password');
  return {
    value: address,
    source: `the 'address' key of Secret '${secretName}'`,
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
  };
}

/**
 * Reads a Provider's Secrets with Flux's precedence: the `secretRef` Secret's `address`, `proxy`
 * and `username` replace the spec's, and a `proxySecretRef` Secret replaces both proxies. Fails
 * when a referenced Secret or a key it must have is missing, or `headers` is not a map. Values
 * are trimmed. URLs are not checked here: see provider readiness.
 */
export function resolveProviderSettings(
  provider: Provider,
  secrets: ObjectLookup<Secret>,
): SettingsResolution {
  const { spec } = provider;
  const namespace = provider.metadata.namespace ?? DEFAULT_NAMESPACE;
  const find = (name: string): Secret | Failure =>
    secrets(namespace, name) ?? {
      ok: false,
      reason: ReadinessReason.SecretNotFound,
      message: `Secret '${name}' not found`,
    };
  const settings = specSettings(spec);

  if (spec.secretRef !== undefined) {
    const secret = find(spec.secretRef.name);
    if (isFailure(secret)) return secret;
    const failure = applyCredentials(settings, secret, spec.secretRef.name);
    if (failure !== undefined) return failure;
  }
  if (spec.proxySecretRef !== undefined) {
    const secret = find(spec.proxySecretRef.name);
    const proxy = isFailure(secret) ? secret : readProxy(secret, spec.proxySecretRef.name);
    if (isFailure(proxy)) return proxy;
    settings.proxy = proxy;
  }
  if (spec.certSecretRef !== undefined) {
    const secret = find(spec.certSecretRef.name);
    if (isFailure(secret)) return secret;
    const tls = readTlsMaterial(secret);
    if ('missing' in tls) return keyMissing(spec.certSecretRef.name, tls.missing);
    settings.tls = tls;
  }
  return { ok: true, settings };
}
