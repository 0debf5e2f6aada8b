import type { JsonPoster } from '../../http/post-json.js';
import type { NotifierDeps, ProviderTarget } from '../notifier.js';
import { configError } from '../target-validation.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git-target.js';
import { parseJsonAnswer, stringField } from './json-answer.js';

/** A Gitea Provider's repository, client and credentials, as both Gitea types need them. */
export interface GiteaClient {
  readonly apiBase: string;
  /** `<api>/repos/{owner}/{repo}`. */
  readonly repoPath: string;
  readonly poster: JsonPoster;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * What the Gitea SDK does when Flux builds its client, each event: ask the server's version
   * (`GET /api/v1/version`), which fails on a host that is no Gitea.
   */
  readonly checkServer: (signal: AbortSignal) => Promise<void>;
}

export function giteaClientOf(target: ProviderTarget, deps: NotifierDeps): GiteaClient {
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  // As Flux: the password stands in for a missing token.
  const token = (target.token ?? '') === '' ? (target.password ?? '') : (target.token ?? '');
  if (token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'gitea token cannot be empty');
  }
  const apiBase = `${repository.origin}/api/v1`;
  const poster = createGitPoster(target, deps, apiBase);
  const headers = { Authorization: `token ${token}` };
  return {
    apiBase,
    repoPath: `${apiBase}/repos/${pathOf(owner, repo)}`,
    poster,
    headers,
    checkServer: async (signal) => {
      const receipt = await poster.post(
        { method: 'GET', url: `${apiBase}/version`, body: Buffer.alloc(0), headers },
        signal,
      );
      if (stringField(parseJsonAnswer(receipt.body), 'version') === undefined) {
        throw new Error(`${apiBase}/version answered no Gitea version`);
      }
    },
  };
}
