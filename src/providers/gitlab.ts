import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGitLabNotifier } from '../notifiers/gitlab.js';
import type { CredentialCheck, ProviderDescriptor } from './provider-descriptor.js';

export const checkGitLabCredentials: CredentialCheck = ({ token }, _secret, named) =>
  (token ?? '') === '' ? `GitLab needs a token: no 'token' key in ${named}` : undefined;

export const GITLAB_PROVIDER: ProviderDescriptor = {
  type: 'gitlab',
  class: 'git',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGitLabCredentials,
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a commit status (`POST /api/v4/projects/{path}/statuses/{sha}`, subgroups included) per event naming a commit: state `success`/`failed`, the reason as description, name `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when GitLab lists the same one',
    credentials: '`address` (project URL, https or ssh); `token` (`PRIVATE-TOKEN`)',
  },
  createNotifier: createGitLabNotifier,
};
