import type { JsonPoster } from '../../http/post-json.js';
import { FLUX_RETRY_POLICY, type RetryPolicy } from '../../http/retry-policy.js';
import type { NotifierDeps, ProviderTarget } from '../notifier.js';
import { createTargetPoster } from '../target-poster.js';
import { checkTarget, configError } from '../target-validation.js';
import { parseGitAddress, pathSegments, type GitAddress } from './git-address.js';

/** The repository a git Provider's address names: where its host is and its path segments. */
export interface GitRepository extends GitAddress {
  readonly segments: readonly string[];
}

/**
 * The repository of a git type's address, with exactly `segmentCount` path segments (GitHub's
 * `owner/repo`, Azure DevOps' `org/project/_git/repo`), or a configuration error saying what
 * was expected. `segmentCount` undefined takes any non-empty path (GitLab's subgroups).
 */
export function gitRepositoryOf(
  target: ProviderTarget,
  expected: string,
  segmentCount?: number,
): GitRepository {
  const address = parseGitAddress(target.address);
  const segments =
    address === undefined
      ? undefined
      : segmentCount === undefined
        ? address.repositoryPath === ''
          ? undefined
          : address.repositoryPath.split('/')
        : pathSegments(address.repositoryPath, segmentCount);
  if (address === undefined || segments === undefined) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_REPOSITORY',
      `address is not a Git repository URL of the form ${expected}`,
    );
  }
  return { ...address, segments };
}

/**
 * The one client of a git Provider, with Flux's retries. The checks every notifier makes (proxy,
 * timeout, TLS) are made against the API base it calls rather than its repository address,
 * which may be an ssh one.
 */
export function createGitPoster(
  target: ProviderTarget,
  deps: NotifierDeps,
  apiBase: string,
  retryPolicy: RetryPolicy = FLUX_RETRY_POLICY,
): JsonPoster {
  const checked = checkTarget({ ...target, address: apiBase });
  return createTargetPoster(target, checked, deps, retryPolicy);
}

/** `encodeURIComponent` of each segment, for a path built of names from the address. */
export function pathOf(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}
