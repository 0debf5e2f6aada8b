import type { ProviderTarget } from '../notifier.js';
import { checkTarget, configError, type CheckedTarget } from '../target-validation.js';
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
 * The checks every notifier makes (proxy, timeout, TLS), made against the API base a git type
 * calls rather than its repository address, which may be an ssh one.
 */
export function checkGitTarget(target: ProviderTarget, apiBase: string): CheckedTarget {
  return checkTarget({ ...target, address: apiBase });
}

/** `encodeURIComponent` of each segment, for a path built of names from the address. */
export function pathOf(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}
