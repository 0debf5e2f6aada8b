import {
  checkPubSubId,
  createGooglePubSubNotifier,
  PUBSUB_MAX_MESSAGE_BYTES,
} from '../notifiers/google-pubsub.js';
import { parseGoogleServiceAccount } from '../notifiers/google-service-account.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GOOGLE_PUBSUB_PROVIDER: ProviderDescriptor = {
  type: 'googlepubsub',
  class: 'other',
  // Publishing goes to Google's fixed endpoint: the address names a project, not a host.
  readAddress: (address) => {
    const problem = checkPubSubId('project', address);
    return problem === undefined ? { hosts: [] } : { invalid: `is not a project ID: ${problem}` };
  },
  // Flux falls back to GKE workload identity without a token; Herald needs the key.
  checkCredentials: ({ channel, token }, _secret, named) => {
    const topicProblem = checkPubSubId('topic', channel);
    if (topicProblem !== undefined) return `spec.channel names the Pub/Sub topic: ${topicProblem}`;
    if (token === undefined || token === '') {
      return `Pub/Sub needs a service account's JSON key: no 'token' key in ${named}`;
    }
    const account = parseGoogleServiceAccount(token);
    return typeof account === 'string' ? `the 'token' key of ${named} ${account}` : undefined;
  },
  messageLimit: {
    max: PUBSUB_MAX_MESSAGE_BYTES,
    unit: 'bytes',
    of: 'one message (the event JSON)',
  },
  rateLimits: '429 (RESOURCE_EXHAUSTED) and 5xx retried, honouring Retry-After',
  readme: {
    delivers:
      "the event JSON as Flux encodes it, one message published to `projects/<address>/topics/<channel>` (Pub/Sub's REST `publish`), the Secret's `headers` as its attributes",
    credentials:
      "`address` (project ID), `channel` (topic ID), `token` (a service account's JSON key, exchanged for an access token), `headers` (attributes)",
  },
  createNotifier: (target, deps) => createGooglePubSubNotifier(target, deps),
};
