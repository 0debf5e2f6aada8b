import type { JsonPoster } from '../../http/post-json.js';
import type { NotifierDeps, ProviderTarget } from '../notifier.js';
import { configError } from '../target-validation.js';
import { createGitPoster, gitRepositoryOf } from './git-target.js';

/** A GitLab Provider's project, client and credentials, as both GitLab types need them. */
export interface GitLabClient {
  readonly apiBase: string;
  /** `<api>/projects/{URL-encoded path}`: subgroups and all. */
  readonly projectPath: string;
  readonly poster: JsonPoster;
  readonly headers: Readonly<Record<string, string>>;
}

export function gitlabClientOf(target: ProviderTarget, deps: NotifierDeps): GitLabClient {
  const repository = gitRepositoryOf(target, 'https://<host>/<group>[/<subgroup>…]/<project>');
  const token = target.token ?? '';
  if (token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'gitlab token cannot be empty');
  }
  const apiBase = `${repository.origin}/api/v4`;
  return {
    apiBase,
    projectPath: `${apiBase}/projects/${encodeURIComponent(repository.repositoryPath)}`,
    poster: createGitPoster(target, deps, apiBase),
    headers: { 'PRIVATE-TOKEN': token },
  };
}
