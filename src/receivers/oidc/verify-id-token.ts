import type { SigningKeys } from './signing-keys.js';
import {
  checkClaims,
  decodeJwt,
  signedByOneOf,
  TokenError,
  type ClaimExpectations,
} from './jwt.js';

/**
 * Verifies an ID token signed by a key of `jwksUrl`: signature, issuer, audience, validity
 * period. Returns its claims; throws a TokenError or a KeysUnavailableError.
 */
export async function verifyIdToken(
  token: string,
  keys: SigningKeys,
  jwksUrl: string,
  expect: ClaimExpectations,
): Promise<Readonly<Record<string, unknown>>> {
  const decoded = decodeJwt(token);
  const candidates = await keys.keys(jwksUrl, decoded.keyId);
  if (!signedByOneOf(decoded, candidates)) {
    throw new TokenError('invalid ID token: the signature does not verify with the issuer’s keys');
  }
  checkClaims(decoded.claims, expect);
  return decoded.claims;
}
