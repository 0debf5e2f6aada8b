import { checkShape, decodeObject, text } from './checks.js';
import type { ReceiverVerifier } from './verifier.js';

/** dockerhub: signs nothing; the body must decode as Docker Hub's push payload. */
export const verifyDockerHub: ReceiverVerifier = (request) => {
  const what = 'DockerHub webhook';
  const payload = decodeObject(request.body, what, { push_data: 'object', repository: 'object' });
  const pushData = checkShape(payload.push_data, what, { tag: 'string' });
  const repository = checkShape(payload.repository, what, { repo_url: 'string' });
  return Promise.resolve({
    summary: `DockerHub event from ${text(repository, 'repo_url')} for tag ${text(pushData, 'tag')}`,
  });
};
