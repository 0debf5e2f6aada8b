import type { JsonPoster } from '../../http/post-json.js';
import {
  createGitHubAppTokenSource,
  githubAppCredentialsOf,
  type GitHubTokenSource,
} from '../github-app-token.js';
import type { NotifierDeps, ProviderTarget } from '../notifier.js';
import { configError } from '../target-validation.js';
import { createGitPoster, gitRepositoryOf, pathOf, type GitRepository } from './git-target.js';

/** What go-github, Flux's client, sends with every call. */
export const GITHUB_HEADERS: Readonly<Record<string, string>> = {
  Accept: 'application/vnd.github.v3+json',
  'X-GitHub-Api-Version': '2022-11-28',
};

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

/** A GitHub Provider's repository, its client and credentials, as every GitHub type needs them. */
export interface GitHubClient {
  readonly apiBase: string;
  /** `<api>/repos/{owner}/{repo}`. */
  readonly repoPath: string;
  readonly poster: JsonPoster;
  readonly tokens: GitHubTokenSource;
  /** go-github's headers and the current token. */
  readonly headers: (signal: AbortSignal) => Promise<Record<string, string>>;
}

export function githubClientOf(target: ProviderTarget, deps: NotifierDeps): GitHubClient {
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  const apiBase = githubApiBase(repository);
  const poster = createGitPoster(target, deps, apiBase);
  const tokens = githubTokenSource(target, poster, deps);
  return {
    apiBase,
    repoPath: `${apiBase}/repos/${pathOf(owner, repo)}`,
    poster,
    tokens,
    headers: async (signal) => ({
      ...GITHUB_HEADERS,
      Authorization: `Bearer ${await tokens.token(signal)}`,
    }),
  };
}
