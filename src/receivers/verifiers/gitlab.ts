import { checkEvent, constantTimeEqual, header, tokenOf } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** gitlab: the token itself in `X-Gitlab-Token`; the event in `X-Gitlab-Event` (e.g. Push Hook). */
export const verifyGitLab: ReceiverVerifier = (request, context) => {
  const given = header(request.headers, 'X-Gitlab-Token') ?? '';
  if (!constantTimeEqual(given, tokenOf(context)))
    throw new VerificationError(
      'the X-Gitlab-Token header value does not match the receiver token',
    );
  const event = header(request.headers, 'X-Gitlab-Event') ?? '';
  checkEvent(event, context, 'GitLab');
  return Promise.resolve({ summary: `GitLab event: ${event}` });
};
