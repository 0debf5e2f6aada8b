import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { basicCredentials, maskSecrets, maskUrl, urlSecrets } from '../http/redact.js';
import { addressSecrets } from './address-secrets.js';
import type { ProviderTarget } from './notifier.js';
import { ProviderConfigError, type ProviderConfigErrorCode } from './provider-config-error.js';
import { errorMessage } from '../errors/error-message.js';

/** RFC 9110 `token`: what a header name may hold. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node accepts in a header value: no CR, LF, NUL or other control characters. */
const HEADER_VALUE_PATTERN = /^[\t\x20-\x7e\x80-\xff]*$/;
const PEM_CERTIFICATE_PATTERN = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
/** Types whose channel is a credential: PagerDuty's routing key lets anyone page the service. */
const CHANNEL_IS_A_KEY: ReadonlySet<string> = new Set(['pagerduty']);

/** The URLs of a target that passed {@link checkTarget}. */
export interface CheckedTarget {
  readonly address: URL;
  readonly proxy: URL | undefined;
}

/**
 * Rejects, up front, what every notifier would fail on later: an address or proxy that is not
 * an http(s) URL, a timeout that is not a positive number, header names or values Node would
 * refuse to send, TLS material that does not load.
 */
export function checkTarget(target: ProviderTarget): CheckedTarget {
  const address = parseWebUrl(target.address);
  if (address === undefined) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_ADDRESS',
      `address is not an http(s) URL: ${maskUrl(target.address)}`,
    );
  }
  let proxy: URL | undefined;
  if (target.proxy !== undefined && target.proxy !== '') {
    proxy = parseWebUrl(target.proxy);
    if (proxy === undefined) {
      throw configError(
        target,
        'HERALD_PROVIDER_INVALID_PROXY',
        `proxy is not an http(s) URL: ${maskUrl(target.proxy)}`,
      );
    }
  }
  checkTimeout(target);
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    if (!HEADER_NAME_PATTERN.test(name) || !HEADER_VALUE_PATTERN.test(value)) {
      // The value may be a credential: name the header, never show the value.
      throw configError(
        target,
        'HERALD_PROVIDER_INVALID_HEADER',
        `header ${JSON.stringify(name)} has an invalid name or value`,
      );
    }
  }
  checkTls(target);
  return { address, proxy };
}

/** A timeout that is not a positive number of milliseconds cannot bound a delivery. */
export function checkTimeout(target: ProviderTarget): void {
  if (!Number.isFinite(target.timeoutMs) || target.timeoutMs <= 0) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_TIMEOUT',
      `timeout must be a positive number of milliseconds, got ${String(target.timeoutMs)}`,
    );
  }
}

/**
 * The target's token or channel when the type cannot work without it; refused up front (with
 * `detail` saying what it is for) when it is missing or empty.
 */
export function requiredSetting(
  target: ProviderTarget,
  field: 'token' | 'channel',
  detail: string,
): string {
  const value = target[field];
  if (value !== undefined && value !== '') return value;
  const code =
    field === 'token' ? 'HERALD_PROVIDER_MISSING_TOKEN' : 'HERALD_PROVIDER_INVALID_CHANNEL';
  throw configError(target, code, detail);
}

/** Builds a configuration error naming the provider, with every secret of the target masked. */
export function configError(
  target: ProviderTarget,
  code: ProviderConfigErrorCode,
  detail: string,
): ProviderConfigError {
  const message = `Provider ${target.namespace}/${target.name} (${target.type}): ${detail}`;
  return new ProviderConfigError(code, maskSecrets(message, secretsOf(target)));
}

/**
 * Every value of a target that must never appear in an error or a log line, with the pieces a
 * receiver may echo on their own: the address's path and query, the proxy's credentials, the
 * `user:password` pairs of Basic auth, the keys an address embeds (masking takes each in every
 * encoding).
 */
export function secretsOf(target: ProviderTarget): (string | undefined)[] {
  return [
    target.token,
    ...basicCredentials(target.username, target.password),
    ...urlSecrets(target.address),
    ...addressSecrets(target.address),
    ...urlSecrets(target.proxy),
    target.tls?.key,
    ...Object.values(target.headers ?? {}),
    ...(CHANNEL_IS_A_KEY.has(target.type) ? [target.channel] : []),
    // The one Secret key of a git type that is a credential (GitHub App's RSA key).
    target.secretData?.['githubAppPrivateKey'],
  ];
}

function checkTls(target: ProviderTarget): void {
  const tls = target.tls;
  if (tls === undefined) return;
  const hasCert = tls.cert !== undefined && tls.cert !== '';
  const hasKey = tls.key !== undefined && tls.key !== '';
  if (hasCert !== hasKey) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_TLS',
      'a client certificate needs both tls.crt and tls.key',
    );
  }
  if (tls.ca !== undefined && tls.ca !== '' && !holdsCertificates(tls.ca)) {
    // Node silently ignores a CA without certificates, and would then trust nothing.
    throw configError(target, 'HERALD_PROVIDER_INVALID_TLS', 'ca.crt holds no PEM certificate');
  }
  try {
    createSecureContext({
      ...(tls.ca === undefined || tls.ca === '' ? {} : { ca: tls.ca }),
      ...(hasCert ? { cert: tls.cert, key: tls.key } : {}),
    });
  } catch (error) {
    const reason = errorMessage(error);
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_TLS',
      `certificate material does not load: ${reason}`,
    );
  }
}

function holdsCertificates(pem: string): boolean {
  const blocks = pem.match(PEM_CERTIFICATE_PATTERN) ?? [];
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch {
    return false;
  }
  return blocks.length > 0;
}

function parseWebUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return WEB_PROTOCOLS.has(url.protocol) && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}
