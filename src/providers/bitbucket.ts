import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createBitbucketNotifier } from '../notifiers/bitbucket.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const BITBUCKET_PROVIDER: ProviderDescriptor = {
  type: 'bitbucket',
  class: 'git',
  readAddress: readGitRepositoryAddress,
  checkCredentials: ({ token }, _secret, named) => {
    if ((token ?? '') === '') return `Bitbucket needs a token: no 'token' key in ${named}`;
    return token?.split(':').length === 2
      ? undefined
      : `the 'token' key of ${named} must be <user>:<app-password>`;
  },
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a build status on api.bitbucket.org (`POST /2.0/repositories/{workspace}/{repo}/commit/{sha}/statuses/build`) per event naming a commit: state `SUCCESSFUL`/`FAILED`, key the SHA-1 of `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when the status under that key is the same',
    credentials:
      '`address` (repository URL, https or ssh); `token` as `<user>:<app-password>` (basic auth; `x-token-auth:<token>` sends a bearer token)',
  },
  createNotifier: (target, deps) => createBitbucketNotifier(target, deps),
};
