import { constantTimeEqual, header, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** harbor: the token as Harbor's "Auth Header", sent verbatim in `Authorization`. */
export const verifyHarbor: ReceiverVerifier = (request, context) => {
  if (!constantTimeEqual(header(request.headers, 'Authorization') ?? '', tokenOf(context)))
    throw new VerificationError(
      'the Harbor Authorization header value does not match the receiver token',
    );
  return Promise.resolve({ summary: 'Harbor event' });
};
