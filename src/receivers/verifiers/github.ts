import { checkEvent, checkPrefixedHmac, header, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** What GitHub (and Gitea) post: JSON, or a form whose `payload` field is the JSON. */
const GITHUB_CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

/**
 * github (and Gitea): the HMAC of the body with the token in `X-Hub-Signature-256`, or the older
 * SHA-1 `X-Hub-Signature`; the event type in `X-GitHub-Event` (`ping` when the hook is created)
 * checked against `events`.
 */
export const verifyGitHub: ReceiverVerifier = (request, context) => {
  const { headers, body } = request;
  const signature = header(headers, 'X-Hub-Signature-256') ?? header(headers, 'X-Hub-Signature');
  const contentType = (header(headers, 'Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (!GITHUB_CONTENT_TYPES.includes(contentType ?? ''))
      throw new VerificationError(
        `webhook request has unsupported Content-Type "${contentType ?? ''}"`,
      );
    checkPrefixedHmac(signature, body, tokenOf(context));
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    throw new VerificationError(`the GitHub signature header is invalid, err: ${error.message}`);
  }
  const event = header(headers, 'X-GitHub-Event') ?? '';
  checkEvent(event, context, 'GitHub');
  return Promise.resolve({ summary: `GitHub event: ${event}` });
};
