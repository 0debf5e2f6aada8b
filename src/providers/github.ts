import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { GITHUB_APP_KEYS } from '../notifiers/github-app-token.js';
import { createGitHubNotifier } from '../notifiers/github.js';
import type { CredentialCheck, ProviderDescriptor } from './provider-descriptor.js';

/**
 * A token (or, as Flux falls back, a password), else a GitHub App: its ID, installation ID and
 * private key in the credentials Secret.
 */
export const checkGitHubCredentials: CredentialCheck = (
  { token, password, secretData },
  _secret,
  named,
) => {
  if ((token ?? '') !== '' || (password ?? '') !== '') return undefined;
  if (secretData?.[GITHUB_APP_KEYS.appId] === undefined) {
    return `GitHub needs a token or a GitHub App: no 'token' or '${GITHUB_APP_KEYS.appId}' key in ${named}`;
  }
  for (const key of [GITHUB_APP_KEYS.installationId, GITHUB_APP_KEYS.privateKey]) {
    if ((secretData[key] ?? '') === '') return `GitHub App: no '${key}' key in ${named}`;
  }
  return undefined;
};

export const GITHUB_PROVIDER: ProviderDescriptor = {
  type: 'github',
  class: 'git',
  readAddress: readGitRepositoryAddress,
  checkCredentials: checkGitHubCredentials,
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a commit status (`POST /repos/{owner}/{repo}/statuses/{sha}`, github.com or Enterprise `/api/v3`) per event naming a commit: state `success`/`failure`, the reason as description, context `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when the latest status with that context is the same',
    credentials:
      '`address` (repository URL, https or ssh); `token`, or a GitHub App: `githubAppID`, `githubAppInstallationID`, `githubAppPrivateKey` (`githubAppBaseURL` for Enterprise)',
  },
  createNotifier: createGitHubNotifier,
};
