import { checkEvent, checkPrefixedHmac, header, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/**
 * bitbucket (Server; Bitbucket Cloud signs nothing): `X-Hub-Signature: sha256=<hex>` as GitHub
 * signs, the event in `X-Event-Key` (e.g. repo:refs_changed).
 */
export const verifyBitbucket: ReceiverVerifier = (request, context) => {
  const { headers, body } = request;
  try {
    checkPrefixedHmac(header(headers, 'X-Hub-Signature'), body, tokenOf(context));
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    throw new VerificationError(
      `the Bitbucket server signature header is invalid, err: ${error.message}`,
    );
  }
  const event = header(headers, 'X-Event-Key') ?? '';
  checkEvent(event, context, 'Bitbucket server');
  return Promise.resolve({ summary: `Bitbucket server event: ${event}` });
};
