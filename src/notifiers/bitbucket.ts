import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import { bitbucketStatusKey } from './git/commit-status-key.js';
import { commitStatusDescription, commitStatusName } from './git/commit-status-description.js';
import { createCommitStatusNotifier } from './git/commit-status-notifier.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git/git-target.js';
import { stringField } from './git/json-answer.js';
import { statusByKey } from './git/status-by-key.js';

/** Bitbucket Cloud's API, whatever host the repository address names (as Flux's client). */
export const BITBUCKET_API_BASE = 'https://api.bitbucket.org/2.0';

/** The link Flux gives every status. */
const STATUS_URL = 'https://bitbucket.org';

/** Usernames whose "password" is an access token, sent as a bearer token (as Flux). */
const TOKEN_USERNAMES: ReadonlySet<string> = new Set([
  'x-token-auth',
  'x-bitbucket-api-token-auth',
]);

/** The Authorization header for Flux's `<user>:<app-password>` token. */
function authorizationOf(target: ProviderTarget): string {
  const parts = (target.token ?? '').split(':');
  if (target.token === undefined || target.token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'bitbucket token cannot be empty');
  }
  const [username = '', password = ''] = parts;
  if (parts.length !== 2) {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      'invalid token format, expected to be <user>:<password>',
    );
  }
  return TOKEN_USERNAMES.has(username)
    ? `Bearer ${password}`
    : `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * Flux's `bitbucket` notifier (Bitbucket Cloud): a build status per event, keyed by the SHA-1 of
 * the status id (`POST /repositories/{workspace}/{repo}/commit/{sha}/statuses/build`), unless
 * the status under that key already has the same state and description. `apiBase` is for tests.
 */
export function createBitbucketNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  apiBase = BITBUCKET_API_BASE,
): Notifier {
  const repository = gitRepositoryOf(target, 'https://bitbucket.org/<workspace>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  const headers = { Authorization: authorizationOf(target) };
  const poster = createGitPoster(target, deps, apiBase);
  const repoPath = `${apiBase}/repositories/${pathOf(owner, repo)}`;
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const key = bitbucketStatusKey(update.id);
      const state = update.severity === 'info' ? 'SUCCESSFUL' : 'FAILED';
      const description = commitStatusDescription(update.event);
      const statuses = `${repoPath}/commit/${pathOf(update.sha)}/statuses/build`;
      const existing = await statusByKey(poster, `${statuses}/${key}`, headers, signal);
      if (
        stringField(existing, 'state') === state &&
        stringField(existing, 'description') === description
      ) {
        return;
      }
      // go-bitbucket's CommitStatusOptions, in its field order, through json.Marshal.
      const body =
        `{"key":${goJsonString(key)},"url":${goJsonString(STATUS_URL)},"state":${goJsonString(state)},` +
        `"name":${goJsonString(commitStatusName(update.event))},"description":${goJsonString(description)}}`;
      await poster.post({ url: statuses, body: Buffer.from(body), headers }, signal);
    },
  });
}
