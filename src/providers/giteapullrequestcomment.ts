import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGiteaPullRequestCommentNotifier } from '../notifiers/giteapullrequestcomment.js';
import { checkGiteaCredentials } from './gitea.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GITEA_PULL_REQUEST_COMMENT_PROVIDER: ProviderDescriptor = {
  type: 'giteapullrequestcomment',
  class: 'git-change-request',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGiteaCredentials,
  // Gitea sets no documented limit on a comment body.
  messageLimit: undefined,
  rateLimits:
    '429 and 5xx retried, honouring Retry-After; a failed create is retried by looking the comment up again',
  readme: {
    delivers:
      'one comment per pull request (`event.toolkit.fluxcd.io/change_request`) and object, found by its `flux-pr-comment-key` marker among the first 100 by the same user and edited in place, else created',
    credentials: '`address` (repository URL, https or ssh); `token` (`Authorization: token`)',
  },
  createNotifier: createGiteaPullRequestCommentNotifier,
};
