import { createSign } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { DeliveryError } from '../http/delivery-error.js';
import type { JsonPoster } from '../http/post-json.js';
import type { GoogleServiceAccount } from './google-service-account.js';

/** Google's OAuth 2.0 token endpoint, which service-account JWTs are exchanged at. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** How long a signed assertion is valid, the most Google accepts. */
const ASSERTION_LIFETIME_SECONDS = 3_600;
/** Dated back, as Google's Go library does, so a fast clock is not refused. */
const CLOCK_SKEW_SECONDS = 10;
/** A token is renewed this long before it expires (the Go oauth2 library's expiryDelta). */
const EXPIRY_MARGIN_MS = 10_000;
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface GoogleTokenSourceOptions {
  readonly account: GoogleServiceAccount;
  /** Space-separated OAuth scopes. */
  readonly scope: string;
  readonly tokenUrl: string;
  /** Posts the grant: the Provider's client, with its proxy, TLS and retries. */
  readonly poster: JsonPoster;
  readonly clock: Pick<Clock, 'now'>;
  /** Names the Provider in errors. */
  readonly owner: string;
}

/** Hands out an access token, getting a new one only once the last is about to expire. */
export interface GoogleTokenSource {
  accessToken(signal: AbortSignal): Promise<string>;
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Service-account authorization (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests):
 * an RS256 JWT signed with the account's key, `iss` the account, `aud` the token endpoint, is
 * exchanged there for an access token, cached until shortly before `expires_in` runs out.
 * Deliveries waiting at once share one exchange.
 */
export function createGoogleTokenSource(options: GoogleTokenSourceOptions): GoogleTokenSource {
  let cached: { token: string; expiresAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  const exchange = async (signal: AbortSignal): Promise<string> => {
    const { account, clock } = options;
    const issuedAt = Math.floor(clock.now() / 1_000) - CLOCK_SKEW_SECONDS;
    const header = { alg: 'RS256', typ: 'JWT', kid: account.privateKeyId };
    const claims = {
      iss: account.clientEmail,
      scope: options.scope,
      aud: options.tokenUrl,
      exp: issuedAt + ASSERTION_LIFETIME_SECONDS,
      iat: issuedAt,
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey);
    const assertion = `${unsigned}.${signature.toString('base64url')}`;
    const requestedAtMs = clock.now();
    const receipt = await options.poster.post(
      {
        url: options.tokenUrl,
        body: Buffer.from(
          new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
          'utf8',
        ),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      signal,
    );
    const answer = readTokenAnswer(receipt.body);
    if (answer === undefined) {
      throw new DeliveryError(
        'HERALD_DELIVERY_REJECTED',
        `${options.owner}: Google's token endpoint answered without an access token`,
        { attempts: receipt.attempts, status: receipt.status },
      );
    }
    cached = {
      token: answer.token,
      expiresAtMs: requestedAtMs + answer.expiresInSeconds * 1_000 - EXPIRY_MARGIN_MS,
    };
    return answer.token;
  };

  return {
    async accessToken(signal) {
      if (cached !== undefined && options.clock.now() < cached.expiresAtMs) return cached.token;
      pending ??= exchange(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

/** `{"access_token": "…", "expires_in": 3599, "token_type": "Bearer"}` */
function readTokenAnswer(body: Buffer): { token: string; expiresInSeconds: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { access_token: token, expires_in: expiresIn } = parsed as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return undefined;
  // Google always says; an answer that does not is used once.
  const expiresInSeconds = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 0;
  return { token, expiresInSeconds };
}
