import { constantTimeEqual, decodeObject, header, hmacHex, text, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** nexus: `X-Nexus-Webhook-Signature`, the hex HMAC-SHA1 of the body with the token. */
export const verifyNexus: ReceiverVerifier = (request, context) => {
  const signature = header(request.headers, 'X-Nexus-Webhook-Signature') ?? '';
  if (signature === '') throw new VerificationError('the Nexus signature is missing from header');
  if (!constantTimeEqual(signature, hmacHex('sha1', tokenOf(context), request.body)))
    throw new VerificationError('invalid Nexus signature');
  const payload = decodeObject(request.body, 'Nexus webhook', {
    action: 'string',
    repositoryName: 'string',
  });
  return Promise.resolve({ summary: `Nexus event from ${text(payload, 'repositoryName')}` });
};
