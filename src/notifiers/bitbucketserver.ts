import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import { bitbucketStatusKey } from './git/commit-status-key.js';
import { commitStatusDescription, commitStatusName } from './git/commit-status-description.js';
import { createCommitStatusNotifier } from './git/commit-status-notifier.js';
import { parseGitAddress, pathSegments } from './git/git-address.js';
import { createGitPoster, pathOf } from './git/git-target.js';
import { stringField } from './git/json-answer.js';
import { statusByKey } from './git/status-by-key.js';

/** Where a Bitbucket Server (Data Center) repository is, from its http(s) clone URL. */
interface BitbucketServerRepository {
  /** `https://host[:port]` and the context path, if the server has one. */
  readonly base: string;
  readonly projectKey: string;
  readonly slug: string;
}

/**
 * Flux's reading of the address: an http(s) clone URL, `<host>[/<context>]/scm/<project>/<repo>`;
 * whatever stands before the last `/scm/` is the server's context path.
 */
function repositoryOf(target: ProviderTarget): BitbucketServerRepository {
  const invalid = () =>
    configError(
      target,
      'HERALD_PROVIDER_INVALID_REPOSITORY',
      'address is not a Bitbucket Server http(s) clone URL of the form https://<host>[/<context>]/scm/<project>/<repo>',
    );
  const address = /^https?:\/\//i.test(target.address)
    ? parseGitAddress(target.address)
    : undefined;
  if (address === undefined) throw invalid();
  const path = `/${address.repositoryPath}`;
  const scm = path.lastIndexOf('/scm/');
  const segments = scm === -1 ? undefined : pathSegments(path.slice(scm + '/scm/'.length), 2);
  if (segments === undefined) throw invalid();
  const [projectKey = '', slug = ''] = segments;
  return { base: `${address.origin}${path.slice(0, scm)}`, projectKey, slug };
}

function authorizationOf(target: ProviderTarget): string {
  const { token = '', username = '', password = '' } = target;
  if (token !== '') return `Bearer ${token}`;
  if (username === '' || password === '') {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      'invalid credentials, expected to be one of username/password or API Token',
    );
  }
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * Flux's `bitbucketserver` notifier: a build status per event
 * (`POST /rest/api/latest/projects/{project}/repos/{repo}/commits/{sha}/builds`), keyed by the
 * SHA-1 of the status id and named `<kind>/<name> [<description>]`, unless the status under that
 * key is already the same. The Provider address is the status link.
 */
export function createBitbucketServerNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
): Notifier {
  const repository = repositoryOf(target);
  const headers = {
    Authorization: authorizationOf(target),
    'X-Atlassian-Token': 'no-check',
    'X-Requested-With': 'XMLHttpRequest',
  };
  const apiBase = `${repository.base}/rest/api/latest`;
  const poster = createGitPoster(target, deps, apiBase);
  const repoPath = `${apiBase}/projects/${pathOf(repository.projectKey)}/repos/${pathOf(repository.slug)}`;
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const description = commitStatusDescription(update.event);
      // Bitbucket Server shows the name alone: Flux puts the description in it.
      const status = {
        key: bitbucketStatusKey(update.id),
        state: update.severity === 'info' ? 'SUCCESSFUL' : 'FAILED',
        name: `${commitStatusName(update.event)} [${description}]`,
        description,
      };
      const builds = `${repoPath}/commits/${pathOf(update.sha)}/builds`;
      const existing = await statusByKey(poster, `${builds}?key=${status.key}`, headers, signal);
      if (
        stringField(existing, 'key') === status.key &&
        stringField(existing, 'state') === status.state &&
        stringField(existing, 'description') === status.description &&
        stringField(existing, 'name') === status.name
      ) {
        return;
      }
      // Flux's request struct, in its field order, through json.Encoder (a closing newline).
      const body =
        `{"description":${goJsonString(status.description)},"key":${goJsonString(status.key)},` +
        `"name":${goJsonString(status.name)},"state":${goJsonString(status.state)},` +
        `"url":${goJsonString(target.address)}}\n`;
      await poster.post({ url: builds, body: Buffer.from(body), headers }, signal);
    },
  });
}
