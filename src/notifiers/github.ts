import {
  createGitHubAppTokenSource,
  githubAppCredentialsOf,
  type GitHubTokenSource,
} from './github-app-token.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import { commitStatusDescription } from './git/commit-status-description.js';
import {
  createCommitStatusNotifier,
  type CommitStatusUpdate,
} from './git/commit-status-notifier.js';
import { createGitPoster, gitRepositoryOf, pathOf, type GitRepository } from './git/git-target.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { isLatestStatus, type ListedStatus } from './git/latest-status.js';
import type { JsonPoster } from '../http/post-json.js';

/** What go-github, Flux's client, sends with every call. */
export const GITHUB_HEADERS: Readonly<Record<string, string>> = {
  Accept: 'application/vnd.github.v3+json',
  'X-GitHub-Api-Version': '2022-11-28',
};

/** Flux lists one page of 50 statuses to find a duplicate. */
const STATUS_PAGE_SIZE = 50;

/** github.com's API lives on its own host; GitHub Enterprise serves it under `/api/v3`. */
export function githubApiBase(repository: GitRepository): string {
  return new URL(repository.origin).host === 'github.com'
    ? 'https://api.github.com'
    : `${repository.origin}/api/v3`;
}

/**
 * The token a GitHub Provider calls with: the Secret's `token` (its `password` when there is
 * none, as Flux), else a GitHub App's installation token.
 */
export function githubTokenSource(
  target: ProviderTarget,
  poster: JsonPoster,
  deps: NotifierDeps,
): GitHubTokenSource {
  const token = target.token ?? '';
  const fixed = token === '' ? (target.password ?? '') : token;
  if (fixed !== '') return { token: () => Promise.resolve(fixed) };
  const app = githubAppCredentialsOf(target);
  if (app === undefined) {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      'a github token or GitHub App details must be specified',
    );
  }
  return createGitHubAppTokenSource(app, poster, deps.clock);
}

/** Flux's states: info → success, error → failure. */
function githubState(update: CommitStatusUpdate): string {
  return update.severity === 'info' ? 'success' : 'failure';
}

/**
 * Flux's `github` notifier: a commit status per event (`POST /repos/{owner}/{repo}/statuses/{sha}`),
 * unless the latest status with the same context already has the same state and description.
 */
export function createGitHubNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  const apiBase = githubApiBase(repository);
  const poster = createGitPoster(target, deps, apiBase);
  const tokens = githubTokenSource(target, poster, deps);
  const repoPath = `${apiBase}/repos/${pathOf(owner, repo)}`;
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const headers = { ...GITHUB_HEADERS, Authorization: `Bearer ${await tokens.token(signal)}` };
      const status = {
        state: githubState(update),
        description: commitStatusDescription(update.event),
        context: update.id,
      };
      const listed = await poster.post(
        {
          method: 'GET',
          url: `${repoPath}/commits/${pathOf(update.sha)}/statuses?per_page=${STATUS_PAGE_SIZE}`,
          body: Buffer.alloc(0),
          headers,
        },
        signal,
      );
      if (isLatestStatus(listedStatuses(parseJsonAnswer(listed.body)), status)) return;
      await poster.post(
        {
          url: `${repoPath}/statuses/${pathOf(update.sha)}`,
          body: Buffer.from(`${JSON.stringify(status)}\n`),
          headers,
        },
        signal,
      );
    },
  });
}

/** GitHub's listed statuses, for the duplicate check. */
function listedStatuses(answer: unknown): ListedStatus[] {
  return Array.isArray(answer)
    ? (answer as unknown[]).map((entry) => ({
        context: stringField(entry, 'context'),
        state: stringField(entry, 'state'),
        description: stringField(entry, 'description'),
      }))
    : [];
}
