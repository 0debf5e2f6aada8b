import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGitLabMergeRequestCommentNotifier } from '../notifiers/gitlabmergerequestcomment.js';
import { checkGitLabCredentials } from './gitlab.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

/** GitLab's limit on a note, in characters. */
export const GITLAB_NOTE_MAX_CHARACTERS = 1_000_000;

export const GITLAB_MERGE_REQUEST_COMMENT_PROVIDER: ProviderDescriptor = {
  type: 'gitlabmergerequestcomment',
  class: 'git-change-request',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGitLabCredentials,
  messageLimit: { max: GITLAB_NOTE_MAX_CHARACTERS, unit: 'characters', of: 'the note body' },
  rateLimits:
    '429 and 5xx retried, honouring Retry-After; a failed create is retried by looking the note up again',
  readme: {
    delivers:
      'one note per merge request (`event.toolkit.fluxcd.io/change_request`) and object, found by its `flux-mr-comment-key` marker among the first 100 by the same user and updated in place, else created',
    credentials: '`address` (project URL, https or ssh); `token` (`PRIVATE-TOKEN`)',
  },
  createNotifier: createGitLabMergeRequestCommentNotifier,
};
