import { constants, verify, type KeyObject } from 'node:crypto';
import { HeraldError } from '../../errors/herald-error.js';

/** A token refused; the message says which check failed, never the token. */
export class TokenError extends HeraldError {
  constructor(message: string) {
    super('HERALD_OIDC_TOKEN_INVALID', message);
  }
}

export interface DecodedJwt {
  readonly algorithm: string;
  readonly keyId: string | undefined;
  readonly claims: Readonly<Record<string, unknown>>;
  /** `header.payload`, what the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Clocks of issuer and Herald may differ this much. */
const CLOCK_SKEW_SECONDS = 30;

/** JWS algorithms accepted: asymmetric only (never `none`, never an HMAC keyed by a public key). */
const ALGORITHMS: Readonly<
  Record<string, { hash: string; keyType: 'rsa' | 'ec'; options: Record<string, unknown> }>
> = {
  RS256: { hash: 'sha256', keyType: 'rsa', options: {} },
  RS384: { hash: 'sha384', keyType: 'rsa', options: {} },
  RS512: { hash: 'sha512', keyType: 'rsa', options: {} },
  PS256: { hash: 'sha256', keyType: 'rsa', options: { padding: constants.RSA_PKCS1_PSS_PADDING } },
  ES256: { hash: 'sha256', keyType: 'ec', options: { dsaEncoding: 'ieee-p1363' } },
  ES384: { hash: 'sha384', keyType: 'ec', options: { dsaEncoding: 'ieee-p1363' } },
};

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError(`the token's ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TokenError(`the token's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS without trusting anything in it yet. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('token is not a JWT');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodePart(headerPart, 'header');
  const algorithm = typeof header.alg === 'string' ? header.alg : '';
  if (ALGORITHMS[algorithm] === undefined)
    throw new TokenError(`the token's algorithm "${algorithm}" is not accepted`);
  return {
    algorithm,
    keyId: typeof header.kid === 'string' ? header.kid : undefined,
    claims: decodePart(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

/** Whether one of `keys` signed the token with its declared algorithm. */
export function signedByOneOf(token: DecodedJwt, keys: readonly KeyObject[]): boolean {
  const algorithm = ALGORITHMS[token.algorithm];
  if (algorithm === undefined) return false;
  const data = Buffer.from(token.signingInput);
  return keys.some(
    (key) =>
      key.asymmetricKeyType === algorithm.keyType &&
      verify(algorithm.hash, data, { key, ...algorithm.options }, token.signature),
  );
}

export interface ClaimExpectations {
  /** Accepted `iss` values. */
  readonly issuers: readonly string[];
  /** Required in `aud` (a string or a list). */
  readonly audience: string;
  readonly nowSeconds: number;
}

/** Checks issuer, audience and validity period, as an ID token's verifier must. */
export function checkClaims(
  claims: Readonly<Record<string, unknown>>,
  expect: ClaimExpectations,
): void {
  const { iss, aud, exp, nbf, iat } = claims;
  if (typeof iss !== 'string' || !expect.issuers.includes(iss))
    throw new TokenError(
      `token issuer is '${String(iss)}', want ${expect.issuers.map((each) => `'${each}'`).join(' or ')}`,
    );
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expect.audience))
    throw new TokenError(
      `invalid ID token: audience is '${audiences.map(String).join(',')}', want '${expect.audience}'`,
    );
  if (typeof exp !== 'number') throw new TokenError('token has no exp claim');
  if (exp + CLOCK_SKEW_SECONDS < expect.nowSeconds) throw new TokenError('token is expired');
  for (const [name, value] of [
    ['nbf', nbf],
    ['iat', iat],
  ] as const) {
    if (typeof value === 'number' && value - CLOCK_SKEW_SECONDS > expect.nowSeconds)
      throw new TokenError(`token ${name} is in the future`);
  }
}
