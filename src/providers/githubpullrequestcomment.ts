import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGitHubPullRequestCommentNotifier } from '../notifiers/githubpullrequestcomment.js';
import { checkGitHubCredentials } from './github.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

/** GitHub's limit on a comment body, in characters. */
export const GITHUB_COMMENT_MAX_CHARACTERS = 65_536;

export const GITHUB_PULL_REQUEST_COMMENT_PROVIDER: ProviderDescriptor = {
  type: 'githubpullrequestcomment',
  class: 'git-change-request',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGitHubCredentials,
  messageLimit: { max: GITHUB_COMMENT_MAX_CHARACTERS, unit: 'characters', of: 'the comment body' },
  rateLimits:
    '429 and 5xx retried, honouring Retry-After; a failed create is retried by looking the comment up again',
  readme: {
    delivers:
      'one comment per pull request (`event.toolkit.fluxcd.io/change_request`) and object, found by its `flux-pr-comment-key` marker among the first 100 by the same author and edited in place, else created: the object, the message and the metadata',
    credentials:
      '`address` (repository URL, https or ssh); `token`, or a GitHub App (comments as `<slug>[bot]`), as `github`',
  },
  createNotifier: createGitHubPullRequestCommentNotifier,
};
