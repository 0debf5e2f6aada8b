import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createGiteaNotifier } from '../notifiers/gitea.js';
import type { CredentialCheck, ProviderDescriptor } from './provider-descriptor.js';

/** A token, or (as Flux falls back on it) a password. */
export const checkGiteaCredentials: CredentialCheck = ({ token, password }, _secret, named) =>
  (token ?? '') === '' && (password ?? '') === ''
    ? `Gitea needs a token: no 'token' key in ${named}`
    : undefined;

export const GITEA_PROVIDER: ProviderDescriptor = {
  type: 'gitea',
  class: 'git',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGiteaCredentials,
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a commit status (`POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`) per event naming a commit: state `pending` (Progressing), `success` or `failure`, the reason as description, context `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when the latest status with that context is the same',
    credentials: '`address` (repository URL, https or ssh); `token` (`Authorization: token`)',
  },
  createNotifier: createGiteaNotifier,
};
