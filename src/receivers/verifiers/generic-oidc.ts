import { HeraldError } from '../../errors/herald-error.js';
import { decodeJwt } from '../oidc/jwt.js';
import { verifyIdToken } from '../oidc/verify-id-token.js';
import { bearerToken } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/**
 * generic-oidc: a bearer ID token from one of the Receiver's issuers (GitHub Actions, GitLab CI…):
 * the issuer is picked by the token's `iss`, its keys found through discovery; signature,
 * audience and expiry verified; then every CEL validation must hold over the claims.
 */
export const verifyGenericOidc: ReceiverVerifier = async (request, context) => {
  const token = bearerToken(request.headers);
  try {
    const { iss } = decodeJwt(token).claims;
    const rules = typeof iss === 'string' ? context.oidc?.get(iss) : undefined;
    if (rules === undefined)
      throw new VerificationError(`no oidcProvider configured for issuer "${String(iss)}"`);
    const jwksUrl = await context.keys.jwksUrlOf(rules.issuerURL);
    const claims = await verifyIdToken(token, context.keys, jwksUrl, {
      issuers: [rules.issuerURL],
      audience: rules.audience,
      nowSeconds: context.nowSeconds,
    });
    const failures = rules.check(claims);
    if (failures.length > 0)
      throw new VerificationError(`token validation failed: ${failures.join('; ')}`);
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    return { summary: `OIDC token of ${subject} from ${rules.issuerURL}` };
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    if (error instanceof HeraldError)
      throw new VerificationError(`failed to verify OIDC token: ${error.message}`);
    throw error;
  }
};
