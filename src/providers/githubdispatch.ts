import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGitHubDispatchNotifier } from '../notifiers/githubdispatch.js';
import { checkGitHubCredentials } from './github.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GITHUB_DISPATCH_PROVIDER: ProviderDescriptor = {
  type: 'githubdispatch',
  class: 'other',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGitHubCredentials,
  // GitHub documents no size for client_payload beyond its 10 top-level keys (Flux's event has 8).
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After',
  readme: {
    delivers:
      'a `repository_dispatch` event (`POST /repos/{owner}/{repo}/dispatches`): `event_type` `<Kind>/<name>.<namespace>`, the Flux event JSON as `client_payload`',
    credentials: '`address` (repository URL, https or ssh); `token`, or a GitHub App, as `github`',
  },
  createNotifier: createGitHubDispatchNotifier,
};
