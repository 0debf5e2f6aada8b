import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { JsonPoster } from '../http/post-json.js';
import type { ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';

/** The credentials Secret keys of a GitHub App, as Flux (fluxcd/pkg git/github) names them. */
export const GITHUB_APP_KEYS = {
  appId: 'githubAppID',
  installationId: 'githubAppInstallationID',
  privateKey: 'githubAppPrivateKey',
  baseUrl: 'githubAppBaseURL',
} as const;

/** Where installation tokens come from when `githubAppBaseURL` is not set. */
export const GITHUB_APP_DEFAULT_BASE_URL = 'https://api.github.com';

/** GitHub's limit on an app JWT's life is 10 minutes; iat is set back for clock drift. */
const JWT_BACKDATE_S = 30;
const JWT_LIFETIME_S = 9 * 60;
/** A token is replaced this long before it expires, so that none expires mid-request. */
const EXPIRY_MARGIN_MS = 60_000;

export interface GitHubAppCredentials {
  readonly appId: string;
  readonly installationId: string;
  readonly privateKey: KeyObject;
  readonly baseUrl: string;
}

/**
 * The App credentials in the Secret, or undefined when it has no `githubAppID` (then the
 * Provider needs a token). Throws a configuration error for IDs that are not numbers or a
 * private key that does not load; the message never quotes the key.
 */
export function githubAppCredentialsOf(target: ProviderTarget): GitHubAppCredentials | undefined {
  const data = target.secretData ?? {};
  const appId = data[GITHUB_APP_KEYS.appId];
  if (appId === undefined) return undefined;
  const installationId = data[GITHUB_APP_KEYS.installationId] ?? '';
  const pem = data[GITHUB_APP_KEYS.privateKey] ?? '';
  const invalid = (detail: string) =>
    configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', `GitHub App: ${detail}`);
  if (!/^\d+$/.test(appId)) throw invalid(`'${GITHUB_APP_KEYS.appId}' is not a number`);
  if (!/^\d+$/.test(installationId)) {
    throw invalid(`'${GITHUB_APP_KEYS.installationId}' is missing or not a number`);
  }
  if (pem === '') throw invalid(`'${GITHUB_APP_KEYS.privateKey}' is missing`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw invalid(`'${GITHUB_APP_KEYS.privateKey}' is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw invalid(`'${GITHUB_APP_KEYS.privateKey}' is not an RSA key (GitHub signs with RS256)`);
  }
  const baseUrl = (data[GITHUB_APP_KEYS.baseUrl] ?? '') || GITHUB_APP_DEFAULT_BASE_URL;
  return { appId, installationId, privateKey, baseUrl: baseUrl.replace(/\/+$/, '') };
}

/** Where a notifier gets the token it calls GitHub with. */
export interface GitHubTokenSource {
  readonly token: (signal: AbortSignal) => Promise<string>;
  /** A GitHub App's slug (`GET /app`), for the `<slug>[bot]` its comments show; Apps only. */
  readonly appSlug?: (signal: AbortSignal) => Promise<string>;
}

/**
 * Installation tokens of a GitHub App: a JWT signed with the App's key (RS256) is exchanged at
 * `POST /app/installations/{id}/access_tokens`, and the token is kept until a minute before it
 * expires. Concurrent callers share one exchange.
 */
export function createGitHubAppTokenSource(
  credentials: GitHubAppCredentials,
  poster: JsonPoster,
  clock: Pick<Clock, 'now'>,
): GitHubTokenSource {
  let cached: { token: string; renewAtMs: number } | undefined;
  let exchanging: Promise<string> | undefined;
  const exchange = async (signal: AbortSignal): Promise<string> => {
    const url = `${credentials.baseUrl}/app/installations/${credentials.installationId}/access_tokens`;
    const receipt = await poster.post(
      {
        url,
        body: Buffer.alloc(0),
        headers: {
          Accept: 'application/vnd.github.v3+json',
          Authorization: `Bearer ${appJwt(credentials, clock.now())}`,
        },
      },
      signal,
    );
    const answer = parseTokenAnswer(receipt.body);
    if (answer === undefined) {
      throw new Error('GitHub App: the access token answer has no token and expiry');
    }
    cached = { token: answer.token, renewAtMs: answer.expiresAtMs - EXPIRY_MARGIN_MS };
    return answer.token;
  };
  return {
    token: async (signal) => {
      if (cached !== undefined && clock.now() < cached.renewAtMs) return cached.token;
      exchanging ??= exchange(signal).finally(() => {
        exchanging = undefined;
      });
      return exchanging;
    },
    appSlug: async (signal) => {
      const receipt = await poster.post(
        {
          method: 'GET',
          url: `${credentials.baseUrl}/app`,
          body: Buffer.alloc(0),
          headers: {
            Accept: 'application/vnd.github.v3+json',
            Authorization: `Bearer ${appJwt(credentials, clock.now())}`,
          },
        },
        signal,
      );
      const slug = stringField(parseJsonAnswer(receipt.body), 'slug');
      if (slug === undefined) throw new Error('GitHub App: GET /app answered no slug');
      return slug;
    },
  };
}

function appJwt(credentials: GitHubAppCredentials, nowMs: number): string {
  const issuedAt = Math.floor(nowMs / 1000) - JWT_BACKDATE_S;
  const header = base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64Url(
    JSON.stringify({ iat: issuedAt, exp: issuedAt + JWT_LIFETIME_S, iss: credentials.appId }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), credentials.privateKey);
  return `${header}.${claims}.${signature.toString('base64url')}`;
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseTokenAnswer(body: Buffer): { token: string; expiresAtMs: number } | undefined {
  const parsed = parseJsonAnswer(body);
  const token = stringField(parsed, 'token');
  const expiresAt = stringField(parsed, 'expires_at');
  if (token === undefined || token === '' || expiresAt === undefined) return undefined;
  const expiresAtMs = Date.parse(expiresAt);
  return Number.isNaN(expiresAtMs) ? undefined : { token, expiresAtMs };
}
