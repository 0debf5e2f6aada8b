import { parse } from 'yaml';
import type { ObjectLookup } from './object-lookup.js';
import { DEFAULT_NAMESPACE } from './object-meta.js';
import { DEFAULT_PROVIDER_TIMEOUT, type Provider, type ProviderSpec } from './provider.js';
import { ReadinessReason } from './readiness/readiness-reason.js';
import { readSecretString, type Secret } from './secret.js';

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

/** PEM texts from the certSecretRef Secret. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
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

/** Flux's key names for `ca.crt`, `tls.crt` and `tls.key`, deprecated but still honoured. */
const LEGACY_TLS_KEYS = {
  'ca.crt': 'caFile',
  'tls.crt': 'certFile',
  'tls.key': 'keyFile',
} as const;

/** `ca.crt` to trust, `tls.crt` with `tls.key` to present; at least one of the two. */
function readTls(secret: Secret, secretName: string): TlsMaterial | Failure {
  const read = (key: keyof typeof LEGACY_TLS_KEYS) =>
    readSecretString(secret, key) ?? readSecretString(secret, LEGACY_TLS_KEYS[key]);
  const ca = read('ca.crt');
  const cert = read('tls.crt');
  const key = read('tls.key');
  if (cert !== undefined && key === undefined)
    return keyMissing(secretName, "has 'tls.crt' but no 'tls.key'");
  if (key !== undefined && cert === undefined)
    return keyMissing(secretName, "has 'tls.key' but no 'tls.crt'");
  if (ca === undefined && cert === undefined) {
    return keyMissing(secretName, "has neither 'ca.crt' nor 'tls.crt' and 'tls.key'");
  }
  return {
    ...(ca !== undefined && { ca }),
    ...(cert !== undefined && key !== undefined && { cert, key }),
  };
}

/** `headers` is a YAML map of header names to values. */
function parseHeaders(
  text: string | undefined,
  secretName: string,
): Record<string, string> | Failure {
  const invalid: Failure = {
    ok: false,
    reason: ReadinessReason.InvalidSecretData,
    message: `the 'headers' key of Secret '${secretName}' is not a YAML map of header names to values`,
  };
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : parse(text);
  } catch {
    return invalid; // not the parser's message: it may quote the text, credentials included
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return invalid;
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return invalid;
    headers.set(name, String(value));
  }
  return Object.fromEntries(headers);
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
  const headers = parseHeaders(readSecretString(secret, 'headers'), secretName);
  if (isFailure(headers)) return headers;
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
    const tls = isFailure(secret) ? secret : readTls(secret, spec.certSecretRef.name);
    if (isFailure(tls)) return tls;
    settings.tls = tls;
  }
  return { ok: true, settings };
}
