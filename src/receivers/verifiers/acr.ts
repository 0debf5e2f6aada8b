import { checkShape, decodeObject, text } from './checks.js';
import type { ReceiverVerifier } from './verifier.js';

/** acr: signs nothing; the body must decode as Azure Container Registry's push event. */
export const verifyAcr: ReceiverVerifier = (request) => {
  const what = 'ACR webhook';
  const payload = decodeObject(request.body, what, { action: 'string', target: 'object' });
  const target = checkShape(payload.target, what, { repository: 'string', tag: 'string' });
  return Promise.resolve({
    summary: `ACR event from ${text(target, 'repository')} for tag ${text(target, 'tag')}`,
  });
};
