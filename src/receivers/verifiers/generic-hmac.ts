import { checkPrefixedHmac, header, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** generic-hmac: `X-Signature: <sha1|sha256|sha512>=<hex HMAC of the body with the token>`. */
export const verifyGenericHmac: ReceiverVerifier = (request, context) => {
  try {
    checkPrefixedHmac(header(request.headers, 'X-Signature'), request.body, tokenOf(context));
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    throw new VerificationError(`unable to validate HMAC signature: ${error.message}`);
  }
  return Promise.resolve({ summary: 'generic-hmac webhook' });
};
