import { createPublicKey, type KeyObject } from 'node:crypto';
import { HeraldError } from '../../errors/herald-error.js';
import { errorMessage } from '../../errors/error-message.js';

/** Google's public keys for the ID tokens Pub/Sub push subscriptions send (gcr). */
export const GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/** Keys rotate over days; an unknown `kid` refetches sooner, but not more than this often. */
const KEYS_TTL_MS = 60 * 60 * 1000;
const REFETCH_AFTER_MS = 60 * 1000;
const FETCH_TIMEOUT_MS = 10_000;

export class KeysUnavailableError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_OIDC_KEYS_UNAVAILABLE', message, options);
  }
}

/** GETs a URL and returns its JSON; tests inject their own. */
export type FetchJson = (url: string) => Promise<unknown>;

/** Public signing keys of OIDC issuers, fetched on first use and cached. */
export interface SigningKeys {
  /** The keys a JWKS document lists that may have signed a token with `keyId`. */
  keys(jwksUrl: string, keyId: string | undefined): Promise<KeyObject[]>;
  /** An issuer's `jwks_uri`, from its discovery document (which must name the same issuer). */
  jwksUrlOf(issuer: string): Promise<string>;
}

export interface SigningKeysOptions {
  fetchJson?: FetchJson;
  /** Monotonic milliseconds. */
  now: () => number;
}

interface Cached<T> {
  value: T;
  fetchedAt: number;
}

/** Fetches with a deadline; any answer but 2xx JSON is an error. */
export const fetchJson: FetchJson = async (url) => {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: { accept: 'application/json' },
    redirect: 'error',
  });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${String(response.status)}`);
  return await response.json();
};

export function createSigningKeys(options: SigningKeysOptions): SigningKeys {
  const get = options.fetchJson ?? fetchJson;
  const { now } = options;
  const jwks = new Map<string, Cached<Map<string, KeyObject>>>();
  const discovery = new Map<string, Cached<string>>();
  const inFlight = new Map<string, Promise<unknown>>();

  /** One fetch per URL at a time: concurrent webhooks share it. */
  const fetchOnce = (url: string): Promise<unknown> => {
    let pending = inFlight.get(url);
    if (pending === undefined) {
      pending = get(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    return pending;
  };

  const loadKeys = async (url: string): Promise<Map<string, KeyObject>> => {
    let document: unknown;
    try {
      document = await fetchOnce(url);
    } catch (error) {
      throw new KeysUnavailableError(`cannot fetch signing keys: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const list = (document as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(list)) throw new KeysUnavailableError(`${url} lists no keys`);
    const keys = new Map<string, KeyObject>();
    list.forEach((jwk: unknown, index) => {
      const { kid, use } = (jwk ?? {}) as { kid?: unknown; use?: unknown };
      if (use !== undefined && use !== 'sig') return;
      try {
        keys.set(
          typeof kid === 'string' ? kid : `#${String(index)}`,
          createPublicKey({ key: jwk as never, format: 'jwk' }),
        );
      } catch {
        // A key Node cannot use (an unknown curve) signs nothing we accept; skip it.
      }
    });
    jwks.set(url, { value: keys, fetchedAt: now() });
    return keys;
  };

  return {
    async keys(url, keyId) {
      const cached = jwks.get(url);
      const fresh = cached !== undefined && now() - cached.fetchedAt < KEYS_TTL_MS;
      let keys = fresh ? cached.value : await loadKeys(url);
      const rotated =
        keyId !== undefined &&
        !keys.has(keyId) &&
        now() - (jwks.get(url)?.fetchedAt ?? 0) >= REFETCH_AFTER_MS;
      if (rotated) keys = await loadKeys(url);
      if (keyId === undefined) return [...keys.values()];
      const key = keys.get(keyId);
      return key === undefined ? [] : [key];
    },
    async jwksUrlOf(issuer) {
      const cached = discovery.get(issuer);
      if (cached !== undefined && now() - cached.fetchedAt < KEYS_TTL_MS) return cached.value;
      const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      let document: unknown;
      try {
        document = await fetchOnce(url);
      } catch (error) {
        throw new KeysUnavailableError(
          `failed to initialize OIDC provider for issuer "${issuer}": ${errorMessage(error)}`,
          { cause: error },
        );
      }
      const { issuer: named, jwks_uri: jwksUri } = (document ?? {}) as {
        issuer?: unknown;
        jwks_uri?: unknown;
      };
      if (named !== issuer)
        throw new KeysUnavailableError(
          `the discovery document of "${issuer}" names another issuer: "${String(named)}"`,
        );
      if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri))
        throw new KeysUnavailableError(`the discovery document of "${issuer}" has no jwks_uri`);
      discovery.set(issuer, { value: jwksUri, fetchedAt: now() });
      return jwksUri;
    },
  };
}
