import { decodeObject, text } from './checks.js';
import type { ReceiverVerifier } from './verifier.js';

/** quay: signs nothing; the body must decode as Quay's Repository Push notification. */
export const verifyQuay: ReceiverVerifier = (request) => {
  const payload = decodeObject(request.body, 'Quay webhook', {
    docker_url: 'string',
    updated_tags: 'string[]',
  });
  return Promise.resolve({ summary: `Quay event from ${text(payload, 'docker_url')}` });
};
